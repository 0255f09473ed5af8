'use client';
import { Tldraw, toRichText, type Editor, type TLStore } from 'tldraw';
import { getAssetUrls } from '@tldraw/assets/selfHosted';
import 'tldraw/tldraw.css';
import { TLDRAW_ASSETS_PATH } from '../../lib/assets';

// Fonts, icons and translations come from our own server, never a CDN.
const assetUrls = getAssetUrls({ baseUrl: TLDRAW_ASSETS_PATH });

/**
 * A pasted link becomes plain text. tldraw's default fetches the linked page for a preview
 * (or embeds it), which would send a request to another host.
 */
function pasteLinksAsText(editor: Editor): void {
  editor.registerExternalContentHandler('url', ({ url, point }) => {
    const at = point ?? editor.getViewportPageBounds().center;
    editor.markHistoryStoppingPoint('paste link');
    editor.createShape({ type: 'text', x: at.x, y: at.y, props: { richText: toRichText(url) } });
  });
}

/** The shared tldraw canvas; reports its editor so the panel can place notes and zoom. */
export default function BoardCanvas({
  store,
  onEditor,
}: {
  store: TLStore;
  onEditor: (editor: Editor | null) => void;
}) {
  return (
    <Tldraw
      store={store}
      assetUrls={assetUrls}
      licenseKey={process.env.NEXT_PUBLIC_TLDRAW_LICENSE_KEY || undefined}
      onMount={(editor) => {
        performance.mark('boardroom:editor-mounted');
        pasteLinksAsText(editor);
        onEditor(editor);
        return () => onEditor(null);
      }}
    />
  );
}
