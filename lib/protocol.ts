/**
 * The sync wire format, declared once. Boardroom speaks the y-websocket protocol
 * (y-protocols sync + awareness) so a stock `y-websocket` client can connect;
 * what we add on top (close codes, path layout) lives here too.
 */
import { z } from 'zod';
import { STEP_COUNT } from './framework';

/**
 * Message types a client may send: the first varUint of every binary frame. 0 and 1 are
 * y-websocket's; 100 is ours (2 and 3 are taken by y-websocket's auth and awareness query).
 */
export const MessageType = {
  Sync: 0,
  Awareness: 1,
  Command: 100,
} as const;
export type MessageType = (typeof MessageType)[keyof typeof MessageType];

/** Sub-types of a sync message (y-protocols/sync). */
export const SyncMessageType = {
  Step1: 0,
  Step2: 1,
  Update: 2,
} as const;

/**
 * WebSocket close codes the server uses. y-websocket 3 stops reconnecting after
 * a 44xx close (permanent), and retries every other code (1001, 1013).
 */
export const CloseCode = {
  /** Server shutting down; the client retries. */
  GoingAway: 1001,
  /** A single message is larger than `MAX_MESSAGE_BYTES`. */
  MessageTooBig: 1009,
  /** Overloaded or over the per-connection message rate; the client retries with backoff. */
  TryAgainLater: 1013,
  /** Malformed frame: text frame, unknown message type, bad framing, or an update that does not apply. */
  Malformed: 4400,
  /** No or bad credentials. */
  Unauthorized: 4401,
  /** Valid credentials, wrong role for this document. */
  Forbidden: 4403,
  /** No such document. */
  NotFound: 4404,
  /** The document would grow past `MAX_DOCUMENT_BYTES`. */
  DocumentTooLarge: 4413,
} as const;
export type CloseCode = (typeof CloseCode)[keyof typeof CloseCode];

/** Closes after which this person has no access to the document any more. */
export function endsAccess(code: number): boolean {
  return code === CloseCode.Unauthorized || code === CloseCode.Forbidden || code === CloseCode.NotFound;
}

/**
 * Closes after which a browser drops its local copy of the document: access ended, or the server
 * refused something in it (the copy would send it again on every visit).
 */
export function dropsLocalCopy(code: number): boolean {
  return endsAccess(code) || code === CloseCode.Malformed;
}

/** The URL prefix of the sync endpoint: `/sync/<docId>`. */
export const SYNC_PATH_PREFIX = '/sync/';

/** Longest command frame payload (JSON), in bytes. */
export const MAX_COMMAND_BYTES = 1_024;

const StepNumber = z
  .number()
  .int()
  .min(0)
  .max(STEP_COUNT - 1);

/**
 * Commands: what a client asks the server to write on its behalf, because only the server may
 * (the framework's step and clock events carry server time and the sender's role). Sent as a
 * `MessageType.Command` frame with the command as JSON. The interviewer moves steps and runs
 * the clock; a candidate may ask to move on.
 */
export const Command = z.discriminatedUnion('type', [
  z.object({ type: z.literal('step'), step: StepNumber }).strict(),
  z.object({ type: z.literal('clock'), running: z.boolean() }).strict(),
  z.object({ type: z.literal('request-step'), step: StepNumber }).strict(),
]);
export type Command = z.infer<typeof Command>;

// Document ids live in ids.ts (no zod there: the SQLite thread loads it without a validator).
export { NOTES_SUFFIX, notesDocId, parseDocId, type DocKind, type DocRef } from './ids';
