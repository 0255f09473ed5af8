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
  const [value, setValue] = useState(() => read(source));
  useEffect(() => {
    setValueFrom();
    return subscribe(source, setValueFrom);
    function setValueFrom() {
      setValue(read(source));
    }
  }, [source, subscribe, read]);
  return value;
}
