import type { SavedView, SavedViewDefinition, SavedViewStore } from '@tangram/engine';
import { type Selectable, sql } from 'kysely';
import { ambientTransaction } from './ambient-transaction.js';
import type { Database } from './database.js';
import type { SavedViewsTable } from './system-tables.js';

function toSavedView(row: Selectable<SavedViewsTable>): SavedView {
  return {
    tenantId: row.tenant_id,
    id: row.id,
    object: row.object,
    label: row.label,
    visibility: row.visibility,
    ownerId: row.owner_id,
    definition: row.definition,
    version: row.version,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

const toJson = (definition: SavedViewDefinition) => JSON.stringify(definition);

/** The saved-view store port over the `saved_views` table. */
export function createSavedViewStore(db: Database): SavedViewStore {
  const kysely = () => ambientTransaction(db) ?? db.kysely;
  return {
    async list(tenantId, object, ownerId) {
      const rows = await kysely()
        .selectFrom('saved_views')
        .selectAll()
        .where('tenant_id', '=', tenantId)
        .where('object', '=', object)
        .where((eb) => eb.or([eb('visibility', '=', 'shared'), eb('owner_id', '=', ownerId)]))
        .orderBy(sql`lower(label)`)
        .orderBy('id')
        .execute();
      return rows.map(toSavedView);
    },

    async get(tenantId, id) {
      const row = await kysely()
        .selectFrom('saved_views')
        .selectAll()
        .where('tenant_id', '=', tenantId)
        .where('id', '=', id)
        .executeTakeFirst();
      return row === undefined ? undefined : toSavedView(row);
    },

    async insert(view) {
      await kysely()
        .insertInto('saved_views')
        .values({
          tenant_id: view.tenantId,
          id: view.id,
          object: view.object,
          label: view.label,
          visibility: view.visibility,
          owner_id: view.ownerId,
          definition: toJson(view.definition),
          version: view.version,
          created_at: new Date(view.createdAt),
          updated_at: new Date(view.updatedAt),
        })
        .execute();
    },

    async update(view, expectedVersion) {
      const result = await kysely()
        .updateTable('saved_views')
        .set({
          label: view.label,
          visibility: view.visibility,
          definition: toJson(view.definition),
          version: expectedVersion + 1,
          updated_at: new Date(view.updatedAt),
        })
        .where('tenant_id', '=', view.tenantId)
        .where('id', '=', view.id)
        .where('version', '=', expectedVersion)
        .executeTakeFirst();
      return result.numUpdatedRows > 0n;
    },

    async remove(tenantId, id, expectedVersion) {
      const result = await kysely()
        .deleteFrom('saved_views')
        .where('tenant_id', '=', tenantId)
        .where('id', '=', id)
        .where('version', '=', expectedVersion)
        .executeTakeFirst();
      return result.numDeletedRows > 0n;
    },
  };
}
