/**
 * Encoding and strict decoding of y-websocket frames and our command frames. The server decodes
 * every client frame here before acting on it: framing is validated (types, lengths, no trailing
 * bytes, state vectors whose count fits their bytes, commands that parse). An update's bytes, and
 * a state vector's entries, are read once, by the room (an update by the check of what it
 * contains, lib/board/authority.ts), which refuses what does not decode (docs/architecture.md,
 * "Wire").
 */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { Command, MAX_COMMAND_BYTES, MessageType, SyncMessageType } from './protocol';

/** A client frame that passed validation. */
export type ClientMessage =
  | { kind: 'sync-step1'; stateVector: Uint8Array }
  | { kind: 'sync-step2'; update: Uint8Array }
  | { kind: 'sync-update'; update: Uint8Array }
  | { kind: 'awareness'; update: Uint8Array }
  | { kind: 'command'; command: Command };

/** Result of decoding a frame: the message, or why it is malformed. */
export type DecodeResult = { ok: true; message: ClientMessage } | { ok: false; reason: string };

function fail(reason: string): DecodeResult {
  return { ok: false, reason };
}

/**
 * How many clients a state vector names, read without building it: a 4 MB one names a million and
 * took Yjs a second to decode (the room reads it once it has charged its bytes, and decides whether
 * to answer, docs/architecture.md "Authority"). Throws when it is not a well-formed state vector.
 */
export function stateVectorClients(stateVector: Uint8Array): number {
  const decoder = decoding.createDecoder(stateVector);
  const count = decoding.readVarUint(decoder);
  for (let i = 0; i < count; i++) {
    decoding.readVarUint(decoder); // client
    decoding.readVarUint(decoder); // clock
  }
  if (decoding.hasContent(decoder)) throw new Error('trailing bytes after a state vector');
  return count;
}

/** Decodes one binary frame sent by a client. Never throws. */
export function decodeClientFrame(frame: Uint8Array): DecodeResult {
  if (frame.length === 0) return fail('empty frame');
  try {
    const decoder = decoding.createDecoder(frame);
    const type = decoding.readVarUint(decoder);
    let message: ClientMessage;
    if (type === MessageType.Sync) {
      const sub = decoding.readVarUint(decoder);
      const payload = decoding.readVarUint8Array(decoder);
      if (sub === SyncMessageType.Step1) {
        // Its count must fit in its bytes (each entry is at least two); the room reads the rest.
        const count = decoding.readVarUint(decoding.createDecoder(payload));
        if (count * 2 > payload.length - 1) return fail('truncated or malformed frame');
        message = { kind: 'sync-step1', stateVector: payload };
      } else if (sub === SyncMessageType.Step2 || sub === SyncMessageType.Update) {
        // Not decoded here: decoding is a third of the work an update costs the server, and the
        // room's content check decodes it anyway (an update that does not decode is refused there).
        message = { kind: sub === SyncMessageType.Step2 ? 'sync-step2' : 'sync-update', update: payload };
      } else {
        return fail(`unknown sync message type ${sub}`);
      }
    } else if (type === MessageType.Awareness) {
      const payload = decoding.readVarUint8Array(decoder);
      message = { kind: 'awareness', update: payload };
    } else if (type === MessageType.Command) {
      const payload = decoding.readVarUint8Array(decoder);
      if (payload.length > MAX_COMMAND_BYTES) return fail('command too long');
      let json: unknown;
      try {
        json = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(payload));
      } catch {
        return fail('command is not JSON');
      }
      const parsed = Command.safeParse(json);
      if (!parsed.success) return fail('unknown command');
      message = { kind: 'command', command: parsed.data };
    } else {
      return fail(`unknown message type ${type}`);
    }
    if (decoding.hasContent(decoder)) return fail('trailing bytes after message');
    return { ok: true, message };
  } catch {
    return fail('truncated or malformed frame');
  }
}

function frame(write: (encoder: encoding.Encoder) => void): Uint8Array {
  const encoder = encoding.createEncoder();
  write(encoder);
  return encoding.toUint8Array(encoder);
}

/** Sync step 1: "here is my state vector, send me what I lack". */
export function encodeSyncStep1(stateVector: Uint8Array): Uint8Array {
  return frame((e) => {
    encoding.writeVarUint(e, MessageType.Sync);
    encoding.writeVarUint(e, SyncMessageType.Step1);
    encoding.writeVarUint8Array(e, stateVector);
  });
}

/** Sync step 2: the update that brings the peer up to date. */
export function encodeSyncStep2(update: Uint8Array): Uint8Array {
  return frame((e) => {
    encoding.writeVarUint(e, MessageType.Sync);
    encoding.writeVarUint(e, SyncMessageType.Step2);
    encoding.writeVarUint8Array(e, update);
  });
}

/** An incremental document update. */
export function encodeSyncUpdate(update: Uint8Array): Uint8Array {
  return frame((e) => {
    encoding.writeVarUint(e, MessageType.Sync);
    encoding.writeVarUint(e, SyncMessageType.Update);
    encoding.writeVarUint8Array(e, update);
  });
}

/** An awareness update (presence). */
export function encodeAwareness(update: Uint8Array): Uint8Array {
  return frame((e) => {
    encoding.writeVarUint(e, MessageType.Awareness);
    encoding.writeVarUint8Array(e, update);
  });
}

/** A command frame (see `Command` in lib/protocol.ts). */
export function encodeCommand(command: Command): Uint8Array {
  return frame((e) => {
    encoding.writeVarUint(e, MessageType.Command);
    encoding.writeVarUint8Array(e, new TextEncoder().encode(JSON.stringify(command)));
  });
}
