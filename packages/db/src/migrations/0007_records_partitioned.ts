import { type Kysely, sql } from 'kysely';
import type { Migration } from 'kysely/migration';

/**
 * Object ids with a partition of their own when this migration was written; larger ids share
 * `records_orest`. Kept here, not imported, because a migration never changes once released.
 */
const OWN_PARTITIONS = 31;

/**
 * `records` partitioned by object id (ADR 0010): one partition per object id 1–31 and one for
 * the rest, all at fillfactor 85. A statement over one object opens only its partition and that
 * partition's indexes; over one unpartitioned table every statement opened, locked and checked
 * the predicate of every runtime index of every object (about 140 for the sales template), so
 * planning a list page and inserting or updating one row paid for all of them, and an update of
 * a slot that some other object indexes could never stay heap-only. Object ids are per tenant,
 * so object N of every tenant shares a partition (and the runtime's indexes shared by object id).
 *
 * Rows are copied into the new table and the old one dropped with its runtime indexes and
 * statistics; the record runtime creates an object's indexes again, on its partition, the first
 * time it reads the object (record-store `ensureIndexes`).
 */
/**
 * Gives the new, empty `records` its keys, moves every row of the renamed old table `from` into
 * it, drops the old table (with its runtime indexes and statistics) and adds the table's
 * statistics again.
 */
/** Renames `records` and its primary key to `name` and drops the table's statistics. */
// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time, not typed by today's schema
async function setRecordsAside(db: Kysely<any>, name: string): Promise<void> {
  await sql`alter table records rename to ${sql.table(name)}`.execute(db);
  await sql`alter table ${sql.table(name)}
    rename constraint records_pkey to ${sql.ref(`${name}_pkey`)}`.execute(db);
  await sql`drop statistics if exists records_tenant_object`.execute(db);
}

// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time, not typed by today's schema
async function fillRecords(db: Kysely<any>, from: string): Promise<void> {
  await sql`alter table records
    add constraint records_pkey primary key (tenant_id, object_id, id),
    add constraint records_tenant_id_fkey foreign key (tenant_id) references tenants (id)`.execute(
    db,
  );
  await sql`insert into records select * from ${sql.table(from)}`.execute(db);
  await sql`drop table ${sql.table(from)}`.execute(db);
  await sql`create statistics records_tenant_object (ndistinct, dependencies)
    on tenant_id, object_id from records`.execute(db);
}

export const migration0007RecordsPartitioned: Migration = {
  // biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time, not typed by today's schema
  async up(db: Kysely<any>): Promise<void> {
    await setRecordsAside(db, 'records_unpartitioned');
    await sql`create table records (like records_unpartitioned including defaults)
      partition by range (object_id)`.execute(db);
    for (let objectId = 1; objectId <= OWN_PARTITIONS; objectId++) {
      await sql
        .raw(
          `create table records_o${objectId} partition of records
          for values from (${objectId}) to (${objectId + 1}) with (fillfactor = 85)`,
        )
        .execute(db);
    }
    await sql
      .raw(
        `create table records_orest partition of records
        for values from (${OWN_PARTITIONS + 1}) to (maxvalue) with (fillfactor = 85)`,
      )
      .execute(db);
    await fillRecords(db, 'records_unpartitioned');
  },

  // biome-ignore lint/suspicious/noExplicitAny: see up()
  async down(db: Kysely<any>): Promise<void> {
    await setRecordsAside(db, 'records_partitioned');
    await sql`create table records (like records_partitioned including defaults)
      with (fillfactor = 85)`.execute(db);
    await fillRecords(db, 'records_partitioned');
  },
};
