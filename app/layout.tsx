import type { Metadata, Viewport } from 'next';
import './globals.css';

export const metadata: Metadata = {
  title: { default: 'Boardroom', template: '%s · Boardroom' },
  description: 'A shared whiteboard for system-design interviews.',
};

// Every page gets a fresh CSP nonce and the server's page context, so nothing is prerendered.
export const dynamic = 'force-dynamic';

export const viewport: Viewport = { width: 'device-width', initialScale: 1 };

/** The root layout. */
export default function RootLayout({ children }: { children: React.ReactNode }) {
  return (
    <html lang="en">
      <body>{children}</body>
    </html>
  );
}
