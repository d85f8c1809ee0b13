/** What a saved view shows: the parts of a view document a user may choose. */
export interface SavedViewDefinition {
  readonly type: 'list' | 'kanban' | 'calendar';
  readonly columns: readonly { readonly field: string; readonly width?: number }[];
  readonly filter?: unknown;
  readonly sort?: readonly { readonly field: string; readonly direction: 'asc' | 'desc' }[];
  readonly pageSize?: number;
  readonly kanban?: unknown;
  readonly calendar?: unknown;
}

/** A view a user saved: personal (only its owner sees it) or shared with the whole tenant. */
export interface SavedView {
  readonly tenantId: string;
  readonly id: string;
  readonly object: string;
  readonly label: string;
  readonly visibility: 'personal' | 'shared';
  readonly ownerId: string;
  readonly definition: SavedViewDefinition;
  readonly version: number;
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** The storage port of saved views (packages/db keeps them in `saved_views`). */
export interface SavedViewStore {
  /** The shared views of an object and the personal ones of `ownerId`, by label. */
  list(tenantId: string, object: string, ownerId: string): Promise<SavedView[]>;
  get(tenantId: string, id: string): Promise<SavedView | undefined>;
  insert(view: SavedView): Promise<void>;
  /** Replaces a view at `expectedVersion` (its version becomes one more); false when stale. */
  update(view: SavedView, expectedVersion: number): Promise<boolean>;
  /** Deletes a view at `expectedVersion`; false when stale or gone. */
  remove(tenantId: string, id: string, expectedVersion: number): Promise<boolean>;
}
