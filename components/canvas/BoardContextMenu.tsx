'use client';
/** tldraw's context menu with the board's own items first: deep-dive focus for the selection. */
import {
  DefaultContextMenu,
  DefaultContextMenuContent,
  TldrawUiMenuGroup,
  TldrawUiMenuItem,
  useEditor,
  useValue,
  type TLUiContextMenuProps,
} from 'tldraw';
import { focusedShapes } from '../../lib/board/focus';
import { useBoardValue, useCanvasEnv } from './CanvasEnv';
import { toggleFocus } from './focusActions';

/** Translation keys of our menu items (tldraw translates every label). */
export const CONTEXT_MENU_TRANSLATIONS = {
  'boardroom.focus.mark': 'Mark as deep-dive focus',
  'boardroom.focus.unmark': 'Unmark deep-dive focus',
} as const;

/** The context menu. */
export function BoardContextMenu(props: TLUiContextMenuProps) {
  return (
    <DefaultContextMenu {...props}>
      <FocusItems />
      <DefaultContextMenuContent />
    </DefaultContextMenu>
  );
}

function FocusItems() {
  const editor = useEditor();
  const env = useCanvasEnv();
  const focused = useBoardValue(focusedShapes);
  const selected = useValue('selection', () => editor.getSelectedShapeIds(), [editor]);
  const readOnly = useValue('read-only', () => editor.getIsReadonly(), [editor]);
  if (!env || readOnly || selected.length === 0) return null;
  const all = selected.every((id) => focused?.has(id));
  return (
    <TldrawUiMenuGroup id="boardroom-focus">
      <TldrawUiMenuItem
        id="boardroom-focus-toggle"
        label={all ? 'boardroom.focus.unmark' : 'boardroom.focus.mark'}
        onSelect={() => toggleFocus(editor, env, selected)}
      />
    </TldrawUiMenuGroup>
  );
}
