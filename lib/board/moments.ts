/**
 * What happened at each entry of a board's log, for the review timeline: typed moments (scope
 * items added, answered, pinned; estimates run; focus components marked; step changes; entries
 * that did not apply), which parts of the board each entry changed, and who drew each shape.
 * Read with Yjs observers on the document the log is replayed into, so one pass over the log
 * gives everything.
 */
import * as Y from 'yjs';
import {
  estimatesMap,
  focusMap,
  frameworkEvents,
  scopeMap,
  tldrawEntries,
  wrapupMap,
  type RecordJson,
} from './schema';

/** The kinds of moment, in the order the timeline's filters list them. */
export const MOMENT_KINDS = ['step', 'scope', 'answer', 'pin', 'estimate', 'focus', 'note', 'gap'] as const;

/** A kind of moment. */
export type MomentKind = (typeof MOMENT_KINDS)[number];

/** A moment worth a marker on the timeline. */
export interface Moment {
  kind: MomentKind;
  /** Log position: the number of entries applied once it happened. */
  index: number;
  /** Server time, unix ms. */
  at: number;
  /** What happened, in a few words. */
  label: string;
  /** Who did it (the log's actor name), when known. */
  by: string | null;
}

/** Parts of the board an entry changed (bit flags). */
export const Part = {
  canvas: 1,
  scope: 2,
  estimates: 4,
  focus: 8,
  wrapup: 16,
  framework: 32,
} as const;

/** A panel record (scope item, estimate, focus component) an entry changed. */
export interface RecordChange {
  part: 'scope' | 'estimates' | 'focus';
  id: string;
}

/** Collects moments while a log is applied to `doc`; call `at(i, entry)` before applying entry i. */
export class MomentRecorder {
  readonly moments: Moment[] = [];
  /** Per applied entry: the Part flags it changed. */
  readonly parts: number[] = [];
  /** Per applied entry: the panel record it changed last (sparse). */
  readonly records = new Map<number, RecordChange>();
  /** Shape id -> the name of whoever created it (first writer wins). */
  readonly shapeAuthors = new Map<string, string>();
  private index = 0;
  private at = 0;
  private by: string | null = null;
  private readonly answered = new Set<string>();
  private readonly detach: Array<() => void> = [];

  constructor(doc: Y.Doc) {
    const watch = <T>(
      type: Y.AbstractType<T>,
      fn: (events: Array<Y.YEvent<Y.AbstractType<unknown>>>) => void,
    ) => {
      type.observeDeep(fn as never);
      this.detach.push(() => type.unobserveDeep(fn as never));
    };
    const entries = tldrawEntries(doc);
    const onCanvas = (event: Y.YArrayEvent<{ key: string; val: RecordJson }>) => {
      this.mark(Part.canvas);
      if (this.by) this.authorsOf(event.transaction, entries);
    };
    entries.observe(onCanvas);
    this.detach.push(() => entries.unobserve(onCanvas));
    watch(scopeMap(doc), (events) => this.collection('scope', events));
    watch(estimatesMap(doc), (events) => this.collection('estimates', events));
    watch(focusMap(doc), (events) => this.collection('focus', events));
    watch(wrapupMap(doc), () => this.mark(Part.wrapup));
    watch(frameworkEvents(doc), () => this.mark(Part.framework));
  }

  /** The next changes belong to log entry `index` (0-based), stamped `at`, made by `by`. */
  next(index: number, at: number, by: string | null): void {
    this.index = index + 1;
    this.at = at;
    this.by = by;
    this.parts[index] = 0;
  }

  /** An entry that did not apply: a gap in the record. */
  gap(index: number, at: number): void {
    this.moments.push({
      kind: 'gap',
      index: index + 1,
      at,
      label: 'A change that could not be replayed',
      by: null,
    });
  }

  /** Adds a moment at the current entry. */
  add(kind: MomentKind, label: string, by: string | null = this.by): void {
    this.moments.push({ kind, index: this.index, at: this.at, label, by });
  }

  /** Stops observing. */
  stop(): void {
    for (const d of this.detach) d();
    this.detach.length = 0;
  }

  /**
   * Records who created the shapes the transaction added to `entries`. Read from the structs
   * the transaction inserted (its state vector before and after), not from `event.changes`,
   * which walks the whole array on every update: on a two-hour log that walk was 40 % of the
   * replay pass (docs/architecture.md, "Review replay").
   */
  private authorsOf(transaction: Y.Transaction, entries: unknown): void {
    const clients = transaction.doc.store.clients;
    for (const [client, after] of transaction.afterState) {
      const before = transaction.beforeState.get(client) ?? 0;
      const structs = clients.get(client);
      if (after <= before || !structs) continue;
      for (let i = Y.findIndexSS(structs, before); i < structs.length; i++) {
        const struct = structs[i]!;
        if (!(struct instanceof Y.Item) || struct.parent !== entries || struct.deleted) continue;
        const values = struct.content.getContent() as Array<{ key?: unknown }>;
        for (const value of values.slice(Math.max(0, before - struct.id.clock))) {
          const key = typeof value?.key === 'string' ? value.key : null;
          if (key?.startsWith('shape:') && !this.shapeAuthors.has(key)) this.shapeAuthors.set(key, this.by!);
        }
      }
    }
  }

  private mark(part: number): void {
    const i = this.index - 1;
    if (i >= 0) this.parts[i] = (this.parts[i] ?? 0) | part;
  }

  private collection(part: RecordChange['part'], events: Array<Y.YEvent<Y.AbstractType<unknown>>>): void {
    this.mark(part === 'scope' ? Part.scope : part === 'estimates' ? Part.estimates : Part.focus);
    for (const event of events) {
      if (event.path.length === 0) {
        // The collection itself: records added.
        for (const [id, change] of event.changes.keys) {
          if (change.action !== 'add') continue;
          this.records.set(this.index - 1, { part, id });
          const record = (event.target as Y.Map<Y.Map<unknown>>).get(id);
          const text = String(record?.get(part === 'scope' ? 'text' : 'label') ?? '').slice(0, 80);
          if (part === 'scope') this.add('scope', `Scope: ${text || 'item added'}`);
          else if (part === 'estimates') this.add('estimate', `Estimate: ${text || 'run'}`);
          else this.add('focus', `Focus: ${text || 'component marked'}`);
        }
        continue;
      }
      const id = String(event.path[0]);
      this.records.set(this.index - 1, { part, id });
      const record = event.target as Y.Map<unknown>;
      for (const [key] of event.changes.keys) {
        if (key === 'pinned' && record.get('pinned') === true) {
          const text = String(record.get(part === 'scope' ? 'text' : 'label') ?? '').slice(0, 80);
          this.add('pin', `Pinned: ${text}`);
        }
        if (part === 'scope' && key === 'answer' && String(record.get('answer') ?? '').trim()) {
          if (this.answered.has(id)) continue;
          this.answered.add(id);
          this.add('answer', `Answered: ${String(record.get('text') ?? '').slice(0, 80)}`);
        }
      }
    }
  }
}
