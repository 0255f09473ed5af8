/**
 * `GET /api/boards/<id>/export.zip` (interviewer or review link): the export bundle, built on the
 * server (server/export/bundle.ts). One bundle is built at a time per server and a few more
 * requests wait their turn (server/export/lanes.ts); past that the answer is 503 with
 * Retry-After, so exports never crowd out the live rooms (docs/architecture.md, "Export bundle").
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { fileNameFor } from '../../lib/fileName';
import { readTldrawRecords, readTldrawSchema } from '../../lib/board/schema';
import { loadDocument } from '../documents';
import { log } from '../log';
import { buildBundle } from '../export/bundle';
import { requireBoardAccess } from './guard';
import { reviewers, sendBytes, summaryFor } from './review';
import type { ApiContext } from './context';

const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

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
    done = await ctx.exports.take();
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
