/**
 * The fan-out port: how instances behind one load balancer tell each other what happened
 * (docs/architecture.md, "Scale-out"). A stored update (with its per-document sequence number),
 * a presence change, or a board event is published; every other instance that has the document
 * open receives it. Fan-out is never the only copy of an update: PostgreSQL is, and a receiver
 * that misses a message reads it back from there (relay.ts). With one instance nothing is
 * published (`localFanout`).
 */
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { LinkRole } from '../../lib/access';

/** A board-level change that every instance must carry out on its own connections. */
export type BoardEvent =
  | { type: 'ended'; boardId: string; endedAt: number }
  | { type: 'link-revoked'; boardId: string; role: LinkRole }
  | { type: 'deleted'; boardId: string }
  | { type: 'signed-out'; credential: string }
  /** An instance could not publish an event: every instance checks its open boards against storage. */
  | { type: 'recheck' };

/** What instances send each other. */
export type FanoutMessage =
  /** An update stored at `seq` in the document's log (sent only after COMMIT). */
  | { kind: 'update'; docId: string; seq: number; at: number; bytes: Uint8Array }
  /** An awareness update (cursors, names): never stored, so it only travels this way. */
  | { kind: 'awareness'; docId: string; bytes: Uint8Array }
  | { kind: 'board'; event: BoardEvent };

/** Cross-instance messaging. Publishing never throws: a lost message is found again by sequence. */
export interface Fanout {
  /** This instance's id: its own messages come back from Redis and are skipped. */
  readonly instanceId: string;
  /** Sends a message to the other instances (best effort). */
  publish(msg: FanoutMessage): void;
  /** Starts receiving a document's messages (idempotent per call pairing with `unsubscribe`). */
  subscribe(docId: string): void;
  /** Stops receiving a document's messages. */
  unsubscribe(docId: string): void;
  /** Sets the receiver of messages from other instances. */
  onMessage(handler: (msg: FanoutMessage) => void): void;
  /** Called each time the connection is back and every subscription is renewed (fill gaps then). */
  onResubscribed(handler: () => void): void;
  /** True while messages can be sent and received. */
  readonly reachable: boolean;
  /** Stops messaging. */
  close(): Promise<void>;
}

/** A new random instance id. */
export function newInstanceId(): string {
  return randomBytes(8).toString('hex');
}

/** One instance: nobody to tell. */
export const localFanout: Fanout = {
  instanceId: 'local',
  publish: () => {},
  subscribe: () => {},
  unsubscribe: () => {},
  onMessage: () => {},
  onResubscribed: () => {},
  reachable: true,
  close: async () => {},
};

const BoardEventSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('ended'), boardId: z.string(), endedAt: z.number() }),
  z.object({ type: z.literal('link-revoked'), boardId: z.string(), role: z.enum(['candidate', 'reviewer']) }),
  z.object({ type: z.literal('deleted'), boardId: z.string() }),
  z.object({ type: z.literal('signed-out'), credential: z.string() }),
  z.object({ type: z.literal('recheck') }),
]);

const HeaderSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('update'),
    from: z.string(),
    docId: z.string(),
    seq: z.number().int().positive(),
    at: z.number(),
  }),
  z.object({ kind: z.literal('awareness'), from: z.string(), docId: z.string() }),
  z.object({ kind: z.literal('board'), from: z.string(), event: BoardEventSchema }),
]);

/**
 * Wire form of a message: a 4-byte big-endian header length, the header as JSON (kind, sender,
 * document, sequence), then the Yjs bytes as they are (no base64 on the hot path).
 */
export function encodeFanoutMessage(from: string, msg: FanoutMessage): Buffer {
  const { bytes, header } =
    msg.kind === 'update'
      ? { bytes: msg.bytes, header: { kind: msg.kind, from, docId: msg.docId, seq: msg.seq, at: msg.at } }
      : msg.kind === 'awareness'
        ? { bytes: msg.bytes, header: { kind: msg.kind, from, docId: msg.docId } }
        : { bytes: new Uint8Array(0), header: { kind: msg.kind, from, event: msg.event } };
  const head = Buffer.from(JSON.stringify(header));
  const out = Buffer.allocUnsafe(4 + head.length + bytes.length);
  out.writeUInt32BE(head.length, 0);
  head.copy(out, 4);
  out.set(bytes, 4 + head.length);
  return out;
}

/** Reads a message and who sent it; null for anything malformed. */
export function decodeFanoutMessage(buf: Buffer): { from: string; msg: FanoutMessage } | null {
  if (buf.length < 4) return null;
  const len = buf.readUInt32BE(0);
  if (4 + len > buf.length) return null;
  let raw: unknown;
  try {
    raw = JSON.parse(buf.subarray(4, 4 + len).toString('utf8'));
  } catch {
    return null;
  }
  const parsed = HeaderSchema.safeParse(raw);
  if (!parsed.success) return null;
  const h = parsed.data;
  const bytes = new Uint8Array(buf.subarray(4 + len)); // a copy: the buffer may be pooled
  switch (h.kind) {
    case 'update':
      return { from: h.from, msg: { kind: 'update', docId: h.docId, seq: h.seq, at: h.at, bytes } };
    case 'awareness':
      return { from: h.from, msg: { kind: 'awareness', docId: h.docId, bytes } };
    case 'board':
      return { from: h.from, msg: { kind: 'board', event: h.event } };
  }
}
