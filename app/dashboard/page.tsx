import type { Metadata } from 'next';
import { preload } from 'react-dom';
import { BOARDS_PATH } from '../../lib/api';
import { Dashboard } from '../../components/dashboard/Dashboard';

export const metadata: Metadata = { title: 'Boards' };

/** `/dashboard` (interviewers; the server redirects everyone else to sign in). */
export default function DashboardPage() {
  // The browser asks for the boards with the HTML, while the page's code loads, not once it runs.
  preload(BOARDS_PATH, { as: 'fetch', crossOrigin: 'anonymous' });
  return <Dashboard />;
}
