'use client';
import { memo, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import {
  ArrowToolbarItem,
  AssetToolbarItem,
  CloudToolbarItem,
  DefaultToolbar,
  DiamondToolbarItem,
  DrawToolbarItem,
  EllipseToolbarItem,
  EraserToolbarItem,
  FrameToolbarItem,
  HandToolbarItem,
  HexagonToolbarItem,
  HighlightToolbarItem,
  LaserToolbarItem,
  LineToolbarItem,
  NoteToolbarItem,
  OvalToolbarItem,
  RectangleToolbarItem,
  SelectToolbarItem,
  StarToolbarItem,
  TextToolbarItem,
  Tldraw,
  TriangleToolbarItem,
  toRichText,
  useTldrawCurrentUser,
  useValue,
  type Editor,
  type TLUserPreferences,
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
import { BoardHelperButtons, BoardSharePanel, BringEveryoneContext } from '../canvas/FollowUi';
import { Palette, focusPalette } from '../canvas/Palette';
import { CAMERA_OPTIONS, fitInView } from '../canvas/camera';
import { rememberCamera } from '../canvas/cameraMemory';
import { withWholeBoard } from '../../lib/board/tldraw';
import type { Identity } from './identity';

// Fonts, icons and translations come from our own server, never a CDN. Embeds are not offered
// (FramelessEmbedShapeUtil), so their dialog's 20 site icons are not preloaded as the editor mounts.
const tldrawAssetUrls = getAssetUrls({ baseUrl: TLDRAW_ASSETS_PATH });
const assetUrls = {
  ...tldrawAssetUrls,
  embedIcons: Object.fromEntries(Object.keys(tldrawAssetUrls.embedIcons).map((site) => [site, ''])),
};

/** tldraw's toolbar with the laser pointer third, so it is one click away at every width. */
function BoardToolbar() {
  return (
    <DefaultToolbar>
      <SelectToolbarItem />
      <HandToolbarItem />
      <LaserToolbarItem />
      <DrawToolbarItem />
      <EraserToolbarItem />
      <ArrowToolbarItem />
      <TextToolbarItem />
      <NoteToolbarItem />
      <RectangleToolbarItem />
      <EllipseToolbarItem />
      <DiamondToolbarItem />
      <LineToolbarItem />
      <FrameToolbarItem />
      <AssetToolbarItem />
      <TriangleToolbarItem />
      <HexagonToolbarItem />
      <OvalToolbarItem />
      <StarToolbarItem />
      <CloudToolbarItem />
      <HighlightToolbarItem />
    </DefaultToolbar>
  );
}

const components: TLComponents = {
  Toolbar: BoardToolbar,
  ContextMenu: BoardContextMenu,
  StylePanel: BoardStylePanel,
  OnTheCanvas: FocusOverlay,
  HelperButtons: BoardHelperButtons,
  SharePanel: BoardSharePanel,
};

/** tldraw's options: only the camera's zoom range differs from its defaults (see camera.ts). */
const options = { camera: CAMERA_OPTIONS };

const overrides: TLUiOverrides = {
  actions(editor, actions) {
    // Embeds load pages from other hosts: not offered (FramelessEmbedShapeUtil).
    const { 'insert-embed': _embed, ...offered } = actions;
    const fit = offered['zoom-to-fit'];
    // Select all, zoom to fit, the exports: never on a part of a large board still loading.
    return withWholeBoard(editor.store, {
      ...offered,
      // Zoom to fit keeps the drawing clear of tldraw's own menus (camera.ts).
      ...(fit && {
        'zoom-to-fit': {
          ...fit,
          onSelect: () => {
            const b = editor.getCurrentPageBounds();
            if (!b) return;
            const styleOpen = editor.getSelectedShapeIds().length > 0;
            fitInView(editor, { x: b.x, y: b.y, w: b.w, h: b.h }, { maxZoom: 1, styleOpen });
          },
        },
      }),
      'boardroom.palette': {
        id: 'boardroom.palette',
        label: 'boardroom.palette',
        kbd: 'c',
        onSelect: () => focusPalette(),
      },
    });
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

/** BoardCanvas's props, but `env`. */
interface CanvasBodyProps {
  store: TLStore;
  /** Remembers the camera in this browser for this board and restores it (cameraMemory.ts). */
  boardId?: string;
  /** The interviewer's "Bring everyone to me" (FollowUi.tsx); absent for everyone else. */
  onBringEveryone?: () => void;
  /** Who this is: tldraw's own menus show the same name and colour as the header. */
  identity?: Identity;
  /** A new name given in tldraw's people menu. */
  onRename?: (name: string) => void;
  onEditor: (editor: Editor | null) => void;
}

/**
 * The shared tldraw canvas with the component kit; reports its editor so the panel can place
 * notes and zoom. `env` (the board document and who acts) feeds the kit's focus and estimates.
 * A new `env` (the review page gives one on every seek) reaches the kit's components through
 * context only: tldraw itself is not rendered again for it.
 */
export default function BoardCanvas({ env, ...body }: CanvasBodyProps & { env: CanvasEnv | null }) {
  return (
    <CanvasEnvProvider value={env}>
      <CanvasBody {...body} />
    </CanvasEnvProvider>
  );
}

const CanvasBody = memo(function CanvasBody({
  store,
  boardId,
  onBringEveryone,
  identity,
  onRename,
  onEditor,
}: CanvasBodyProps) {
  const [editor, setEditor] = useState<Editor | null>(null);
  const [prefs, setPrefs] = useState<Omit<TLUserPreferences, 'id' | 'name' | 'color'>>({});
  const userPreferences = useMemo<TLUserPreferences>(
    () => ({ ...prefs, id: identity?.id ?? 'viewer', name: identity?.name, color: identity?.color }),
    [prefs, identity],
  );
  // Stable: a new function would give tldraw a new user, and it would start a new editor.
  const latest = useRef({ identity, onRename });
  useEffect(() => {
    latest.current = { identity, onRename };
  });
  const setUserPreferences = useCallback(({ id: _id, name, color: _color, ...rest }: TLUserPreferences) => {
    setPrefs(rest);
    const { identity: who, onRename: rename } = latest.current;
    if (name && who && name !== who.name) rename?.(name);
  }, []);
  const user = useTldrawCurrentUser({ userPreferences, setUserPreferences });
  return (
    <BringEveryoneContext.Provider value={onBringEveryone ?? null}>
      <div className="board-canvas">
        {editor && <EditablePalette editor={editor} />}
        <div className="board-canvas__tldraw">
          <Tldraw
            store={store}
            user={identity ? user : undefined}
            shapeUtils={CUSTOM_SHAPE_UTILS}
            components={components}
            overrides={overrides}
            options={options}
            assetUrls={assetUrls}
            licenseKey={process.env.NEXT_PUBLIC_TLDRAW_LICENSE_KEY || undefined}
            onMount={(mounted) => {
              performance.mark('boardroom:editor-mounted');
              pasteLinksAsText(mounted);
              const forgetCamera = boardId ? rememberCamera(mounted, boardId) : null;
              setEditor(mounted);
              onEditor(mounted);
              return () => {
                forgetCamera?.();
                setEditor(null);
                onEditor(null);
              };
            }}
          />
        </div>
      </div>
    </BringEveryoneContext.Provider>
  );
});
