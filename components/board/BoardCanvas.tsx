'use client';
import { useState } from 'react';
import {
  Tldraw,
  toRichText,
  useValue,
  type Editor,
  type TLComponents,
  type TLStore,
  type TLUiOverrides,
} from 'tldraw';
import { getAssetUrls } from '@tldraw/assets/selfHosted';
import 'tldraw/tldraw.css';
import '../canvas/kit.css';
import { TLDRAW_ASSETS_PATH } from '../../lib/assets';
import { CUSTOM_SHAPE_UTILS } from '../canvas/shapeUtils';
import { CanvasEnvProvider, type CanvasEnv } from '../canvas/CanvasEnv';
import { BoardContextMenu, CONTEXT_MENU_TRANSLATIONS } from '../canvas/BoardContextMenu';
import { BoardStylePanel } from '../canvas/ComponentProperties';
import { FocusOverlay } from '../canvas/FocusOverlay';
import { Palette, focusPalette } from '../canvas/Palette';

// Fonts, icons and translations come from our own server, never a CDN.
const assetUrls = getAssetUrls({ baseUrl: TLDRAW_ASSETS_PATH });

const components: TLComponents = {
  ContextMenu: BoardContextMenu,
  StylePanel: BoardStylePanel,
  OnTheCanvas: FocusOverlay,
};

const overrides: TLUiOverrides = {
  actions(_editor, actions) {
    return {
      ...actions,
      'boardroom.palette': {
        id: 'boardroom.palette',
        label: 'boardroom.palette',
        kbd: 'c',
        onSelect: () => focusPalette(),
      },
    };
  },
  translations: { en: { ...CONTEXT_MENU_TRANSLATIONS, 'boardroom.palette': 'Add a component' } },
};

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

/** The palette, while this person may edit the board. */
function EditablePalette({ editor }: { editor: Editor }) {
  const readOnly = useValue('read-only', () => editor.getIsReadonly(), [editor]);
  return readOnly ? null : <Palette editor={editor} />;
}

/**
 * The shared tldraw canvas with the component kit; reports its editor so the panel can place
 * notes and zoom. `env` (the board document and who acts) feeds the kit's focus and estimates.
 */
export default function BoardCanvas({
  store,
  env,
  onEditor,
}: {
  store: TLStore;
  env: CanvasEnv | null;
  onEditor: (editor: Editor | null) => void;
}) {
  const [editor, setEditor] = useState<Editor | null>(null);
  return (
    <CanvasEnvProvider value={env}>
      <div className="board-canvas">
        {editor && <EditablePalette editor={editor} />}
        <div className="board-canvas__tldraw">
          <Tldraw
            store={store}
            shapeUtils={CUSTOM_SHAPE_UTILS}
            components={components}
            overrides={overrides}
            assetUrls={assetUrls}
            licenseKey={process.env.NEXT_PUBLIC_TLDRAW_LICENSE_KEY || undefined}
            onMount={(mounted) => {
              performance.mark('boardroom:editor-mounted');
              pasteLinksAsText(mounted);
              setEditor(mounted);
              onEditor(mounted);
              return () => {
                setEditor(null);
                onEditor(null);
              };
            }}
          />
        </div>
      </div>
    </CanvasEnvProvider>
  );
}
