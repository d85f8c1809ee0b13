import { randomUUID } from 'node:crypto';
import type { AuditEntry, NewRecord } from '@tangram/engine';

/** When the rows of the record store tests were created. */
export const AT = '2026-05-01T10:00:00.000Z';

/** A new row of object `objectId` for the store tests, created by `user-1` at AT. */
export function newRecord(
  tenantId: string,
  objectId: number,
  slots: NewRecord['slots'],
  extra: NewRecord['extra'] = {},
  overrides: Partial<NewRecord> = {},
): NewRecord {
  return {
    tenantId,
    objectId,
    id: randomUUID(),
    ownerId: null,
    createdBy: 'user-1',
    createdAt: AT,
    slots,
    extra,
    ...overrides,
  };
}

/** The audit entry of creating `row`: every slot from nothing to its value. */
export function createdAudit(row: NewRecord): AuditEntry {
  return {
    tenantId: row.tenantId,
    objectId: row.objectId,
    id: row.id,
    action: 'create',
    actorId: row.createdBy,
    at: row.createdAt,
    version: 1,
    changes: Object.fromEntries(
      Object.entries(row.slots).map(([key, value]) => [key, [null, value]]),
    ),
  };
}
