/**
 * Binds a tldraw store to a board document, both ways, plus presence through awareness.
 *
 * - Local user edits of document-scope records go to Yjs in one transaction per store change, or,
 *   past the tab's share of what the server checks, together as the share refills (`Outbox`).
 * - Remote Yjs changes come back through `store.mergeRemoteChanges`, so tldraw's history
 *   (undo/redo) only ever holds the user's own changes and nothing is echoed back.
 * - Session state (camera, selection, instance) never leaves the browser.
 * - The board is seeded by the server, so the store always loads a document and page and
 *   tldraw's integrity check has nothing to create: two clients joining at once cannot fight.
 */
import {
  InstancePresenceRecordType,
  atom,
  createPresenceStateDerivation,
  createTLStore,
  react,
  type Signal,
  type TLAnyShapeUtilConstructor,
  type TLAssetStore,
  type TLInstancePresence,
  type TLRecord,
  type TLStore,
  type TLUiActionsContextType,
  type TLUser,
} from 'tldraw';
import type * as Y from 'yjs';
import type { Awareness } from 'y-protocols/awareness';
import {
  readTldrawRecords,
  readTldrawSchema,
  tldrawRecords,
  type RecordJson,
  type SerializedSchemaJson,
} from './schema';
import { MAX_SHAPE_TEXT_CHARS, richTextLength, truncateRichText } from './tldrawSchema';
import type { ConnectionState } from './connection';
import { fitPresenceState } from './presence';
import { Outbox, TAB_SHARE, type SendShare } from './outbox';

/** A tldraw store kept in sync with a board document. */
export interface SyncedStore {
  store: TLStore;
  /** The board document the store is bound to (the panel reads it too). */
  doc: Y.Doc;
  /** Tells tldraw whether we are online (drives its offline indicator). */
  setConnection(state: ConnectionState): void;
  /** Puts tldraw in read-only mode (review links, candidates after the interview ended). */
  setReadOnly(readOnly: boolean): void;
  /**
   * "Bring everyone to me": publishes a new `gather` in this tab's presence; everyone else starts
   * following this person. The server accepts it from an interviewer's connection only.
   */
  bringEveryone(): void;
  /**
   * Adds the shapes a large board left out of the first load, nearest to `centre` (page
   * coordinates: the middle of the view) first, LOAD_SLICE per frame; call once the editor shows.
   * While `busy()` (the person is drawing or moving the view) it waits, so their frames stay
   * smooth. Returns a cancel. Nothing to do for a board that loaded whole.
   */
  loadRest(centre: PagePoint, busy?: () => boolean, nextFrame?: (fn: () => void) => () => void): () => void;
  /**
   * Adds every shape still left out, now, in one change (and stops `loadRest`): before anything
   * that reads the whole page, so it never acts on a part of the board (`loadWholeBoard`).
   */
  loadAll(): void;
  /** Shapes still to be added by `loadRest`. */
  readonly deferred: number;
  dispose(): void;
}

/** A point on the page (tldraw's page coordinates). */
export interface PagePoint {
  x: number;
  y: number;
}

/**
 * A board with more stand-alone shapes than this opens with only the DEFER_FROM nearest to the
 * middle of the first view; the rest follow once the editor shows (docs/architecture.md, "Pages
 * open fast").
 */
export const DEFER_FROM = 200;
/** Shapes `loadRest` adds per frame. */
export const LOAD_SLICE = 256;

/** `SyncedStore.loadAll` of each store a large board is still loading into, by store. */
const wholeBoardLoaders = new WeakMap<TLStore, () => void>();

/**
 * Completes a large board's load into `store` at once, if it is still under way (nothing to do
 * otherwise): before the actions that act on the whole page, such as select all, zoom to fit,
 * export and print (`withWholeBoard`; docs/architecture.md, "Pages open fast").
 */
export function loadWholeBoard(store: TLStore): void {
  wholeBoardLoaders.get(store)?.();
}

/**
 * tldraw's actions that read every shape of the page (the exports and copies when nothing is
 * selected): on a large board still loading, each completes the load first.
 */
const WHOLE_PAGE_ACTIONS = [
  'select-all',
  'zoom-to-fit',
  'export-as-svg',
  'export-as-png',
  'export-all-as-svg',
  'export-all-as-png',
  'copy-as-svg',
  'copy-as-png',
  'copy-as-json',
  'print',
  'unlock-all',
];

/**
 * The UI's actions, those that act on the whole page completing a large board's load into `store`
 * first (`loadWholeBoard`), so that none of them acts on a part of the board: for a UI override.
 */
export function withWholeBoard(store: TLStore, actions: TLUiActionsContextType): TLUiActionsContextType {
  const out = { ...actions };
  for (const id of WHOLE_PAGE_ACTIONS) {
    const action = out[id];
    if (!action) continue;
    out[id] = {
      ...action,
      onSelect: (source) => {
        loadWholeBoard(store);
        return action.onSelect(source);
      },
    };
  }
  return out;
}

/** Options for `bindTldrawStore`. */
export interface BindOptions {
  doc: Y.Doc;
  awareness: Awareness;
  user: Signal<TLUser>;
  assets: TLAssetStore;
  /** Every shape util of the board (tldraw's defaults and ours); the store's schema follows them. */
  shapeUtils: readonly TLAnyShapeUtilConstructor[];
  /** Where the middle of the first view will be (page coordinates), for a large board's first load. */
  firstCentre?: PagePoint;
  /** What this tab sends of its own edits at once and each second (`TAB_SHARE`; tests set less). */
  share?: SendShare;
}

/** Creates a tldraw store from the (already synced) board document and keeps both in step. */
export function bindTldrawStore({
  doc,
  awareness,
  user,
  assets,
  shapeUtils,
  firstCentre = { x: 0, y: 0 },
  share = TAB_SHARE,
}: BindOptions): SyncedStore {
  const status = atom<'online' | 'offline'>('boardroom connection', 'online');
  const mode = atom<'readonly' | 'readwrite'>('boardroom mode', 'readwrite');
  const store = createTLStore({
    assets,
    shapeUtils,
    users: { currentUser: user },
    collaboration: { status, mode },
  });
  const kv = tldrawRecords(doc);
  const LOCAL = { source: 'boardroom-tldraw' };

  // Initial load. The server keeps every board on the current schema (it migrates old boards
  // when they load) and checks every record it stores; a record that still fails tldraw's
  // validation (a board stored before those checks) is left out instead of failing the board.
  // A large board: the shapes nearest the first view now, the rest once the editor shows (each
  // checked as it loads).
  const all = [...kv.map.values()].map((entry) => entry.val);
  const deferred = new Set<string>();
  /** A waiting shape's record as the document holds it now, if tldraw accepts it (else null). */
  const waitingRecord = (id: string): TLRecord | null => {
    const record = kv.get(id);
    return record && isLoadable(store, record) ? (record as unknown as TLRecord) : null;
  };
  const alone = standAloneShapes(all);
  if (alone.length > DEFER_FROM) {
    for (const r of byDistance(alone, firstCentre).slice(DEFER_FROM)) deferred.add(r.id);
  }
  const stored: Record<string, RecordJson> = {};
  for (const r of all) if (!deferred.has(r.id) && isLoadable(store, r)) stored[r.id] = r;
  const ourSchema = store.schema.serialize() as unknown as SerializedSchemaJson;
  store.mergeRemoteChanges(() => {
    store.loadStoreSnapshot({
      store: stored as never,
      schema: (readTldrawSchema(doc) ?? ourSchema) as never,
    });
  });
  const stopCapping = capLocalText(store);

  // Local edits -> Yjs: at once, or together within the tab's share of what the server checks.
  const outbox = new Outbox(doc, kv, LOCAL, share);
  const stopListening = store.listen(
    ({ changes }) => {
      const put = [...Object.values(changes.added), ...Object.values(changes.updated).map(([, to]) => to)];
      outbox.add(
        put as unknown as RecordJson[],
        Object.values(changes.removed).map((record) => record.id),
      );
    },
    { source: 'user', scope: 'document' },
  );
  // A tab closed while changes wait writes them first (its socket and local copy may still take them).
  const flushOnHide = () => outbox.flush();
  if (typeof window !== 'undefined') window.addEventListener('pagehide', flushOnHide);

  // Remote edits -> tldraw.
  const onRemote = (
    changes: Map<string, { action: 'add' | 'update' | 'delete'; newValue?: RecordJson }>,
    tr: Y.Transaction,
  ) => {
    if (tr.local) return;
    const toPut: TLRecord[] = [];
    const toRemove: TLRecord['id'][] = [];
    // A shape the load has not shown yet comes now, when a change refers to it: a binding to
    // it, a shape put inside it (tldraw expects both ends and every parent in the store).
    const bringIn = (id: unknown) => {
      if (typeof id !== 'string' || !deferred.delete(id)) return;
      const record = waitingRecord(id);
      if (record) toPut.push(record);
    };
    for (const [id, change] of changes) {
      deferred.delete(id); // shown (or gone) from now on: the rest of the load skips it
      outbox.drop(id); // what the tab still had to write for it is older than this
      if (change.action === 'delete') toRemove.push(id as TLRecord['id']);
      else if (change.newValue && isLoadable(store, change.newValue)) {
        const record = change.newValue;
        if (record.typeName === 'binding') [record.fromId, record.toId].forEach(bringIn);
        if (record.typeName === 'shape') bringIn(record.parentId);
        toPut.push(record as unknown as TLRecord);
      }
    }
    mergeRemote(store, toRemove, toPut, 'a remote change');
  };
  kv.on('change', onRemote);

  const gather = atom<number | null>('boardroom gather', null);
  const stopPresence = bindPresence(store, awareness, user, gather);

  let stopLoading = () => {};
  const loadRest = (centre: PagePoint, busy = () => false, nextFrame = afterNextPaint) => {
    stopLoading();
    const records = [...deferred].map((id) => kv.get(id)).filter((r): r is RecordJson => !!r);
    const queue = byDistance(records, centre).map((r) => r.id);
    let cancel: (() => void) | null = null;
    const slice = () => {
      cancel = null;
      if (busy()) {
        cancel = nextFrame(slice);
        return;
      }
      const put: TLRecord[] = [];
      while (put.length < LOAD_SLICE && queue.length > 0) {
        const id = queue.shift()!;
        if (!deferred.delete(id)) continue; // a remote change showed it (or deleted it) already
        const record = waitingRecord(id);
        if (record) put.push(record);
      }
      mergeRemote(store, [], put, 'a part of the board');
      if (queue.length > 0) cancel = nextFrame(slice);
      else performance.mark('boardroom:board-loaded');
    };
    if (queue.length > 0) cancel = nextFrame(slice);
    stopLoading = () => cancel?.();
    return stopLoading;
  };
  const loadAll = () => {
    stopLoading();
    if (deferred.size === 0) return;
    const put = [...deferred].map(waitingRecord).filter((r): r is TLRecord => r !== null);
    deferred.clear();
    mergeRemote(store, [], put, 'the rest of the board');
    performance.mark('boardroom:board-loaded');
  };
  wholeBoardLoaders.set(store, loadAll);

  return {
    store,
    doc,
    setConnection(state) {
      status.set(state.kind === 'connected' ? 'online' : 'offline');
    },
    setReadOnly(readOnly) {
      mode.set(readOnly ? 'readonly' : 'readwrite');
    },
    bringEveryone() {
      // Always a new, larger number, even twice in one millisecond.
      gather.set(Math.max(Date.now(), (gather.get() ?? 0) + 1));
    },
    loadRest,
    loadAll,
    get deferred() {
      return deferred.size;
    },
    dispose() {
      stopLoading();
      wholeBoardLoaders.delete(store);
      stopListening();
      if (typeof window !== 'undefined') window.removeEventListener('pagehide', flushOnHide);
      outbox.dispose();
      stopCapping();
      kv.off('change', onRemote);
      stopPresence();
    },
  };
}

/** True when tldraw's own validators accept `record` (remote data is checked before it is put). */
function isLoadable(store: TLStore, record: RecordJson): boolean {
  const type = store.schema.types[record.typeName as TLRecord['typeName']];
  if (!type) return false;
  try {
    type.validate(record);
    return true;
  } catch {
    return false;
  }
}

/** tldraw's shape props that hold plain text a person types (capped as rich text is). */
const PLAIN_TEXT_PROPS = ['name', 'altText'] as const;

/**
 * Keeps this person's shapes inside the server's text limit: text past it is cut off as it is
 * typed or pasted, rather than the server refusing the edit and closing the connection.
 */
function capLocalText(store: TLStore): () => void {
  const cap = <T extends TLRecord>(record: T): T => {
    const props = (record as { props?: Record<string, unknown> }).props;
    if (!props) return record;
    let capped: Record<string, unknown> | null = null;
    if (richTextLength(props.richText) > MAX_SHAPE_TEXT_CHARS) {
      capped = { ...props, richText: truncateRichText(props.richText, MAX_SHAPE_TEXT_CHARS) };
    }
    // Plain text people type or paste: a frame's name, an image's alt text. The server has no
    // limit of its own for them but the record's (MAX_RECORD_JSON_CHARS), which refuses the
    // whole change and closes the connection.
    for (const key of PLAIN_TEXT_PROPS) {
      const value = props[key];
      if (typeof value === 'string' && value.length > MAX_SHAPE_TEXT_CHARS) {
        capped = { ...(capped ?? props), [key]: value.slice(0, MAX_SHAPE_TEXT_CHARS) };
      }
    }
    return capped ? { ...record, props: capped } : record;
  };
  const offCreate = store.sideEffects.registerBeforeCreateHandler('shape', (next, source) =>
    source === 'user' ? cap(next) : next,
  );
  const offChange = store.sideEffects.registerBeforeChangeHandler('shape', (_prev, next, source) =>
    source === 'user' ? cap(next) : next,
  );
  return () => {
    offCreate();
    offChange();
  };
}

/** Shortest time between two presence messages of one tab (about 15 per second). */
const PRESENCE_EVERY_MS = 66;

/**
 * Publishes our tldraw presence (and `gather`, once set) through awareness and mirrors everyone
 * else's into the store.
 */
function bindPresence(
  store: TLStore,
  awareness: Awareness,
  user: Signal<TLUser>,
  gather: Signal<number | null>,
): () => void {
  const presence = createPresenceStateDerivation(user)(store);
  // The cursor moves at the screen's frame rate; others see it at most every PRESENCE_EVERY_MS
  // (the last position always goes out), well inside the server's per-connection message rate.
  let timer: ReturnType<typeof setTimeout> | null = null;
  let lastSent = -Infinity;
  const publish = () => {
    timer = null;
    lastSent = Date.now();
    const u = user.get();
    const g = gather.get();
    awareness.setLocalState(
      fitPresenceState({
        user: { id: u.id, name: u.name, color: u.color },
        presence: presence.get(),
        ...(g !== null && { gather: g }),
      }),
    );
  };
  // Who we are goes out before anything else this tab sends: the server stamps each stored change
  // with the name its connection announced, and tldraw may write as the editor mounts.
  publish();
  const stopPublishing = react('boardroom presence', () => {
    presence.get();
    user.get();
    gather.get();
    if (timer !== null) return;
    timer = setTimeout(publish, Math.max(0, lastSent + PRESENCE_EVERY_MS - Date.now()));
  });

  const presenceIdOf = (clientId: number) => InstancePresenceRecordType.createId(String(clientId));
  const mirror = () => {
    const wanted = new Map<string, TLInstancePresence>();
    for (const [clientId, state] of awareness.getStates()) {
      if (clientId === awareness.clientID) continue;
      const p = (state as { presence?: TLInstancePresence | null }).presence;
      if (!p || typeof p !== 'object') continue;
      wanted.set(presenceIdOf(clientId), { ...p, id: presenceIdOf(clientId) });
    }
    const existing = store.query.ids('instance_presence').get();
    const stale = [...existing].filter((id) => !wanted.has(id));
    mergeRemote(store, stale, [...wanted.values()], 'a presence update');
  };
  awareness.on('change', mirror);
  mirror();

  return () => {
    stopPublishing();
    if (timer !== null) clearTimeout(timer);
    awareness.off('change', mirror);
    awareness.setLocalState(null);
  };
}

/** A read-only tldraw store that shows a board document at one moment (review and replay). */
export interface ReadOnlyStore {
  store: TLStore;
  /**
   * Makes the store show `doc` (only changed records are touched, so scrubbing stays fast). A
   * move that adds or removes many independent shapes is shown over a few frames, SHOW_SLICE
   * shapes per frame, or more on a board so large that this would take more than
   * MAX_SHOW_FRAMES (docs/architecture.md, "Review replay"). Returns how many of the records
   * applied now could not be shown (a record tldraw refuses is left out, quietly: the timeline
   * shows the gap).
   */
  show(doc: Y.Doc): number;
  /** Calls `then` once the store shows all of the last document given to `show` (at once if it does). */
  afterShown(then: () => void): void;
}

/** At most this many shapes of a long move are added or removed per frame (see `ReadOnlyStore.show`). */
export const SHOW_SLICE = 32;
/**
 * A long move is shown in at most this many slices: on a board of thousands of shapes, SHOW_SLICE
 * a frame would take seconds (each slice costs tldraw tens of milliseconds beyond its shapes).
 */
export const MAX_SHOW_FRAMES = 12;

/** Runs `fn` after the next frame has painted; returns a cancel. The browser's, or a timer elsewhere. */
function afterNextPaint(fn: () => void): () => void {
  if (typeof requestAnimationFrame !== 'function') {
    const timer = setTimeout(fn, 0);
    return () => clearTimeout(timer);
  }
  let timer: ReturnType<typeof setTimeout> | undefined;
  const frame = requestAnimationFrame(() => (timer = setTimeout(fn, 0)));
  return () => {
    cancelAnimationFrame(frame);
    clearTimeout(timer);
  };
}

/** Creates a read-only store for review, with the board's shape utils. */
export function createReadOnlyStore(
  assets: TLAssetStore,
  shapeUtils: readonly TLAnyShapeUtilConstructor[],
  nextFrame: (fn: () => void) => () => void = afterNextPaint,
): ReadOnlyStore {
  const store = createTLStore({
    assets,
    shapeUtils,
    collaboration: {
      status: atom('review status', 'online' as const),
      mode: atom('review mode', 'readonly' as const),
    },
  });
  // Record values read from one Y.Doc keep their identity until they change, so identity is
  // the diff; a seek back rebuilds another doc, whose values the replay shares with the docs it
  // built before where their bytes are the same, and the rest are compared by value: only records
  // that really differ reach tldraw (docs/architecture.md, "Review replay").
  let shown = new Map<string, RecordJson>();
  let target = new Map<string, RecordJson>();
  let loaded = false;
  let cancel: (() => void) | null = null;
  let waiting: Array<() => void> = [];
  /** Shapes per slice of the move under way, set by its first step (0 until then). */
  let slice = 0;
  const sliceFor = (pending: number) =>
    (slice ||= Math.max(SHOW_SLICE, Math.ceil(pending / MAX_SHOW_FRAMES)));

  /** Applies what the store still lacks of `target`: all of it, or its first slice. */
  const step = (): number => {
    cancel = null;
    const { now, later } = planShow(shown, target, sliceFor);
    const removed = now.filter((r) => !target.has(r.id)).map((r) => r.id) as TLRecord['id'][];
    const changed = now.filter((r) => target.has(r.id)) as unknown as TLRecord[];
    for (const id of removed) shown.delete(id);
    for (const r of changed) shown.set(r.id, r as unknown as RecordJson);
    const refused = mergeReplayed(store, removed, changed);
    if (later) cancel = nextFrame(step);
    else {
      const then = waiting;
      waiting = [];
      for (const fn of then) fn();
    }
    return refused;
  };

  return {
    store,
    show(doc) {
      const records = readTldrawRecords(doc);
      cancel?.();
      slice = 0;
      target = new Map(records.map((r) => [r.id, r]));
      if (!loaded) {
        loaded = true;
        const snapshot = Object.fromEntries(records.map((r) => [r.id, r]));
        try {
          store.mergeRemoteChanges(() =>
            store.loadStoreSnapshot({
              store: snapshot as never,
              schema: (readTldrawSchema(doc) ?? store.schema.serialize()) as never,
            }),
          );
          shown = new Map(target);
          return 0;
        } catch {
          // a record tldraw refuses: show the others, one by one, below
        }
      }
      return step();
    },
    afterShown(then) {
      if (cancel) waiting.push(then);
      else then();
    },
  };
}

/**
 * What the store must change to show `target`, in two parts: what to apply now, and whether
 * more remains for the next frame. Only shapes that stand alone are spread over frames (on the
 * page itself, with no children and no bindings, before or after), so the store is consistent
 * after every slice; everything else is applied in the first. Records in `now` that are not in
 * `target` are removals. Removals go newest first, additions oldest first: a long move back
 * looks like the drawing unwinding, a long move forward like it being drawn. `sliceFor` says how
 * many of the stand-alone shapes still to show go in this slice.
 */
function planShow(
  shown: ReadonlyMap<string, RecordJson>,
  target: ReadonlyMap<string, RecordJson>,
  sliceFor: (pending: number) => number,
): { now: RecordJson[]; later: boolean } {
  const removed: RecordJson[] = [];
  const changed: RecordJson[] = [];
  for (const [id, r] of shown) if (!target.has(id)) removed.push(r);
  for (const [id, r] of target) {
    const before = shown.get(id);
    if (before !== r && !sameJson(before, r)) changed.push(r);
  }
  if (removed.length + changed.length <= SHOW_SLICE) return { now: [...removed, ...changed], later: false };
  const tied = tiedShapes([...shown.values(), ...target.values()]);
  const alone = (r: RecordJson | undefined) => !r || isStandAlone(r, tied);
  const now: RecordJson[] = [];
  const deferred: RecordJson[] = [];
  for (const r of removed.reverse()) (alone(r) ? deferred : now).push(r);
  for (const r of changed) (alone(r) && alone(shown.get(r.id)) ? deferred : now).push(r);
  const slice = sliceFor(deferred.length);
  now.push(...deferred.slice(0, slice));
  return { now, later: deferred.length > slice };
}

/** Shapes something else refers to: parents, and both ends of every binding. */
function tiedShapes(records: Iterable<RecordJson>): Set<string> {
  const tied = new Set<string>();
  for (const r of records) {
    if (r.typeName === 'shape' && typeof r.parentId === 'string' && r.parentId.startsWith('shape:'))
      tied.add(r.parentId);
    if (r.typeName === 'binding') {
      if (typeof r.fromId === 'string') tied.add(r.fromId);
      if (typeof r.toId === 'string') tied.add(r.toId);
    }
  }
  return tied;
}

/** A shape on the page itself that nothing refers to: it can be shown or left out on its own. */
function isStandAlone(r: RecordJson, tied: ReadonlySet<string>): boolean {
  return (
    r.typeName === 'shape' &&
    typeof r.parentId === 'string' &&
    r.parentId.startsWith('page:') &&
    !tied.has(r.id)
  );
}

/** The stand-alone shapes among `records`. */
function standAloneShapes(records: readonly RecordJson[]): RecordJson[] {
  const tied = tiedShapes(records);
  return records.filter((r) => isStandAlone(r, tied));
}

/** Shapes sorted by the distance of their middle (their top-left when they have no size) from `centre`. */
function byDistance(shapes: readonly RecordJson[], centre: PagePoint): RecordJson[] {
  const distance = (r: RecordJson) => {
    const props = r.props as { w?: unknown; h?: unknown } | undefined;
    const w = typeof props?.w === 'number' ? props.w : 0;
    const h = typeof props?.h === 'number' ? props.h : 0;
    const x = (typeof r.x === 'number' ? r.x : 0) + w / 2 - centre.x;
    const y = (typeof r.y === 'number' ? r.y : 0) + h / 2 - centre.y;
    return x * x + y * y;
  };
  return shapes
    .map((r) => ({ r, d: distance(r) }))
    .sort((a, b) => a.d - b.d)
    .map((e) => e.r);
}

/** Deep equality of two JSON values (tldraw records as stored in the board document). */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a);
  if (ka.length !== Object.keys(b).length) return false;
  for (const k of ka) {
    if (!Object.prototype.hasOwnProperty.call(b, k)) return false;
    if (!sameJson((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k])) return false;
  }
  return true;
}

/**
 * Applies replayed changes; when tldraw refuses the batch, record by record, leaving out (and
 * counting) the ones it refuses. Never logs: a review page has no console errors.
 */
function mergeReplayed(store: TLStore, remove: TLRecord['id'][], put: TLRecord[]): number {
  if (remove.length === 0 && put.length === 0) return 0;
  const apply = (records: TLRecord[]) =>
    store.mergeRemoteChanges(() => {
      if (remove.length) store.remove(remove.filter((id) => store.has(id)));
      if (records.length) store.put(records);
    });
  try {
    apply(put);
    return 0;
  } catch {
    let refused = 0;
    apply([]);
    for (const record of put) {
      try {
        store.mergeRemoteChanges(() => store.put([record]));
      } catch {
        refused++;
      }
    }
    return refused;
  }
}

/**
 * Applies changes that did not come from this user (so they stay out of undo and are not sent
 * back). A record another client wrote that fails tldraw's validation is logged, not fatal.
 */
function mergeRemote(store: TLStore, remove: TLRecord['id'][], put: TLRecord[], what: string): void {
  if (remove.length === 0 && put.length === 0) return;
  try {
    store.mergeRemoteChanges(() => {
      if (remove.length) store.remove(remove.filter((id) => store.has(id)));
      if (put.length) store.put(put);
    });
  } catch (err) {
    console.error(`boardroom: ${what} could not be applied`, err);
  }
}
