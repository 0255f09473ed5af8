'use client';
import { useEffect, useState } from 'react';
import { shareEqual } from '../../lib/sharedEqual';

/**
 * A value read from an observable source (a board document), re-read after every change the
 * source reports. `read` and `subscribe` should be stable (module-level functions).
 *
 * What is read shares structure with what was read before (`shareEqual`): a change elsewhere in
 * the document, or a new document with the same content (the replay moving back), leaves the
 * value, and each unchanged item of it, the same object, so the component does not render again
 * and memoised rows skip (docs/architecture.md, "Review replay").
 */
export function useObserved<S, T>(
  source: S,
  subscribe: (source: S, listener: () => void) => () => void,
  read: (source: S) => T,
): T {
  const [state, setState] = useState(() => ({ source, value: read(source) }));
  // A new source is read in this render, not after it (the replay swaps documents when it moves
  // back: the panel must show the new moment in the same frame as the canvas).
  let current = state;
  if (state.source !== source) {
    current = { source, value: shareEqual(state.value, read(source)) };
    setState(current);
  }
  useEffect(() => {
    setValueFrom();
    return subscribe(source, setValueFrom);
    function setValueFrom() {
      setState((prev) => {
        const value = shareEqual(prev.value, read(source));
        return prev.source === source && value === prev.value ? prev : { source, value };
      });
    }
  }, [source, subscribe, read]);
  return current.value;
}
