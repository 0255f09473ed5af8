/**
 * `GET /api/boards/<id>/export.zip` (interviewer or review link): the export bundle, built on the
 * server (server/export/bundle.ts). One bundle is built at a time per process and a few more
 * requests wait their turn; past that the answer is 503 with Retry-After, so exports never crowd
 * out the live rooms (docs/architecture.md, "Export bundle").
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { fileNameFor } from '../../lib/fileName';
import { readTldrawRecords, readTldrawSchema } from '../../lib/board/schema';
import { HttpError } from '../http';
import { loadDocument } from '../documents';
import { log } from '../log';
import { buildBundle } from '../export/bundle';
import { requireBoardAccess } from './guard';
import { reviewers, sendBytes, summaryFor } from './review';
import type { ApiContext } from './context';

/** Bundles built at once, and requests that may wait for a turn. */
const RUNNING_AT_ONCE = 1;
const MAX_WAITING = 4;

const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

let running = 0;
const waiting: Array<() => void> = [];

async function takeTurn(): Promise<() => void> {
  if (running >= RUNNING_AT_ONCE) {
    if (waiting.length >= MAX_WAITING)
      throw new HttpError(503, 'exports are busy: try again in a few seconds');
    await new Promise<void>((resolve) => waiting.push(resolve));
  } else running++;
  return () => {
    const next = waiting.shift();
    if (next) next();
    else running--;
  };
}

export async function getExportZip(
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  ctx: ApiContext,
  id: string,
): Promise<void> {
  const { board, access } = await requireBoardAccess(req, url, ctx, id, reviewers);
  let done: () => void;
  try {
    done = await takeTurn();
  } catch (err) {
    res.setHeader('retry-after', '5');
    throw err;
  }
  try {
    // Storage answers synchronously (SQLite): turn the event loop between the heavy steps.
    const doc = await loadDocument(ctx.store, board.id);
    await turn();
    const summary = await summaryFor(ctx, board, access.role, doc);
    await turn();
    const records = readTldrawRecords(doc);
    const schema = readTldrawSchema(doc);
    doc.destroy();
    const bundle = await buildBundle({ summary, records, schema });
    log.info('export bundle', {
      board: board.id,
      shapes: bundle.diagram.shapes,
      omitted: bundle.diagram.omitted,
      bytes: bundle.zip.length,
      svgMs: Math.round(bundle.timings.svg),
      longestStepMs: Math.round(bundle.timings.longestStepMs),
      pngMs: Math.round(bundle.timings.png),
      zipMs: Math.round(bundle.timings.zip),
    });
    sendBytes(res, bundle.zip, 'application/zip', {
      'content-disposition': `attachment; filename="${fileNameFor(board.title)}.zip"`,
    });
  } finally {
    done();
  }
}
