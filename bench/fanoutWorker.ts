/**
 * A load-generating process for the fan-out benchmark. For each room it opens one sender and
 * C-1 receivers (raw WebSockets speaking the y-websocket protocol). Senders make real Yjs updates
 * (a drawn stroke: tens per second) and awareness updates (cursor); receivers decode each update
 * to read the send time stamped in it. Sender and receivers of a room share this process, so
 * latencies use one clock (performance.now()).
 *
 * Input (argv[2], JSON): { rooms: (string | string[])[] (ws URLs, one per instance when several), clientsPerRoom, updatesPerSecond,
 * awarenessPerSecond, warmupMs, durationMs }. Output: one message to the parent over IPC.
 */
import WebSocket from 'ws';
import * as Y from 'yjs';
import * as decoding from 'lib0/decoding';
import { Awareness, encodeAwarenessUpdate } from 'y-protocols/awareness';
import { InstancePresenceRecordType, PageRecordType } from '@tldraw/tlschema';
import { encodeAwareness, encodeSyncUpdate } from '../lib/wire';
import { geoShape, putRecords } from '../lib/board/fixtures';
import { createBoardDoc } from '../lib/board/schema';

interface Job {
  /** A room's ws URL, or one per instance for a room spread over several instances. */
  rooms: Array<string | string[]>;
  clientsPerRoom: number;
  updatesPerSecond: number;
  awarenessPerSecond: number;
  warmupMs: number;
  durationMs: number;
}

const job = JSON.parse(process.argv[2]!) as Job;
const latencies: number[] = [];
let delivered = 0;
let measuring = false;
let failedConnections = 0;

function open(url: string): Promise<WebSocket> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url, { perMessageDeflate: false });
    ws.on('error', () => {});
    ws.on('open', () => resolve(ws));
    ws.on('close', () => {
      if (ws.readyState !== ws.OPEN) failedConnections++;
    });
  });
}

/**
 * The send time carried by an update frame (in the moved shape's meta), or null for any other
 * frame. The load is what a browser sends: a shape dragged (a valid tldraw record overwritten in
 * the board's record list) and a tldraw presence; Boardroom checks both, the reference does not.
 */
function sentAt(data: Buffer): number | null {
  if (data[0] !== 0 || data[1] !== 2) return null; // sync / update
  const d = decoding.createDecoder(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
  decoding.readVarUint(d);
  decoding.readVarUint(d);
  const update = decoding.readVarUint8Array(d);
  for (const struct of Y.decodeUpdate(update).structs) {
    const content = (struct as { content?: { arr?: unknown[] } }).content;
    const entry = content?.arr?.[0] as { val?: { meta?: { t?: unknown } } } | undefined;
    const t = entry?.val?.meta?.t;
    if (typeof t === 'number') return t;
  }
  return null;
}

/** A valid presence for the sender's awareness (tldraw's record, as a browser publishes it). */
function presence(clientId: number, x: number, y: number) {
  return InstancePresenceRecordType.create({
    id: InstancePresenceRecordType.createId(String(clientId)),
    userId: `user:${clientId}` as never,
    userName: 'Bench',
    currentPageId: PageRecordType.createId('page'),
    cursor: { x, y, type: 'default', rotation: 0 },
  });
}

/** Sync step 1 with an empty state vector: "send me everything". */
function encodeSyncStep1Empty(): Uint8Array {
  return Uint8Array.from([0, 0, 1, 0]);
}

async function main(): Promise<void> {
  const senders: Array<{ ws: WebSocket; doc: Y.Doc; awareness: Awareness }> = [];
  // Open connections a few at a time, as browsers would arrive.
  for (let i = 0; i < job.rooms.length; i += 20) {
    await Promise.all(
      job.rooms.slice(i, i + 20).map(async (url) => {
        // A room given several URLs (one per instance) spreads its clients over them in turn.
        const urls = Array.isArray(url) ? url : [url];
        const sockets = await Promise.all(
          Array.from({ length: job.clientsPerRoom }, (_, k) => open(urls[k % urls.length]!)),
        );
        const [sender, ...receivers] = sockets;
        for (const r of receivers) {
          r.on('message', (data: Buffer) => {
            const t = sentAt(data);
            if (t === null || !measuring) return;
            delivered++;
            latencies.push(performance.now() - t);
          });
        }
        // The sender starts from the board as the server seeded it (answering the server's sync
        // step 1 with nothing, like a fresh browser), so its first update depends on nothing missing.
        const doc = createBoardDoc();
        let seeded = false;
        sender!.on('message', (data: Buffer) => {
          if (seeded || data[0] !== 0 || data[1] !== 1) return; // sync step 2 from the server
          const dec = decoding.createDecoder(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
          decoding.readVarUint(dec);
          decoding.readVarUint(dec);
          Y.applyUpdate(doc, decoding.readVarUint8Array(dec));
          seeded = true;
        });
        sender!.send(encodeSyncStep1Empty());
        senders.push({ ws: sender!, doc, awareness: new Awareness(doc) });
      }),
    );
  }
  let n = 0;
  const updateTimer = setInterval(() => {
    for (const s of senders) {
      if (s.ws.readyState !== s.ws.OPEN) continue;
      let update: Uint8Array | null = null;
      const capture = (u: Uint8Array) => (update = u);
      s.doc.once('update', capture);
      n++;
      putRecords(s.doc, [
        geoShape({ id: `shape:s${s.doc.clientID}`, x: n % 500, y: n % 300, meta: { t: performance.now() } }),
      ]);
      if (update) s.ws.send(encodeSyncUpdate(update));
    }
  }, 1000 / job.updatesPerSecond);
  const awarenessTimer = setInterval(() => {
    for (const s of senders) {
      if (s.ws.readyState !== s.ws.OPEN) continue;
      s.awareness.setLocalStateField('presence', presence(s.doc.clientID, n % 800, n % 600));
      s.ws.send(encodeAwareness(encodeAwarenessUpdate(s.awareness, [s.doc.clientID])));
    }
  }, 1000 / job.awarenessPerSecond);

  await new Promise((r) => setTimeout(r, job.warmupMs));
  measuring = true;
  const started = performance.now();
  await new Promise((r) => setTimeout(r, job.durationMs));
  measuring = false;
  const elapsed = performance.now() - started;
  clearInterval(updateTimer);
  clearInterval(awarenessTimer);
  // Over IPC: a large stdout write can be cut short by process.exit.
  process.send!({ latencies, delivered, elapsedMs: elapsed, failedConnections }, () => process.exit(0));
}

void main();
