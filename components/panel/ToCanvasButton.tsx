'use client';
import { usePanelEditor } from './PanelContext';
import { placeNote } from './canvas';

/** "To canvas": places `note()` as a sticky note where the person is looking (null: nothing to place). */
export function ToCanvasButton({ note }: { note: () => string | null }) {
  const editor = usePanelEditor();
  return (
    <button
      type="button"
      className="icon-button"
      disabled={!editor || note() === null}
      onClick={() => {
        const text = note();
        if (editor && text !== null) placeNote(editor, text);
      }}
    >
      To canvas
    </button>
  );
}
