/** Limits shared by the server (which enforces them) and the browser (which stays inside them). */

/** Largest single WebSocket message the server accepts; larger ones close the socket with 1009. */
export const MAX_MESSAGE_BYTES = 4 * 1024 * 1024;

/**
 * Largest document the server keeps growing (its encoded state; the server counts the last size it
 * measured plus every update since, and measures again before refusing). Past it, writes close the
 * connection with 4413 (reads still work).
 */
export const MAX_DOCUMENT_BYTES = 64 * 1024 * 1024;

/**
 * Most structs a document may hold: each costs ~200 bytes of memory, however few bytes it took on
 * the wire (an empty deleted item: 4), and a two-hour interview's board holds ~1,400. Past it the
 * server refuses updates as past the size in bytes (4413).
 */
export const MAX_DOCUMENT_STRUCTS = 250_000;

/**
 * Most memory a document's live tldraw records may take once decoded, as estimated by
 * `recordMemory` (lib/board/authority.ts). Bytes on the wire say little about it: a record of
 * 21,000 empty objects is 64 KiB of JSON and 1.4 MB of heap. A 5,000-shape board estimates at
 * ~13 MB. Past it the server refuses updates as past the size in bytes (4413).
 */
export const MAX_DOCUMENT_RECORD_MEMORY = 128 * 1024 * 1024;

/**
 * Bytes one credential (a link, an interviewer's session) may have a room check (its updates and
 * presence) and answer whole (sync answers): at once, and refilled each second. Past it, 1013.
 * Browsers send their own edits within a part of it (lib/board/outbox.ts).
 */
export const CHECKING_BURST_BYTES = 32 * 1024 * 1024;
export const CHECKING_BYTES_PER_SECOND = 2 * 1024 * 1024;

/** Sustained messages per second one connection may send (token bucket refill rate). */
export const MAX_MESSAGES_PER_SECOND = 300;

/** Burst size of the per-connection token bucket. */
export const MESSAGE_BURST = 1_500;

/** Largest uploaded asset (pasted image or file). */
export const MAX_ASSET_BYTES = 10 * 1024 * 1024;

/** Largest JSON body the HTTP API reads. */
export const MAX_JSON_BODY_BYTES = 64 * 1024;

/** Longest board title and prompt, in characters. */
export const MAX_TITLE_CHARS = 200;
export const MAX_PROMPT_CHARS = 10_000;

/** Longest display name, in characters. */
export const MAX_DISPLAY_NAME_CHARS = 40;
