import { type Kysely, sql } from 'kysely';
import type { Migration } from 'kysely/migration';

/**
 * When a record first listed the file (ADR 0021). Whether an upload may still be attached used to
 * be answered by searching every record of the tenant for its id, a scan of the tenant's whole
 * partition on each write that attaches a file, and two concurrent creates could both find it
 * free. A write now claims the file by setting this column where it is null, one row update that
 * a concurrent claim waits for and then finds taken. Files that some record lists today, deleted
 * records included, are marked here, in one pass over the records (none without attachments).
 */
export const migration0014AttachmentsAttachedAt: Migration = {
  // biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time, not typed by today's schema
  async up(db: Kysely<any>): Promise<void> {
    await sql`alter table attachments add column attached_at timestamptz`.execute(db);
    const files = await sql`select 1 from attachments limit 1`.execute(db);
    if (files.rows.length === 0) return;
    // One pass over the records, reading the ids the old check searched for ($.*[*] ? (@.id …)).
    await sql`update attachments set attached_at = attachments.created_at
      from (
        select distinct tenant_id, jsonb_path_query(extra, '$.*[*].id') #>> '{}' as id from records
      ) as listed
      where listed.tenant_id = attachments.tenant_id and listed.id = attachments.id::text`.execute(
      db,
    );
  },
  // biome-ignore lint/suspicious/noExplicitAny: see up()
  async down(db: Kysely<any>): Promise<void> {
    await sql`alter table attachments drop column attached_at`.execute(db);
  },
};
