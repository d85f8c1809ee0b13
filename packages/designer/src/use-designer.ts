import type { StoreApi } from 'zustand';
import { useStore } from 'zustand';
import type { DesignerState } from './designer-store.js';

/** Reads a slice of one designer instance's store and re-renders when it changes. */
export function useDesigner<T>(
  store: StoreApi<DesignerState>,
  select: (state: DesignerState) => T,
): T {
  return useStore(store, select);
}
