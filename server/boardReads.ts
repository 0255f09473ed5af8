/**
 * What the server reads from a board's stored document outside its live room: the Markdown
 * summary, tldraw's records for the export bundle, the framework's events for the dashboard.
 * Computed on the server's read thread (mergeWorker.ts's program at the usual priority):
 * rebuilding a large document from storage held the event loop, which every live room shares, for
 * as long as the document is large (docs/architecture.md, "Storage"). Always from storage, which
 * holds every update anyone saw, and always through lib/board's accessors.
 */
import type { BoardMeta } from '../lib/api';
import { createBoardDoc, readTldrawRecords, readTldrawSchema } from '../lib/board/schema';
import type { RecordJson, SerializedSchemaJson } from '../lib/board/schema';
import { readFrameworkEvents } from '../lib/board/framework';
import type { FrameworkEvent } from '../lib/board/timeline';
import { readNotes } from '../lib/board/notes';
import { renderSummary } from '../lib/summary';
import type { StoredDoc } from './storage/BoardStore';
import { applyStored } from './storage/docLog';

/** What to read from a board (each part only when asked for). */
export interface BoardReadRequest {
  /**
   * The Markdown summary as of `now`; `notes` is the stored document of the interviewer's notes
   * when the reader may see them, else null.
   */
  summary?: { board: BoardMeta; now: number; notes: StoredDoc | null };
  /** tldraw's records and schema (the export bundle). */
  records?: boolean;
  /** The framework's events (the dashboard's timings). */
  events?: boolean;
}

/** What was read: the parts asked for. */
export interface BoardReadResult {
  summary?: string;
  records?: RecordJson[];
  schema?: SerializedSchemaJson | null;
  events?: FrameworkEvent[];
  /**
   * Stored entries that did not apply, skipped (the server never stores those, so it means
   * corruption; the rest of the document is still worth reading). The caller reports them.
   */
  badEntries: Array<{ doc: 'board' | 'notes'; seq: number; err: string }>;
}

/** Whoever reads boards for the server: the read thread, or (in tests) this process. */
export interface BoardReader {
  readBoard(stored: StoredDoc, request: BoardReadRequest): Promise<BoardReadResult>;
}

/** Reads what `request` asks for from a board's stored document, here and now. */
export function readStoredBoard(stored: StoredDoc, request: BoardReadRequest): BoardReadResult {
  const badEntries: BoardReadResult['badEntries'] = [];
  const rebuild = (from: StoredDoc, which: 'board' | 'notes') => {
    const doc = createBoardDoc();
    applyStored(doc, from, (seq, err) => badEntries.push({ doc: which, seq, err: String(err) }));
    return doc;
  };
  const doc = rebuild(stored, 'board');
  try {
    const out: BoardReadResult = { badEntries };
    if (request.summary) {
      const { board, now, notes } = request.summary;
      let read = null;
      if (notes) {
        const notesDoc = rebuild(notes, 'notes');
        read = readNotes(notesDoc);
        notesDoc.destroy();
      }
      out.summary = renderSummary(board, doc, { now, notes: read });
    }
    if (request.records) {
      out.records = readTldrawRecords(doc);
      out.schema = readTldrawSchema(doc);
    }
    if (request.events) out.events = readFrameworkEvents(doc);
    return out;
  } finally {
    doc.destroy();
  }
}
