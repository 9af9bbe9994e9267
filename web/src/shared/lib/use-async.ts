import { useCallback, useEffect, useRef, useState } from 'react';

export interface AsyncState<T> {
  /** The latest answer; kept while a newer request runs, so tables do not flash empty. */
  data: T | undefined;
  /** The error of the current request, if it failed. */
  error: unknown;
  loading: boolean;
  /** Runs the loader again (after a change). */
  reload: () => void;
}

interface Settled<T> {
  key: string | null;
  data: T | undefined;
  error: unknown;
}

/**
 * Runs `load` whenever `deps` (JSON-serialisable values: filters, ids) change and keeps the latest
 * answer. An answer that arrives after a newer request started is dropped, and the request is
 * aborted when the component goes away.
 */
export function useAsync<T>(
  load: (signal: AbortSignal) => Promise<T>,
  deps: readonly unknown[],
  enabled = true,
): AsyncState<T> {
  const [version, setVersion] = useState(0);
  const [settled, setSettled] = useState<Settled<T>>({
    key: null,
    data: undefined,
    error: undefined,
  });
  const key = JSON.stringify([deps, version]);
  const loadRef = useRef(load);
  // Runs before the effect below (effects run in order), so it always calls the newest loader.
  useEffect(() => {
    loadRef.current = load;
  });

  useEffect(() => {
    if (!enabled) {
      return undefined;
    }
    const controller = new AbortController();
    loadRef.current(controller.signal).then(
      (data) => {
        if (!controller.signal.aborted) {
          setSettled({ key, data, error: undefined });
        }
      },
      (error: unknown) => {
        if (!controller.signal.aborted) {
          setSettled((previous) => ({ key, data: previous.data, error }));
        }
      },
    );
    return () => controller.abort();
  }, [key, enabled]);

  const reload = useCallback(() => setVersion((v) => v + 1), []);
  return {
    data: settled.data,
    error: settled.key === key ? settled.error : undefined,
    loading: enabled && settled.key !== key,
    reload,
  };
}
