/**
 * A load-generating process for the fan-out benchmark. For each room it opens one sender and
 * C-1 receivers (raw WebSockets speaking the y-websocket protocol). Senders make real Yjs updates
 * (a drawn stroke: tens per second) and awareness updates (cursor); receivers decode each update
 * to read the send time stamped in it. Sender and receivers of a room share this process, so
 * latencies use one clock (performance.now()).
 *
 * Input (argv[2], JSON): { rooms: string[] (ws URLs), clientsPerRoom, updatesPerSecond,
 * awarenessPerSecond, warmupMs, durationMs }. Output: one message to the parent over IPC.
 */
import WebSocket from 'ws';
import * as Y from 'yjs';
import * as decoding from 'lib0/decoding';
import { Awareness, encodeAwarenessUpdate } from 'y-protocols/awareness';
import { encodeAwareness, encodeSyncUpdate } from '../lib/wire';

interface Job {
  rooms: string[];
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

/** The send time carried by an update frame, or null for any other frame. */
function sentAt(data: Buffer): number | null {
  if (data[0] !== 0 || data[1] !== 2) return null; // sync / update
  const d = decoding.createDecoder(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
  decoding.readVarUint(d);
  decoding.readVarUint(d);
  const update = decoding.readVarUint8Array(d);
  for (const struct of Y.decodeUpdate(update).structs) {
    const content = (struct as { content?: { arr?: unknown[] } }).content;
    const value = content?.arr?.[0] as { t?: number } | undefined;
    if (typeof value?.t === 'number') return value.t;
  }
  return null;
}

async function main(): Promise<void> {
  const senders: Array<{ ws: WebSocket; doc: Y.Doc; awareness: Awareness }> = [];
  // Open connections a few at a time, as browsers would arrive.
  for (let i = 0; i < job.rooms.length; i += 20) {
    await Promise.all(
      job.rooms.slice(i, i + 20).map(async (url) => {
        const sockets = await Promise.all(Array.from({ length: job.clientsPerRoom }, () => open(url)));
        const [sender, ...receivers] = sockets;
        for (const r of receivers) {
          r.on('message', (data: Buffer) => {
            const t = sentAt(data);
            if (t === null || !measuring) return;
            delivered++;
            latencies.push(performance.now() - t);
          });
        }
        sender!.on('message', () => {});
        const doc = new Y.Doc();
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
      s.doc.getMap('stroke').set('point', { t: performance.now(), n: n++, x: n % 500, y: n % 300 });
      if (update) s.ws.send(encodeSyncUpdate(update));
    }
  }, 1000 / job.updatesPerSecond);
  const awarenessTimer = setInterval(() => {
    for (const s of senders) {
      if (s.ws.readyState !== s.ws.OPEN) continue;
      s.awareness.setLocalStateField('cursor', { x: n % 800, y: n % 600 });
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
