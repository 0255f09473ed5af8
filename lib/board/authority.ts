/**
 * The server's check of a client update before it touches a room (docs/architecture.md,
 * "Authority"). The update is decoded, not applied: every struct it adds is located in the
 * document (which part, which record, which key) the way Yjs itself would place it, and judged
 * against the document's parts table (`BOARD_PARTS` in schema.ts): who may write there, and what
 * may be written. Deletions are judged by what they delete. An update that needs something the
 * room does not have (a struct or deleted range beyond the room's state) is refused too: Yjs
 * would keep it pending in memory, include it in every later full sync, and apply it later
 * without asking anyone.
 *
 * Pure and synchronous; reads the room's document, never changes it.
 */
import * as Y from 'yjs';
import type { DocPart, Writer } from './schema';
import { isRecordKey, tldrawEntries } from './schema';
import { decodeClientUpdate, DecodeRefusal, VALUE_COST } from './decodeUpdate';

/**
 * The outcome of checking an update. `fresh`: the update adds at least one struct, and every
 * struct it holds is a new item that lands in the document (none already known, none Yjs would
 * drop), so applying it integrates exactly what it holds and the update itself can be stored
 * and relayed as sent (docs/architecture.md, "Relay").
 */
export type UpdateVerdict =
  | {
      ok: true;
      fresh: boolean;
      /** Structs the update adds to the document (each costs the room memory until it unloads). */
      structs: number;
      /** What placing its items costs Yjs, in neighbours it steps over (see `MAX_PLACEMENT_STEPS`). */
      steps: number;
      /** What the canvas entries it adds take decoded, as `recordMemory` estimates it. */
      memory: number;
    }
  | {
      ok: false;
      reason: string;
      /**
       * True when the update needs structs or deleted ranges the room does not have. Until its
       * sync answer a client may be ahead of the room rather than wrong: its own edits the room
       * never stored, or what it saw through an instance that died (docs/architecture.md,
       * "Authority").
       */
      missing: boolean;
    };

/** What an update is checked against. */
export interface UpdateContext {
  /** The room's document, as it is now. */
  doc: Y.Doc;
  /** The document's parts, by root key. */
  parts: Readonly<Record<string, DocPart>>;
  /** Who sent the update. */
  writer: Writer;
  /** Checks one tldraw record stored under `key`; why it is refused, or null. */
  checkRecord: (key: string, value: unknown) => string | null;
  /** Live tldraw record keys of the room, for the invariants on deletes. */
  records?: RecordIndex;
}

/** Refuses an update; caught in `checkUpdate`. */
class Refusal extends Error {}

/** Refuses an update that needs what the room does not have (see `UpdateVerdict`). */
class Missing extends Refusal {
  constructor() {
    super('missing dependencies');
  }
}

/**
 * Most structs one update may add. A two-hour board holds ~1,400 in all; each costs the room
 * ~200 bytes of memory however few bytes it took on the wire (an empty deleted item: 4).
 */
export const MAX_NEW_STRUCTS = 10_000;

/**
 * Most steps placing one update's items may cost. Yjs places an item by walking from its left
 * neighbour past everything inserted there since, comparing each (`Item.integrate`); a crafted
 * update whose items all name one neighbour, or an early one, costs the square of its size (an
 * 80 KB update held the server for 11 s). What a client makes only ever appends: to the end of a
 * list or of a key's values, naming the end it saw as its left neighbour, so its items cost the
 * few others added there meanwhile (docs/architecture.md, "Authority").
 */
export const MAX_PLACEMENT_STEPS = 100_000;

/** Where an item lands: a root part, a record in a collection (or none), and a key (or none). */
interface Location {
  root: string;
  record: string | null;
  key: string | null;
}

type Struct = Y.Item | Y.GC | Y.Skip;
/** A Yjs type of the document (a root or a record's map), as Yjs itself types them. */
type SharedType = NonNullable<ReturnType<Y.Doc['share']['get']>>;

/** Checks `update` from `ctx.writer` against the room's document. */
export function checkUpdate(update: Uint8Array, ctx: UpdateContext): UpdateVerdict {
  try {
    const check = new UpdateCheck(update, ctx);
    check.run();
    return {
      ok: true,
      fresh: check.fresh,
      structs: check.newStructs,
      steps: check.steps,
      memory: check.memory,
    };
  } catch (err) {
    if (err instanceof Refusal) return { ok: false, reason: err.message, missing: err instanceof Missing };
    if (err instanceof DecodeRefusal) return { ok: false, reason: err.message, missing: false };
    // Malformed content (e.g. nesting deep enough to overflow the decoder's stack).
    return { ok: false, reason: 'update does not decode', missing: false };
  }
}

class UpdateCheck {
  private readonly store: Y.Doc['store'];
  private readonly structs: Struct[];
  private readonly decoded: Set<Struct>;
  private readonly ds: ReturnType<typeof Y.decodeUpdate>['ds'];
  /** This update's structs by client, in clock order. */
  private readonly byClient = new Map<number, Struct[]>();
  /** One past the last clock known after this update, by client. */
  private readonly knownEnd = new Map<number, number>();
  private readonly located = new Map<Y.Item, Location | null>();
  /** Entries this update adds to the canvas list, by record key: where each is, and its shape's parent. */
  private readonly addedEntries = new Map<string, Array<{ at: string; parent: string | null }>>();
  /** Positions (`client:clock`) of this update's own entries that it deletes again. */
  private readonly deletedOwn = new Set<string>();
  /** Record keys this update leaves a live entry for (one each: see `checkDeletes`). */
  private readonly addedKeys = new Set<string>();
  /** The parent each shape added by this update names. */
  private readonly addedParents = new Map<string, string>();
  private readonly deletedKeys = new Map<string, number>();
  private readonly newRecords = new Map<string, number>();
  /** New items and where they land, in the update's order. */
  private readonly placed: Array<{ item: Y.Item; loc: Location }> = [];
  /** See `UpdateVerdict`. */
  fresh: boolean;
  newStructs = 0;
  steps = 0;
  memory = 0;

  constructor(
    update: Uint8Array,
    private readonly ctx: UpdateContext,
  ) {
    this.store = ctx.doc.store;
    // Values read as Yjs would, but never into more memory than they are worth (decodeUpdate.ts).
    const decoded = decodeClientUpdate(update);
    this.structs = decoded.structs;
    this.decoded = new Set(decoded.structs);
    this.ds = decoded.ds;
    this.fresh = this.structs.length > 0;
  }

  run(): void {
    this.checkDependencies();
    // Counted before any content is checked: validating 10,000 records alone takes ~0.3 s.
    for (const s of this.structs) {
      if (s instanceof Y.Skip || s.id.clock + s.length <= Y.getState(this.store, s.id.client)) continue;
      if (++this.newStructs > MAX_NEW_STRUCTS) {
        throw new Refusal(`more than ${MAX_NEW_STRUCTS} new structs in one update`);
      }
    }
    for (const s of this.structs) {
      if (!(s instanceof Y.Item)) {
        this.fresh = false;
        continue;
      }
      if (s.id.clock < Y.getState(this.store, s.id.client)) this.fresh = false;
      if (s.id.clock + s.length <= Y.getState(this.store, s.id.client)) continue; // already known
      const loc = this.locate(s);
      if (loc) {
        this.checkContent(s, loc);
        this.placed.push({ item: s, loc });
      } else this.fresh = false; // Yjs keeps only a GC record of it
    }
    this.checkPlacement();
    this.checkDeletes();
    this.settleAddedEntries();
    this.checkInvariants();
  }

  // --- dependencies ----------------------------------------------------------------------------

  private checkDependencies(): void {
    for (const s of this.structs) {
      const { client, clock } = s.id;
      let list = this.byClient.get(client);
      if (!list) {
        if (clock > Y.getState(this.store, client)) throw new Missing();
        this.byClient.set(client, (list = []));
      }
      list.push(s);
      this.knownEnd.set(client, Math.max(Y.getState(this.store, client), clock + s.length));
    }
    const known = (id: Y.ID | null) =>
      !id || id.clock < (this.knownEnd.get(id.client) ?? Y.getState(this.store, id.client));
    for (const s of this.structs) {
      if (s instanceof Y.Skip) {
        if (s.id.clock + s.length > Y.getState(this.store, s.id.client)) throw new Missing();
      } else if (s instanceof Y.Item) {
        const parentId = s.parent instanceof Y.ID ? s.parent : null;
        if (!known(s.origin) || !known(s.rightOrigin) || !known(parentId)) throw new Missing();
      }
    }
    for (const [client, deletes] of this.ds.clients) {
      const end = this.knownEnd.get(client) ?? Y.getState(this.store, client);
      for (const d of deletes) if (d.clock + d.len > end) throw new Missing();
    }
  }

  /** The struct holding `id`: the room's when it has it, else this update's. */
  private lookup(id: Y.ID): Y.Item | Y.GC | Y.Skip | null {
    if (id.clock < Y.getState(this.store, id.client)) {
      const structs = this.store.clients.get(id.client)!;
      return structs[Y.findIndexSS(structs, id.clock)] ?? null;
    }
    const list = this.byClient.get(id.client);
    if (!list) return null;
    let lo = 0;
    let hi = list.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const s = list[mid]!;
      if (id.clock < s.id.clock) hi = mid - 1;
      else if (id.clock >= s.id.clock + s.length) lo = mid + 1;
      else return s;
    }
    return null;
  }

  /** True for the room's own structs (lookups return those first), false for this update's. */
  private isInDoc(item: Y.Item): boolean {
    return !this.decoded.has(item);
  }

  // --- where an item lands ----------------------------------------------------------------------

  /** Where a struct of the room's document is (it was checked when it arrived, or is the seed). */
  private locateInDoc(item: Y.Item): Location {
    const parent = item.parent as Y.AbstractType<unknown>;
    if (parent._item === null) return { root: Y.findRootTypeKey(parent), record: null, key: item.parentSub };
    const record = parent._item;
    const grand = record.parent as Y.AbstractType<unknown>;
    if (grand._item !== null) throw new Refusal('data nested deeper than the document layout allows');
    return { root: Y.findRootTypeKey(grand), record: record.parentSub, key: item.parentSub };
  }

  /**
   * Where a new item lands, as Yjs would integrate it, or null when Yjs would drop it (its
   * neighbour or parent was garbage-collected). Iterative: a long run of items chained by their
   * origins must not overflow the stack.
   */
  private locate(start: Y.Item): Location | null {
    const stack: Y.Item[] = [start];
    const visiting = new Set<Y.Item>();
    while (stack.length > 0) {
      const item = stack[stack.length - 1]!;
      if (this.located.has(item)) {
        stack.pop();
        continue;
      }
      const step = this.placeOf(item);
      if ('dependsOn' in step) {
        if (visiting.has(step.dependsOn)) throw new Refusal('missing dependencies: a cycle'); // never integrates
        visiting.add(item);
        stack.push(step.dependsOn);
        continue;
      }
      this.located.set(item, step.at);
      stack.pop();
    }
    return this.located.get(start) ?? null;
  }

  /** Places `item` from what is known, or names the new item whose place it needs first. */
  private placeOf(item: Y.Item): { at: Location | null } | { dependsOn: Y.Item } {
    if (this.isInDoc(item)) return { at: this.locateInDoc(item) };
    if (typeof item.parent === 'string')
      return { at: { root: item.parent, record: null, key: item.parentSub } };
    if (item.parent instanceof Y.ID) {
      const parent = this.lookup(item.parent);
      if (!(parent instanceof Y.Item) || !(parent.content instanceof Y.ContentType)) return { at: null };
      const where = this.isInDoc(parent) ? this.locateInDoc(parent) : this.located.get(parent);
      if (where === undefined) return { dependsOn: parent };
      if (where === null) return { at: null };
      if (where.record !== null) throw new Refusal('data nested deeper than the document layout allows');
      return { at: { root: where.root, record: where.key, key: item.parentSub } };
    }
    const left = item.origin ? this.lookup(item.origin) : null;
    const right = item.rightOrigin ? this.lookup(item.rightOrigin) : null;
    if (left instanceof Y.GC || right instanceof Y.GC) return { at: null };
    const base = left instanceof Y.Item ? left : right instanceof Y.Item ? right : null;
    if (!base) return { at: null };
    if (this.isInDoc(base)) return { at: this.locateInDoc(base) };
    const where = this.located.get(base);
    return where === undefined ? { dependsOn: base } : { at: where };
  }

  // --- what placing the items costs ---------------------------------------------------------------

  /**
   * Bounds what Yjs will do to place this update's items (`MAX_PLACEMENT_STEPS`). Every item must
   * be an append (no right neighbour named). An item whose left neighbour is in the room's
   * document (or that names none, in a list or key the document has) is charged the document's
   * items from that neighbour to the end, walked here, plus this update's items in the same list
   * or key (Yjs may step over those too); so is an item naming the same neighbour as an earlier
   * one of the update. An item chained after another of this update costs one comparison.
   */
  private checkPlacement(): void {
    const inSequence = new Map<string, number>();
    for (const { loc } of this.placed) {
      const sequence = sequenceOf(loc);
      inSequence.set(sequence, (inSequence.get(sequence) ?? 0) + 1);
    }
    const named = new Set<string>();
    for (const { item, loc } of this.placed) {
      if (item.rightOrigin !== null) throw new Refusal(`${loc.root} is added to at its end only`);
      const sequence = sequenceOf(loc);
      const neighbour = item.origin ? `${item.origin.client}:${item.origin.clock}` : `start of ${sequence}`;
      const again = named.has(neighbour);
      named.add(neighbour);
      const anchored = item.origin ? this.isKnown(item.origin) : this.sequenceInDoc(item);
      // Naming a position inside one of this update's structs splits it there, and the rest of it
      // then names the same neighbour: as much a second item at one place as `again`.
      const splits = !anchored && item.origin !== null && this.splitsNewStruct(item.origin);
      if (anchored) {
        this.charge(this.walkToEnd(item, MAX_PLACEMENT_STEPS - this.steps) + inSequence.get(sequence)!);
      } else if (again || splits) this.charge(inSequence.get(sequence)!);
    }
  }

  /** Adds to what applying the update costs; refuses it past `MAX_PLACEMENT_STEPS`. */
  private charge(steps: number): void {
    this.steps += steps;
    if (this.steps > MAX_PLACEMENT_STEPS) {
      throw new Refusal(`placing it would take more than ${MAX_PLACEMENT_STEPS} steps`);
    }
  }

  /** True when `id` is inside one of this update's structs rather than its last position. */
  private splitsNewStruct(id: Y.ID): boolean {
    const s = this.lookup(id);
    return s !== null && s.id.clock + s.length - 1 > id.clock;
  }

  private isKnown(id: Y.ID): boolean {
    return id.clock < Y.getState(this.store, id.client);
  }

  /** The room's type an item with no left neighbour goes into, or null when it is new. */
  private parentInDoc(item: Y.Item): SharedType | null {
    if (typeof item.parent === 'string') return this.ctx.doc.share.get(item.parent) ?? null;
    if (!(item.parent instanceof Y.ID) || !this.isKnown(item.parent)) return null;
    const parent = this.lookup(item.parent);
    return parent instanceof Y.Item && parent.content instanceof Y.ContentType ? parent.content.type : null;
  }

  /** True when an item naming no left neighbour goes into a list or key the room already holds items in. */
  private sequenceInDoc(item: Y.Item): boolean {
    const parent = this.parentInDoc(item);
    if (!parent) return false;
    return item.parentSub === null ? parent._start !== null : parent._map.has(item.parentSub);
  }

  /** The room's items from an item's left neighbour (or the start) to the end, counted up to `limit` + 1. */
  private walkToEnd(item: Y.Item, limit: number): number {
    let steps = 0;
    let from: Y.Item | null;
    if (item.origin) {
      const left = this.lookup(item.origin);
      if (!(left instanceof Y.Item)) return 0;
      if (left.id.clock + left.length - 1 > item.origin.clock) steps++; // Yjs splits it there
      from = left.right;
    } else {
      const parent = this.parentInDoc(item)!;
      if (item.parentSub === null) from = parent._start;
      else {
        // Yjs finds a key's first value by walking back from its current one.
        from = parent._map.get(item.parentSub) ?? null;
        while (from?.left && steps <= limit) {
          from = from.left;
          steps++;
        }
      }
    }
    for (; from && steps <= limit; from = from.right) steps++;
    return steps;
  }

  // --- what may be written where -----------------------------------------------------------------

  private part(root: string): DocPart {
    const part = this.ctx.parts[root];
    if (!part) throw new Refusal(`unknown part "${root.slice(0, 40)}"`);
    return part;
  }

  private checkWriter(root: string, part: DocPart, what: string): void {
    if (!part.writers.includes(this.ctx.writer)) {
      throw new Refusal(`${root} is ${what} by ${part.writers.join(' or ')} only`);
    }
  }

  private checkContent(item: Y.Item, loc: Location): void {
    const part = this.part(loc.root);
    this.checkWriter(loc.root, part, 'written');
    const content = item.content;
    if (part.kind === 'records' || part.kind === 'log') {
      if (loc.record !== null || loc.key !== null) throw new Refusal(`${loc.root} is a list`);
      if (content instanceof Y.ContentDeleted) return;
      if (!(content instanceof Y.ContentAny)) throw new Refusal(`${loc.root} holds plain values only`);
      if (part.kind === 'records') {
        content.arr.forEach((entry, i) =>
          this.checkRecordEntry(entry, `${item.id.client}:${item.id.clock + i}`),
        );
      }
      return;
    }
    if (loc.key === null) throw new Refusal(`${loc.root} holds keyed values only`);
    if (part.kind === 'collection' && loc.record === null) {
      if (!isRecordKey(loc.key)) throw new Refusal(`bad record id in ${loc.root}`);
      if (content instanceof Y.ContentDeleted) return;
      if (!(content instanceof Y.ContentType) || !(content.type instanceof Y.Map)) {
        throw new Refusal(`a ${loc.root} record must be a map of fields`);
      }
      this.newRecords.set(loc.root, (this.newRecords.get(loc.root) ?? 0) + 1);
      return;
    }
    if (part.kind === 'map' && loc.record !== null) throw new Refusal(`${loc.root} holds no records`);
    const field = part.kind === 'map' ? part.field(loc.key) : (part.fields[loc.key] ?? null);
    if (!field) throw new Refusal(`unknown field "${loc.key.slice(0, 40)}" in ${loc.root}`);
    if (content instanceof Y.ContentDeleted) return;
    if (!(content instanceof Y.ContentAny) || content.arr.length !== 1) {
      throw new Refusal(`${loc.root}.${loc.key} holds one plain value`);
    }
    const parsed = field.safeParse(content.arr[0]);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new Refusal(`invalid ${loc.root}.${loc.key}: ${issue?.message ?? 'invalid value'}`);
    }
  }

  private checkRecordEntry(entry: unknown, at: string): void {
    const e = entry as { key?: unknown; val?: unknown } | null;
    if (!e || typeof e !== 'object' || typeof e.key !== 'string' || !('val' in e)) {
      throw new Refusal('a canvas entry must be {key, val}');
    }
    const why = this.ctx.checkRecord(e.key, e.val);
    if (why) throw new Refusal(why);
    this.memory += recordMemory(entry);
    let entries = this.addedEntries.get(e.key);
    if (!entries) this.addedEntries.set(e.key, (entries = []));
    entries.push({ at, parent: parentOf(e.val) });
  }

  private checkDeletes(): void {
    for (const [client, deletes] of this.ds.clients) {
      const structs = this.store.clients.get(client);
      const state = Y.getState(this.store, client);
      for (const d of deletes) {
        this.charge(1); // Yjs looks each range up too, and walks the structs in it
        const end = Math.min(d.clock + d.len, state);
        if (structs && d.clock < end) {
          for (let i = Y.findIndexSS(structs, d.clock); i < structs.length; i++) {
            const s = structs[i]!;
            if (s.id.clock >= end) break;
            this.charge(1);
            if (s instanceof Y.Item && !s.deleted) {
              // An item may hold several entries; only those inside the deleted range count.
              const from = Math.max(0, d.clock - s.id.clock);
              this.checkDelete(s, from, Math.min(s.length, end - s.id.clock));
            }
          }
        }
        // What it deletes of its own additions: they never count as records it leaves.
        if (d.clock + d.len > state) this.deleteOwn(client, Math.max(d.clock, state), d.clock + d.len);
      }
    }
  }

  /** The canvas entries this update leaves: what it adds less what it deletes of them again. */
  private settleAddedEntries(): void {
    for (const [key, entries] of this.addedEntries) {
      const left = entries.filter((e) => !this.deletedOwn.has(e.at));
      if (left.length === 0) continue;
      // YKeyValue leaves one live entry per key: each set deletes the one before, its own too.
      if (left.length > 1) throw new Refusal(`${key.slice(0, 40)} is written twice in one update`);
      this.addedKeys.add(key);
      if (left[0]!.parent) this.addedParents.set(key, left[0]!.parent);
    }
  }

  /** Notes which of this update's own canvas entries from `client` in [from, to) it deletes. */
  private deleteOwn(client: number, from: number, to: number): void {
    for (const s of this.byClient.get(client) ?? []) {
      if (s.id.clock >= to || s.id.clock + s.length <= from) continue;
      this.charge(1);
      if (!(s instanceof Y.Item) || !(s.content instanceof Y.ContentAny)) continue; // not entries
      const first = Math.max(from, s.id.clock);
      const last = Math.min(to, s.id.clock + s.length);
      this.charge(last - first);
      for (let clock = first; clock < last; clock++) this.deletedOwn.add(`${client}:${clock}`);
    }
  }

  private checkDelete(item: Y.Item, from: number, to: number): void {
    const loc = this.locateInDoc(item);
    const part = this.ctx.parts[loc.root];
    if (!part) return; // leftovers of an old layout may go
    this.checkWriter(loc.root, part, 'changed');
    if (part.kind === 'records' && item.content instanceof Y.ContentAny) {
      for (const entry of item.content.arr.slice(from, to)) {
        const key = (entry as { key?: unknown } | null)?.key;
        if (typeof key === 'string') this.deletedKeys.set(key, (this.deletedKeys.get(key) ?? 0) + 1);
      }
    }
  }

  private checkInvariants(): void {
    for (const [root, added] of this.newRecords) {
      const part = this.ctx.parts[root];
      if (part?.kind !== 'collection') continue;
      const size = this.ctx.doc.getMap(root).size;
      if (size + added > part.maxRecords)
        throw new Refusal(`${root} holds at most ${part.maxRecords} records`);
    }
    const index = this.ctx.records;
    if (!index) return;
    const remaining = (key: string) =>
      index.count(key) - (this.deletedKeys.get(key) ?? 0) + (this.addedKeys.has(key) ? 1 : 0);
    this.checkParents(index, remaining);
    if (this.deletedKeys.size === 0) return;
    if (this.deletedKeys.has(DOCUMENT_RECORD_ID) && remaining(DOCUMENT_RECORD_ID) <= 0) {
      throw new Refusal('the document record cannot be deleted');
    }
    if ([...this.deletedKeys.keys()].some(isPageKey)) {
      const pages = new Set([...index.keys(), ...this.addedKeys].filter(isPageKey));
      if (![...pages].some((key) => remaining(key) > 0)) throw new Refusal('a board keeps at least one page');
    }
  }

  /**
   * Every shape this update adds sits on a page or shape that exists, and no chain of parents
   * loops (tldraw would never finish laying out a board with a loop: every viewer's tab hangs).
   */
  private checkParents(index: RecordIndex, remaining: (key: string) => number): void {
    const parentOfKey = (key: string) => this.addedParents.get(key) ?? index.parentOf(key);
    for (const [key, parent] of this.addedParents) {
      if (remaining(parent) <= 0)
        throw new Refusal(`${key.slice(0, 40)} has no parent ${parent.slice(0, 40)}`);
      const seen = new Set([key]);
      for (let p: string | undefined = parent; p && !isPageKey(p); p = parentOfKey(p)) {
        if (seen.has(p)) throw new Refusal('shapes may not be their own ancestors');
        seen.add(p);
      }
    }
  }
}

/** The list or key an item is placed in, as a map key. */
function sequenceOf(loc: Location): string {
  return `${loc.root}\u0000${loc.record ?? ''}\u0000${loc.key ?? ''}`;
}

const DOCUMENT_RECORD_ID = 'document:document';
const isPageKey = (key: string) => key.startsWith('page:');

/** A shape's parent id (shapes only). */
function parentOf(value: unknown): string | null {
  const v = value as { typeName?: unknown; parentId?: unknown } | null;
  return v?.typeName === 'shape' && typeof v.parentId === 'string' ? v.parentId : null;
}

/**
 * What a decoded JSON value takes in memory, estimated (bytes). Bytes on the wire say little about
 * it: Yjs decodes a record into JavaScript objects, and a 64 KiB record of 21,000 empty objects
 * takes 1.4 MB. Measured on V8 (docs/architecture.md, "Authority"): tldraw's own records estimate
 * at 1.4-2.6 times their heap (their objects share key names, which V8 stores once), the crafted
 * ones (empty objects, nested arrays, short strings, thousands of keys) at 0.9-2.7 times.
 */
export function recordMemory(value: unknown): number {
  if (typeof value === 'string') return VALUE_COST.string(value.length);
  if (value === null || typeof value !== 'object') {
    return typeof value === 'number' && !Number.isInteger(value) ? VALUE_COST.boxed : VALUE_COST.slot;
  }
  if (Array.isArray(value))
    return value.reduce((n: number, item) => n + recordMemory(item), VALUE_COST.array);
  let n = VALUE_COST.object;
  for (const [key, item] of Object.entries(value)) n += VALUE_COST.key(key.length) + recordMemory(item);
  return n;
}

/**
 * Live entries per tldraw record key in a document, shapes' parents, and what the live entries
 * take in memory (`recordMemory`), kept up to date.
 */
export class RecordIndex {
  private readonly counts = new Map<string, number>();
  private readonly parents = new Map<string, string>();
  private liveMemory = 0;
  /** Each live entry's estimate, kept so that deleting a board's records never walks them again. */
  private readonly entryMemory = new WeakMap<object, number>();

  constructor(doc: Y.Doc) {
    const entries = tldrawEntries(doc);
    for (const e of entries.toArray()) this.add(e, 1);
    // From what each transaction inserted and deleted, never `event.changes`: that walks the
    // whole list on every transaction, and a list grown to its struct cap made each edit cost
    // 12-20 ms (docs/architecture.md, "Authority").
    entries.observe(({ transaction }) => {
      const { beforeState, afterState } = transaction;
      for (const [client, after] of afterState) {
        const before = beforeState.get(client) ?? 0;
        if (after <= before) continue;
        const structs = doc.store.clients.get(client)!;
        for (let i = Y.findIndexSS(structs, before); i < structs.length; i++) {
          const s = structs[i]!;
          if (s.id.clock >= after) break;
          if (s instanceof Y.Item && s.parent === entries && !s.deleted) {
            for (const e of s.content.getContent()) this.add(e, 1);
          }
        }
      }
      Y.iterateDeletedStructs(transaction, transaction.deleteSet, (s) => {
        const existed = s.id.clock < (beforeState.get(s.id.client) ?? 0);
        if (existed && s instanceof Y.Item && s.parent === entries) {
          for (const e of s.content.getContent()) this.add(e, -1);
        }
      });
    });
  }

  /** The parent a live shape names. */
  parentOf(key: string): string | undefined {
    return this.parents.get(key);
  }

  /** Live entries stored under `key`. */
  count(key: string): number {
    return this.counts.get(key) ?? 0;
  }

  /** Every key with a live entry. */
  keys(): IterableIterator<string> {
    return this.counts.keys();
  }

  /** What the live entries take decoded, as `recordMemory` estimates it. */
  get memory(): number {
    return this.liveMemory;
  }

  private memoryOf(entry: unknown, adding: boolean): number {
    if (!entry || typeof entry !== 'object') return recordMemory(entry);
    const known = this.entryMemory.get(entry);
    if (known !== undefined) {
      if (!adding) this.entryMemory.delete(entry);
      return known;
    }
    const estimate = recordMemory(entry);
    if (adding) this.entryMemory.set(entry, estimate);
    return estimate;
  }

  private add(entry: unknown, n: number): void {
    this.liveMemory += n * this.memoryOf(entry, n > 0);
    const key = keyOf(entry);
    if (key === null) return;
    const next = (this.counts.get(key) ?? 0) + n;
    if (next > 0) this.counts.set(key, next);
    else {
      this.counts.delete(key);
      this.parents.delete(key);
    }
    const parent = n > 0 ? parentOf((entry as { val?: unknown }).val) : null;
    if (parent) this.parents.set(key, parent);
  }
}

function keyOf(entry: unknown): string | null {
  const key = (entry as { key?: unknown } | null)?.key;
  return typeof key === 'string' ? key : null;
}
