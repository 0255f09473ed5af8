/**
 * Structural sharing for values read from a document: `shareEqual(previous, next)` returns
 * `next` with every part that equals the same part of `previous` replaced by that part of
 * `previous` (the whole of `previous` when nothing differs). React then sees unchanged items
 * as the same objects, so memoised rows skip rendering (docs/architecture.md, "Review replay").
 *
 * Plain data only (what the document readers return): arrays, plain objects and primitives.
 * Anything else (a Map, a Date, a class instance) counts as equal only when it is the same object.
 */
export function shareEqual<T>(previous: unknown, next: T): T {
  if (Object.is(previous, next)) return next;
  if (Array.isArray(previous) && Array.isArray(next)) {
    let same = previous.length === next.length;
    let reused = false;
    const out = next.map((item: unknown, i) => {
      const shared = i < previous.length ? shareEqual(previous[i], item) : item;
      if (shared !== previous[i]) same = false;
      if (shared !== item) reused = true;
      return shared;
    });
    return (same ? previous : reused ? out : next) as T;
  }
  if (isPlainObject(previous) && isPlainObject(next)) {
    const keys = Object.keys(next);
    let same = keys.length === Object.keys(previous).length;
    let reused = false;
    const out: Record<string, unknown> = {};
    for (const key of keys) {
      const had = Object.hasOwn(previous, key);
      const shared = had ? shareEqual(previous[key], next[key]) : next[key];
      if (!had || shared !== previous[key]) same = false;
      if (shared !== next[key]) reused = true;
      out[key] = shared;
    }
    return (same ? previous : reused ? out : next) as T;
  }
  return next;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}
