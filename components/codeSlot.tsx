'use client';
/**
 * A component whose code loads on demand, shown without Suspense (docs/architecture.md, "Pages
 * open fast").
 *
 * `next/dynamic` (React.lazy) shows its fallback and, once the chunk arrives, React holds the
 * reveal until 300 ms after that fallback appeared (its throttle against flashing fallbacks). On a
 * warm board open the chunk is in the cache and arrives within ~40 ms: the page then sat idle for
 * ~220 ms (a trace of the board page: a 218 ms timer set by React). Here the module's promise is
 * kept, the slot reads the component from state, and shows a placeholder until it is there. On
 * the server and while a page hydrates the code is never loaded yet (the load is started by a
 * render at the earliest), so the slot renders the placeholder there and hydration matches.
 */
import { useEffect, useState, type ComponentType, type ReactNode } from 'react';

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
  const load = () => (loading ??= importComponent().then((c) => (loaded = c)));
  function Slot(props: P) {
    const [Loaded, setLoaded] = useState<ComponentType<P> | null>(() => loaded);
    useEffect(() => {
      if (Loaded) return;
      let cancelled = false;
      void load().then((c) => !cancelled && setLoaded(() => c));
      return () => {
        cancelled = true;
      };
    }, [Loaded]);
    return Loaded ? <Loaded {...props} /> : placeholder;
  }
  return { load, Slot };
}
