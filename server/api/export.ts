/**
 * `GET /api/boards/<id>/export.zip` (interviewer or review link): the export bundle, built on the
 * server (server/export/bundle.ts). One bundle is built at a time per server and a few more
 * requests wait their turn (server/lanes.ts); past that the answer is 503 with
 * Retry-After, so exports never crowd out the live rooms (docs/architecture.md, "Export bundle").
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { fileNameFor } from '../../lib/fileName';
import { toBoardMeta } from '../../lib/api';
import { readBoard } from '../documents';
import { log } from '../log';
import { buildBundle } from '../export/bundle';
import { requireBoardAccess } from './guard';
import { boardReading, reviewers } from './review';
import type { ApiContext } from './context';

export async function getExportZip(
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  ctx: ApiContext,
  id: string,
): Promise<void> {
  const { board, access } = await requireBoardAccess(req, url, ctx, id, reviewers);
  await ctx.held.send(req, res, () =>
    ctx.exports.run(async () => {
      // The summary and the records are read on the read thread (server/boardReads.ts).
      const read = await readBoard(boardReading(ctx), board.id, {
        summary: { board: toBoardMeta(board), now: Date.now(), withNotes: access.role === 'interviewer' },
        records: true,
      });
      const bundle = await buildBundle({
        summary: read.summary!,
        records: read.records!,
        schema: read.schema ?? null,
      });
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
      return {
        bytes: bundle.zip,
        type: 'application/zip',
        headers: { 'content-disposition': `attachment; filename="${fileNameFor(board.title)}.zip"` },
      };
    }),
  );
}
