'use client';
import { useState } from 'react';
import type { Editor } from 'tldraw';
import type { BoardMeta } from '../../lib/api';
import { fileNameFor } from '../../lib/fileName';
import { download, exportMarkdown, exportPng, exportSvg, exportTldr, exportZip } from './exports';

/**
 * Export buttons: PNG and SVG of the canvas as shown, the .tldr file, the Markdown summary, and
 * the server's bundle of the final board (all four in one .zip).
 */
export function ExportMenu({
  board,
  editor,
  ready,
}: {
  board: BoardMeta;
  editor: Editor | null;
  /** Resolves once the canvas shows all of the moment it is moving to (a long jump takes a few frames). */
  ready?: () => Promise<void>;
}) {
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const base = fileNameFor(board.title);
  const run = async (what: string, make: (e: Editor | null) => Promise<Blob | null>, ext: string) => {
    if (busy) return;
    setMessage(null);
    setBusy(what);
    try {
      await ready?.();
      const blob = await make(editor);
      if (!blob) return setMessage('Nothing on the canvas at this moment.');
      download(blob, `${base}.${ext}`);
    } catch (err) {
      setMessage(`${what} export failed: ${err instanceof Error ? err.message : String(err)}`);
    } finally {
      setBusy(null);
    }
  };
  return (
    <div className="exports" role="group" aria-label="Export" aria-busy={busy !== null}>
      <span className="muted">Export:</span>
      <button
        type="button"
        className="icon-button"
        disabled={!editor || busy !== null}
        onClick={() => run('PNG', (e) => (e ? exportPng(e) : Promise.resolve(null)), 'png')}
      >
        PNG
      </button>
      <button
        type="button"
        className="icon-button"
        disabled={!editor || busy !== null}
        onClick={() => run('SVG', (e) => (e ? exportSvg(e) : Promise.resolve(null)), 'svg')}
      >
        SVG
      </button>
      <button
        type="button"
        className="icon-button"
        disabled={!editor || busy !== null}
        onClick={() => run('.tldr', (e) => (e ? exportTldr(e) : Promise.resolve(null)), 'tldr')}
      >
        .tldr
      </button>
      <button
        type="button"
        className="icon-button"
        disabled={busy !== null}
        onClick={() => run('Markdown', () => exportMarkdown(board.id), 'md')}
      >
        Markdown
      </button>
      <button
        type="button"
        className="icon-button"
        // The server builds the bundle from the final board: no canvas needed.
        disabled={busy !== null}
        onClick={() => run('bundle', () => exportZip(board.id), 'zip')}
        data-testid="review.export-zip"
      >
        All (.zip)
      </button>
      <span role="status" className="muted" data-testid="review.export-status">
        {busy ? `Exporting ${busy}…` : message}
      </span>
    </div>
  );
}
