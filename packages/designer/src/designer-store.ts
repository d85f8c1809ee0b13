import type { FormDoc } from '@tangram/schema';
import { createStore, type StoreApi } from 'zustand/vanilla';

/** A pure edit of a form document, such as `(f) => moveItem(f, 'f_name', 'basic', 0)`. */
export type FormCommand = (form: FormDoc) => FormDoc;

/** The state of one form designer: the document, its undo and redo stacks, the selection. */
export interface DesignerState {
  readonly form: FormDoc;
  readonly past: readonly FormDoc[];
  readonly future: readonly FormDoc[];
  /** The id of the selected block or item, shown in the inspector. */
  readonly selectedId: string | null;
  /** True when the form differs from the one last marked saved. */
  readonly dirty: boolean;
  /** Runs a command; a command that changes nothing leaves no undo step. */
  apply(command: FormCommand): void;
  undo(): void;
  redo(): void;
  select(id: string | null): void;
  /** Replaces the document (a load or a revert), clearing the history. */
  reset(form: FormDoc): void;
  /** Marks the current document as saved. */
  markSaved(): void;
}

/** How many steps undo remembers. */
export const UNDO_LIMIT = 200;

/** A designer store of its own for each designer instance (zustand vanilla store). */
export function createDesignerStore(form: FormDoc): StoreApi<DesignerState> {
  let saved = form;
  return createStore<DesignerState>()((set, get) => ({
    form,
    past: [],
    future: [],
    selectedId: null,
    dirty: false,
    apply(command) {
      const current = get().form;
      const next = command(current);
      if (next === current) return;
      set({
        form: next,
        past: [...get().past, current].slice(-UNDO_LIMIT),
        future: [],
        dirty: next !== saved,
      });
    },
    undo() {
      const { past, form: current, future } = get();
      const previous = past.at(-1);
      if (previous === undefined) return;
      set({
        form: previous,
        past: past.slice(0, -1),
        future: [current, ...future],
        dirty: previous !== saved,
      });
    },
    redo() {
      const { past, form: current, future } = get();
      const next = future[0];
      if (next === undefined) return;
      set({ form: next, past: [...past, current], future: future.slice(1), dirty: next !== saved });
    },
    select(id) {
      set({ selectedId: id });
    },
    reset(next) {
      saved = next;
      set({ form: next, past: [], future: [], selectedId: null, dirty: false });
    },
    markSaved() {
      saved = get().form;
      set({ dirty: false });
    },
  }));
}
