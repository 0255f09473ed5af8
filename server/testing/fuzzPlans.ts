/**
 * The connections of the hostile-input fuzz test (server/faults/hostile.test.ts): what each sends
 * and how the server must end it. Legacy kinds (malformed framing, no credentials, unknown
 * documents, oversized frames), every well-framed invalid update of issue 11, updates with missing
 * dependencies, invalid presence, and floods of valid frames that end with a bad one.
 */
import { CloseCode } from '../../lib/protocol';
import { MAX_MESSAGE_BYTES } from '../../lib/limits';
import { encodeSyncStep1, encodeSyncStep2, encodeSyncUpdate } from '../../lib/wire';
import { createBoardDoc, tldrawRecords } from '../../lib/board/schema';
import type { TestBoard } from './harness';
import { HOSTILE_CASES, hostileUpdate } from './hostile';
import { captureUpdate, geoShape, putRecords } from './content';
import { awarenessFrame, emptySyncAnswer, NOTHING, wholeDocumentStep1 } from './frames';

/** Connections that each send one bad frame (or a few, closed at the first). */
export const SINGLE_CONNECTIONS = 3_000;
/** Connections that send FLOOD_FRAMES valid frames, a step 1, then a bad frame (inside the 1,500 burst). */
export const FLOOD_CONNECTIONS = 78;
const FLOOD_FRAMES = 1_250;

type LegacyKind =
  | 'text'
  | 'unknown-type'
  | 'truncated'
  | 'bad-update'
  | 'random'
  | 'oversized'
  | 'no-credentials'
  | 'unknown-doc';

/** What a connection does and how the server must end it. */
export interface Plan {
  kind: string;
  /** Path and query after /sync/. */
  target: (board: TestBoard) => string;
  cookie?: boolean;
  frames: Array<string | Uint8Array>;
  /** Frames the server reads when it closes as expected. */
  counts: number;
  flood: boolean;
  code: number;
  reason?: RegExp;
}

/** Deterministic pseudo-random bytes. */
function rng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32) * 256;
}

function legacyFrames(kind: LegacyKind, seed: number): Array<string | Uint8Array> {
  const rand = rng(seed);
  const bytes = (n: number) => Uint8Array.from({ length: n }, rand);
  return Array.from({ length: 5 }, (_, i): string | Uint8Array => {
    switch (kind) {
      case 'text':
        return `hello ${i}`;
      case 'unknown-type':
        return Uint8Array.from([2 + (Math.floor(rand()) % 120), ...bytes(8)]);
      case 'truncated':
        return encodeSyncStep1(bytes(12)).subarray(0, 4);
      case 'bad-update':
        return encodeSyncUpdate(Uint8Array.from([200, 200, 200, ...bytes(16)]));
      case 'oversized':
        return new Uint8Array(MAX_MESSAGE_BYTES + 1);
      default:
        return Uint8Array.from([Math.floor(rand()) % 2, ...bytes(1 + (Math.floor(rand()) % 40))]);
    }
  });
}

/** The target board with the candidate link. */
const onBoard = (b: TestBoard) => `${b.id}?token=${b.candidateToken}`;

function legacyPlan(kind: LegacyKind, seed: number): Plan {
  const frames = legacyFrames(kind, seed);
  if (kind === 'no-credentials')
    return { kind, target: (b) => b.id, frames, counts: 0, flood: false, code: CloseCode.Unauthorized };
  if (kind === 'unknown-doc') {
    const target = (b: TestBoard) => `AAAAAAAAAAAAAAAAAAAAAA?token=${b.candidateToken}`;
    return { kind, target, frames, counts: 0, flood: false, code: CloseCode.NotFound };
  }
  const code = kind === 'oversized' ? CloseCode.MessageTooBig : CloseCode.Malformed;
  return { kind, target: onBoard, frames, counts: 1, flood: false, code };
}

/** Well-framed updates a server that trusts clients would apply (built once, on no particular board). */
function contentPlans(): Plan[] {
  const base = createBoardDoc(); // an update on an empty document depends on nothing any board holds
  const plans: Plan[] = HOSTILE_CASES.filter((c) => !c.needsFrameworkEvent).map((c) => ({
    kind: `content:${c.id}`,
    target: c.as === 'candidate' ? onBoard : (b) => b.id,
    cookie: c.as === 'interviewer',
    frames: [encodeSyncUpdate(hostileUpdate(c, base))],
    counts: 1,
    flood: false,
    code: CloseCode.Malformed,
    reason: /^invalid update:/,
  }));
  const client = createBoardDoc();
  captureUpdate(client, (d) => putRecords(d, [geoShape()])); // withheld
  const dependent = captureUpdate(client, (d) => putRecords(d, [geoShape({ x: 300 })]));
  const deleter = createBoardDoc();
  const deleted = geoShape();
  captureUpdate(deleter, (d) => putRecords(d, [deleted])); // withheld
  const deletion = captureUpdate(deleter, (d) => tldrawRecords(d).delete(deleted.id));
  // Each then answers the server's step 1 as every client does, with nothing: until that answer
  // the server keeps such an update, since a client ahead of it sends its edits first.
  for (const [kind, update] of [
    ['missing-structs', dependent],
    ['missing-deletes', deletion],
  ] as const) {
    plans.push({
      kind,
      target: onBoard,
      frames: [encodeSyncUpdate(update), emptySyncAnswer()],
      counts: 2,
      flood: false,
      code: CloseCode.Malformed,
      reason: /^invalid update: missing dependencies/,
    });
  }
  const presence = (state: unknown) => awarenessFrame([{ clientID: 0x7e57, clock: 1, state }]);
  plans.push(
    {
      kind: 'awareness-big',
      target: onBoard,
      frames: [presence({ user: { name: 'Big' }, blob: 'x'.repeat(9 * 1024) })],
      counts: 1,
      flood: false,
      code: CloseCode.Malformed,
      reason: /^invalid awareness:/,
    },
    {
      kind: 'awareness-name',
      target: onBoard,
      frames: [presence({ user: { name: 'N'.repeat(41) } })],
      counts: 1,
      flood: false,
      code: CloseCode.Malformed,
      reason: /^invalid awareness:/,
    },
  );
  return plans;
}

/** Valid frames a stock client sends (empty step 2 and updates, its own presence), then a bad one. */
function floodPlan(seed: number): Plan {
  const frames: Uint8Array[] = [];
  for (let i = 0; i < FLOOD_FRAMES; i++) {
    if (i % 25 === 0) {
      frames.push(
        awarenessFrame([
          {
            clientID: 1_000_000 + seed,
            clock: i + 1,
            state: { user: { id: 'flo', name: 'Flo', color: '#123456' } },
          },
        ]),
      );
    } else frames.push(i % 2 ? encodeSyncUpdate(NOTHING) : encodeSyncStep2(NOTHING));
  }
  frames.push(wholeDocumentStep1());
  return {
    kind: 'flood',
    target: onBoard,
    frames: [...frames, 'bad frame after the flood'],
    counts: FLOOD_FRAMES + 2,
    flood: true,
    code: CloseCode.Malformed,
  };
}

/** Every connection of the run, in order: floods spread evenly among the others. */
export function schedule(): Plan[] {
  const legacy: LegacyKind[] = [
    'text',
    'unknown-type',
    'truncated',
    'bad-update',
    'random',
    'random',
    'no-credentials',
    'unknown-doc',
  ];
  const content = contentPlans();
  const plans: Plan[] = [];
  for (let i = 0; i < SINGLE_CONNECTIONS; i++) {
    if (i % 200 === 7) plans.push(legacyPlan('oversized', i));
    else if (i % 2 === 0) plans.push(content[(i / 2) % content.length]!);
    else plans.push(legacyPlan(legacy[((i - 1) / 2) % legacy.length]!, i));
  }
  const every = Math.floor(SINGLE_CONNECTIONS / FLOOD_CONNECTIONS);
  for (let f = FLOOD_CONNECTIONS - 1; f >= 0; f--) plans.splice(f * every, 0, floodPlan(f));
  return plans;
}
