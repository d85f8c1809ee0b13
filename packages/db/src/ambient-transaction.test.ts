import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  afterCommit,
  ambientTransaction,
  outsideTransaction,
  runInTransaction,
} from './ambient-transaction.js';
import type { Database } from './database.js';
import { createMetadataStore } from './metadata-store.js';
import { createRecordStore } from './records/record-store.js';
import { ensureTenant } from './tenants.js';
import { openTestDatabase, testBackends } from './testing.js';

describe.each(testBackends())('ambient transactions on $name', (backend) => {
  let db: Database;
  beforeAll(async () => {
    db = await openTestDatabase(backend, {});
  });
  afterAll(async () => {
    await db.close();
  });

  it('lets metadata reads inside a record transaction join it instead of waiting', async () => {
    const tenant = await ensureTenant(db, { slug: `t_${randomUUID().slice(0, 8)}`, name: 'T' });
    const metadata = createMetadataStore(db);
    const records = createRecordStore(db);
    // Four times the pool size on PostgreSQL; any wait for a second connection would hang here.
    const heads = await Promise.all(
      Array.from({ length: 16 }, () =>
        records.transaction(async (tx) => {
          await tx.nextAutonumber(tenant.id, 1, 'n', '');
          return metadata.listHeads(tenant.id);
        }),
      ),
    );
    expect(heads).toEqual(Array.from({ length: 16 }, () => []));
  });

  it('runs after-commit work at once outside a transaction, after the commit inside one', async () => {
    const ran: string[] = [];
    afterCommit(db, () => ran.push('outside'));
    expect(ran).toEqual(['outside']);
    await runInTransaction(db, async () => {
      afterCommit(db, () => ran.push('outer'));
      await runInTransaction(db, async () => {
        afterCommit(db, () => ran.push('joined'));
      });
      outsideTransaction(db, () => afterCommit(db, () => ran.push('beside')));
      expect(ran).toEqual(['outside', 'beside']);
    });
    expect(ran).toEqual(['outside', 'beside', 'outer', 'joined']);
  });

  it('drops after-commit work when the transaction rolls back', async () => {
    const ran: string[] = [];
    await expect(
      runInTransaction(db, async () => {
        afterCommit(db, () => ran.push('never'));
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    expect(ran).toEqual([]);
  });

  it('joins an open transaction instead of nesting, and rolls back everything', async () => {
    const tenant = await ensureTenant(db, { slug: `t_${randomUUID().slice(0, 8)}`, name: 'T' });
    await expect(
      runInTransaction(db, async (outer) => {
        await runInTransaction(db, async (inner) => {
          expect(inner).toBe(outer);
          await sql`insert into record_counters (tenant_id, object_id, field, value)
            values (${tenant.id}::uuid, 1, 'n', 7)`.execute(inner);
        });
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    const rows =
      await sql`select 1 from record_counters where tenant_id = ${tenant.id}::uuid`.execute(
        db.kysely,
      );
    expect(rows.rows).toEqual([]);
  });

  it('leaves the transaction for work that must run outside one', async () => {
    await runInTransaction(db, async () => {
      expect(ambientTransaction(db)).toBeDefined();
      expect(outsideTransaction(db, () => ambientTransaction(db))).toBeUndefined();
    });
    expect(ambientTransaction(db)).toBeUndefined();
  });
});
