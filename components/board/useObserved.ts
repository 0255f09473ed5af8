'use client';
import { useEffect, useState } from 'react';

/**
 * A value read from an observable source (a board document), re-read after every change the
 * source reports. `read` and `subscribe` should be stable (module-level functions).
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
    current = { source, value: read(source) };
    setState(current);
  }
  useEffect(() => {
    setValueFrom();
    return subscribe(source, setValueFrom);
    function setValueFrom() {
      setState({ source, value: read(source) });
    }
  }, [source, subscribe, read]);
  return current.value;
}
