'use client';
import { useState } from 'react';
import type { Editor } from 'tldraw';
import type { BoardMeta } from '../../lib/api';
import { fileNameFor } from '../../lib/fileName';
import { download, exportPng, exportSvg, exportTldr } from './exports';

/** Export buttons: PNG and SVG of the canvas as shown, the .tldr file, the Markdown summary. */
export function ExportMenu({ board, editor }: { board: BoardMeta; editor: Editor | null }) {
  const [message, setMessage] = useState<string | null>(null);
  const base = fileNameFor(board.title);
  const run = async (what: string, make: (e: Editor) => Promise<Blob | null>, ext: string) => {
    if (!editor) return;
    setMessage(null);
    try {
      const blob = await make(editor);
      if (!blob) return setMessage('Nothing on the canvas at this moment.');
      download(blob, `${base}.${ext}`);
    } catch (err) {
      setMessage(`${what} export failed: ${err instanceof Error ? err.message : String(err)}`);
    }
  };
  return (
    <div className="exports" role="group" aria-label="Export">
      <span className="muted">Export:</span>
      <button
        type="button"
        className="icon-button"
        disabled={!editor}
        onClick={() => run('PNG', exportPng, 'png')}
      >
        PNG
      </button>
      <button
        type="button"
        className="icon-button"
        disabled={!editor}
        onClick={() => run('SVG', exportSvg, 'svg')}
      >
        SVG
      </button>
      <button
        type="button"
        className="icon-button"
        disabled={!editor}
        onClick={() => run('.tldr', exportTldr, 'tldr')}
      >
        .tldr
      </button>
      <a
        className="icon-button"
        href={`/api/boards/${board.id}/summary.md?download=1`}
        download={`${base}.md`}
      >
        Markdown
      </a>
      {message && (
        <span role="status" className="muted">
          {message}
        </span>
      )}
    </div>
  );
}
