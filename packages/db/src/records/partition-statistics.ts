import { type Kysely, sql } from 'kysely';
import { outsideTransaction } from '../ambient-transaction.js';
import type { Database } from '../database.js';
import type { SystemTables } from '../system-tables.js';
import { recordPartitionOf } from './record-partitions.js';

/** Rows one process writes to a partition between two looks at its statistics. */
const ROWS_BETWEEN_CHECKS = 1000;

/** Below this many pages (128 kB) a partition is not worth analyzing yet. */
const MIN_PAGES = 16;

/** How many times its size at the last analysis a partition grows before the next one. */
const GROWTH = 4;

/**
 * Keeps the planner's statistics of the partitions of `records`, and of `record_audit`, from
 * lagging far behind a fast load (ADR 0013). Without statistics every equality counts as 0.5 % selective, so a partition
 * just filled by bulk creates looks like it holds one row per tenant and object, and statements
 * reading parents or children by id walk a whole index instead of probing it. Autovacuum would
 * analyze within a minute; a bulk load suffers meanwhile.
 */
export interface PartitionStatistics {
  /** Counts rows written to object `objectId`; now and then looks, in the background, whether
   * its partition outgrew its statistics and analyzes it. Never throws, never waits. */
  noteWrites(objectId: number, rows: number): void;
  /** Resolves once every look and analysis started so far has finished. */
  settled(): Promise<void>;
}

/**
 * Statistics upkeep over `db`: after every ROWS_BETWEEN_CHECKS rows this process writes to a
 * partition, one catalog read outside any transaction; an `ANALYZE` of that partition when it
 * has grown more than GROWTH-fold since its statistics were gathered (or never had any). The
 * first analysis is the one that matters and takes every column: a partition holds one object
 * id, so the statistics of `tenant_id` and `object_id` barely move afterwards, and the planner
 * scales row counts by the partition's current size. Later ones stay few (log4 of the rows
 * loaded). On PostgreSQL they are focused (ADR 0018): the columns the runtime's row counts rest
 * on (`tenant_id`, `object_id`, `deleted_at`) and those of the partition's extended statistics,
 * about a third of a whole analysis of an opportunity partition; the other columns are left to
 * autovacuum, whose count of changes since the last whole analysis a column list does not reset.
 * PGlite runs no autovacuum, so there every analysis is whole.
 */
export function createPartitionStatistics(db: Database): PartitionStatistics {
  const written = new Map<string, number>();
  const running = new Map<string, Promise<void>>();
  const focused = db.backend === 'postgres';

  function note(table: string, rows: number, columns: readonly string[]): void {
    const total = (written.get(table) ?? 0) + rows;
    if (total < ROWS_BETWEEN_CHECKS || running.has(table)) {
      written.set(table, total);
      return;
    }
    written.set(table, 0);
    const work = outsideTransaction(db, () =>
      analyzeIfOutgrown(db.kysely, table, focused ? columns : undefined),
    )
      // Upkeep only: a failure (the database closing, a role that may not analyze) costs the
      // planner fresh statistics until autovacuum gathers them, nothing else.
      .catch(() => undefined)
      .finally(() => running.delete(table));
    running.set(table, work);
  }

  return {
    noteWrites(objectId, rows) {
      note(recordPartitionOf(objectId), rows, FOCUSED_COLUMNS);
      // Each row written has its audit entry, which the recent records read by writer.
      note(AUDIT_TABLE, rows, AUDIT_FOCUSED_COLUMNS);
    },
    async settled() {
      await Promise.all(running.values());
    },
  };
}

/** The columns every focused analysis takes: what the row counts of the runtime's statements use. */
const FOCUSED_COLUMNS = ['tenant_id', 'object_id', 'deleted_at'];

/** The record audit log, kept up like a partition: its reads by writer need its row counts. */
const AUDIT_TABLE = 'record_audit';
const AUDIT_FOCUSED_COLUMNS = ['tenant_id', 'object_id', 'actor'];

/** Analyzes `partition` once it outgrew its statistics: whole the first time, else `focused`. */
async function analyzeIfOutgrown(
  executor: Kysely<SystemTables>,
  partition: string,
  focused: readonly string[] | undefined,
): Promise<void> {
  // `relpages` is what the last ANALYZE, VACUUM or CREATE INDEX saw; the file's size is now.
  const result = await sql<{ outgrown: boolean }>`
    select pg_relation_size(c.oid) / current_setting('block_size')::bigint
      > greatest(${GROWTH}::integer * c.relpages, ${MIN_PAGES}::integer) as outgrown
    from pg_class c where c.oid = ${partition}::regclass`.execute(executor);
  if (result.rows[0]?.outgrown !== true) return;
  // Only now the costlier look (pg_stats is a view with privilege checks, three times the
  // time): a partition whose columns have no statistics yet was never analyzed whole.
  const found =
    focused !== undefined
      ? (
          await sql<{ analyzed: boolean; extended: string[] }>`
          select exists (select 1 from pg_stats s
              where s.schemaname = n.nspname and s.tablename = c.relname) as analyzed,
            array(select distinct a.attname::text
              from pg_statistic_ext x cross join unnest(x.stxkeys::int2[]) as k(attnum)
              join pg_attribute a on a.attrelid = c.oid and a.attnum = k.attnum
              where x.stxrelid = c.oid order by 1) as extended
          from pg_class c join pg_namespace n on n.oid = c.relnamespace
          where c.oid = ${partition}::regclass`.execute(executor)
        ).rows[0]
      : undefined;
  if (found === undefined || !found.analyzed) {
    await sql`analyze ${sql.table(partition)}`.execute(executor);
    return;
  }
  // An extended statistics object is built only when all of its columns are analyzed (else a
  // warning per object and analysis), so those columns come along.
  const columns = [...new Set([...(focused ?? []), ...found.extended])];
  await sql`analyze ${sql.table(partition)} (${sql.join(columns.map((column) => sql.ref(column)))})`.execute(
    executor,
  );
}
