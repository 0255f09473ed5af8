/**
 * Writes shapes into a board the way a client does, over the sync socket with the candidate's
 * link (a y-websocket client in the test's process), and waits until the server has stored them.
 */
import WebSocket from 'ws';
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import { expect } from '@playwright/test';
import { decodeLog } from '../../lib/history';
import { geoShape, putRecords, shapeIds } from '../../lib/board/fixtures';
import { readTldrawRecords } from '../../lib/board/schema';
import { docFromUpdates } from '../../server/testing/content';
import type { E2EBoard } from './fixtures';

/** `count` boxes in a grid `columns` wide (160 x 130 px apart from the page's origin), in one update. */
export async function writeBoxes(board: E2EBoard, count: number, columns: number): Promise<void> {
  const origin = new URL(board.url).origin;
  const doc = new Y.Doc();
  const provider = new WebsocketProvider(`${origin.replace(/^http/, 'ws')}/sync`, board.id, doc, {
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    params: { token: new URL(board.candidateUrl).searchParams.get('token')! },
    disableBc: true,
  });
  try {
    await new Promise<void>((resolve) => provider.once('sync', (synced: boolean) => synced && resolve()));
    const before = shapeIds(doc).length;
    putRecords(
      doc,
      Array.from({ length: count }, (_, i) =>
        geoShape({ x: (i % columns) * 160, y: Math.floor(i / columns) * 130 }),
      ),
    );
    // Stored: the board's log holds them all.
    await expect.poll(() => storedShapeCount(board)).toBe(before + count);
  } finally {
    provider.destroy();
    doc.destroy();
  }
}

/** The shapes of the board as the server has stored it (its log, read with the review link). */
export async function storedShapeCount(board: E2EBoard): Promise<number> {
  return shapeIds(await storedDoc(board)).length;
}

/** Where each shape of the board is as the server has stored it (page coordinates), by id. */
export async function storedShapePositions(board: E2EBoard): Promise<Map<string, { x: number; y: number }>> {
  const doc = await storedDoc(board);
  return new Map(
    readTldrawRecords(doc)
      .filter((r) => r.typeName === 'shape')
      .map((r) => [r.id, { x: r.x as number, y: r.y as number }]),
  );
}

async function storedDoc(board: E2EBoard) {
  const res = await fetch(
    `${new URL(board.url).origin}/api/boards/${board.id}/log?token=${reviewToken(board)}`,
  );
  const log = decodeLog(new Uint8Array(await res.arrayBuffer()));
  return docFromUpdates(log.map((e) => e.update));
}

function reviewToken(board: E2EBoard): string {
  return new URL(board.reviewUrl).searchParams.get('token')!;
}
