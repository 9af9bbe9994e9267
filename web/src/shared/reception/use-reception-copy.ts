// The copy of a received item its page shows: the one loaded, or the one the last action
// returned (until the next load); and whether an action found it stale (412), until reloaded.
import { useState } from 'react';

import { type AsyncState, useAsync } from '../lib/use-async';
import type { ReceptionHost } from './types';

export interface ReceptionCopy<T> {
  loaded: AsyncState<T>;
  /** The copy to show: the last action's answer, or the one loaded. */
  item: T | undefined;
  /** An action found that another clerk acted first (412) since the last load. */
  stale: boolean;
  /** What the actions report to. */
  host: ReceptionHost<T>;
}

export function useReceptionCopy<T>(
  load: (signal: AbortSignal) => Promise<T>,
  id: number,
): ReceptionCopy<T> {
  const loaded = useAsync(load, [id]);
  const [changed, setChanged] = useState<{ base: unknown; item: T }>();
  const [staleBase, setStaleBase] = useState<unknown>(null);
  const item = changed && changed.base === loaded.data ? changed.item : loaded.data;
  const stale = staleBase !== null && staleBase === loaded.data;
  const host: ReceptionHost<T> = {
    onChanged: (next) => setChanged({ base: loaded.data, item: next }),
    onStale: () => setStaleBase(loaded.data),
  };
  return { loaded, item, stale, host };
}
