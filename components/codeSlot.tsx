'use client';
/**
 * A component whose code loads on demand, shown without Suspense (docs/architecture.md, "Pages
 * open fast").
 *
 * `next/dynamic` (React.lazy) shows its fallback and, once the chunk arrives, React holds the
 * reveal until 300 ms after that fallback appeared (its throttle against flashing fallbacks). On a
 * warm board open the chunk is in the cache and arrives within ~40 ms: the page then sat idle for
 * ~220 ms (a trace of the board page: a 218 ms timer set by React). Here the module's promise is
 * kept, and the slot reads the component as an external store whose server snapshot is "not
 * loaded": the server and a hydrating page render the placeholder (hydration matches even when
 * React retries it after the code arrived), any other render the component at once if it is here.
 */
import { useEffect, useSyncExternalStore, type ComponentType, type ReactNode } from 'react';

export interface CodeSlot<P extends object> {
  /** Starts loading the code (once); resolves to the component. */
  load: () => Promise<ComponentType<P>>;
  /** The component once its code is loaded (the load starts here if nobody started it). */
  Slot: ComponentType<P>;
}

export function codeSlot<P extends object>(
  importComponent: () => Promise<ComponentType<P>>,
  placeholder: ReactNode,
): CodeSlot<P> {
  let loading: Promise<ComponentType<P>> | null = null;
  let loaded: ComponentType<P> | null = null;
  const listeners = new Set<() => void>();
  const subscribe = (listener: () => void) => {
    listeners.add(listener);
    return () => void listeners.delete(listener);
  };
  const load = () =>
    (loading ??= importComponent().then((c) => {
      loaded = c;
      for (const listener of listeners) listener();
      return c;
    }));
  function Slot(props: P) {
    const Loaded = useSyncExternalStore(
      subscribe,
      () => loaded,
      () => null,
    );
    useEffect(() => void load(), []);
    return Loaded ? <Loaded {...props} /> : placeholder;
  }
  return { load, Slot };
}
