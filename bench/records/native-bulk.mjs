// The bulk-create baseline of the API benchmark: the same opportunity rows the API stored, written
// straight into a native typed table with the same indexes, 1,000 rows per INSERT, as many in
// flight as the API run had. No HTTP, validation or audit: what PostgreSQL alone costs for the
// rows and their index entries, measured in the same run against the same server.
// Not from api.mjs: run as a script, it awaits this module at top level, and the cycle would hang.
import { cpuMs } from './measure.mjs';
import { connectClient } from './pg-server.mjs';

const SQL_TYPE = { t: 'text', n: 'numeric', d: 'date', ts: 'timestamptz', b: 'boolean', u: 'uuid' };

function slotType(slot) {
  const prefix = /^(ts|t|n|d|b|u)\d+$/.exec(slot)?.[1];
  if (prefix === undefined) throw new Error(`not a slot: ${slot}`);
  return SQL_TYPE[prefix];
}

/** The opportunity's slotted fields, from its published object document: `{ field, slot }`. */
async function slottedFields(client, tenantId, objectName) {
  const { rows } = await client.query(
    `select published from metadata_heads where tenant_id = $1 and kind = 'object' and name = $2`,
    [tenantId, objectName],
  );
  const document = rows[0]?.published;
  const doc = typeof document === 'string' ? JSON.parse(document) : document;
  return (doc?.document ?? doc)?.fields
    ?.map((field) => ({ field: field.name, slot: field.storage?.slot }))
    .filter(({ slot }) => typeof slot === 'string' && slot !== 'extra');
}

/**
 * The runtime's index definitions of the object's partition, rewritten for the native table:
 * slot columns renamed to field columns, the object and tenant dropped from the predicates.
 */
function nativeIndexes(definitions, fields, partition, table) {
  const column = new Map(fields.map(({ field, slot }) => [slot, `f_${field}`]));
  return definitions.map(({ indexname, indexdef }) =>
    indexdef
      .replace(indexname, `${table}_${indexname}`)
      .replace(`ON public.${partition} `, `ON ${table} `)
      .replace(/\(tenant_id = '[0-9a-f-]+'::uuid\) AND /, '')
      .replace(/\(object_id = \d+\) AND /, '')
      .replace(/\b(ts|t|n|d|b|u)\d+\b/g, (slot) => column.get(slot) ?? slot),
  );
}

/**
 * Copies the object's stored rows into batches of `batchSize` (untimed), then times inserting
 * them into `native_bulk` with `concurrency` connections. Returns rows/s and backend CPU per batch.
 */
export async function runNativeBulk({ databaseUrl, objectName, batchSize, concurrency, limit }) {
  const client = await connectClient(databaseUrl);
  const table = 'native_bulk';
  try {
    const [{ tenant_id: tenantId, object_id: objectId }] = (
      await client.query('select tenant_id, object_id from record_objects where object_name = $1', [
        objectName,
      ])
    ).rows;
    const partition = (
      await client.query(
        `select tableoid::regclass::text as partition from records
         where tenant_id = $1 and object_id = $2 limit 1`,
        [tenantId, objectId],
      )
    ).rows[0]?.partition;
    const fields = await slottedFields(client, tenantId, objectName);
    if (!partition || !fields?.length) return { skipped: 'no stored rows or fields to copy' };
    const definitions = (
      await client.query(
        `select indexname, indexdef from pg_indexes where tablename = $1 and indexname like 'rx\\_%'
         and (indexdef like $2 or indexdef not like '%tenant_id = ''%')`,
        [partition, `%${tenantId}%`],
      )
    ).rows.filter(({ indexdef }) => indexdef.includes(`object_id = ${objectId})`));
    const columns = fields.map(({ field, slot }) => `f_${field} ${slotType(slot)}`);
    await client.query(`drop table if exists ${table}`);
    await client.query(`create table ${table} (
      tenant_id uuid not null, id uuid not null, owner_id uuid,
      created_at timestamptz not null, updated_at timestamptz not null,
      version integer not null default 1, deleted_at timestamptz, ${columns.join(', ')},
      primary key (tenant_id, id)) with (fillfactor = 85)`);
    for (const statement of nativeIndexes(definitions, fields, partition, table)) {
      await client.query(statement);
    }
    const selected = fields.map(({ field, slot }) => `${slot} as f_${field}`).join(', ');
    // The rows keep the ids the API gave them, batched in the order the API made them: the
    // native table pays for the same kind of ids (time-ordered, ADR 0016) in the same order.
    const { rows } = await client.query(
      `select jsonb_agg(to_jsonb(s) - 'n') as batch
       from (select (row_number() over (order by id) - 1) / ${batchSize} as n,
               tenant_id, id, owner_id, ${selected}
             from records where tenant_id = $1 and object_id = $2 and deleted_at is null
             order by id limit $3) s
       group by s.n order by s.n`,
      [tenantId, objectId, limit],
    );
    const batches = rows
      .map((row) => JSON.stringify(row.batch))
      .filter((batch) => JSON.parse(batch).length === batchSize);
    const recordset = [
      'tenant_id uuid',
      'id uuid',
      'owner_id uuid',
      ...fields.map(({ field, slot }) => `f_${field} ${slotType(slot)}`),
    ].join(', ');
    const names = fields.map(({ field }) => `f_${field}`).join(', ');
    const insert = `insert into ${table} (tenant_id, id, owner_id, created_at, updated_at, ${names})
      select tenant_id, id, owner_id, now(), now(), ${names}
      from jsonb_to_recordset($1::jsonb) as v(${recordset})`;
    const writers = await Promise.all(
      Array.from({ length: concurrency }, () => connectClient(databaseUrl)),
    );
    try {
      const pids = [];
      for (const writer of writers) {
        await writer.query('set jit = off');
        pids.push((await writer.query('select pg_backend_pid() as pid')).rows[0].pid);
      }
      const cpuBefore = pids.map((pid) => cpuMs(pid));
      let next = 0;
      const started = performance.now();
      await Promise.all(
        writers.map(async (writer) => {
          while (next < batches.length) {
            const batch = batches[next++];
            await writer.query(insert, [batch]);
          }
        }),
      );
      const seconds = (performance.now() - started) / 1000;
      const cpu = pids.reduce((sum, pid, index) => sum + cpuMs(pid) - cpuBefore[index], 0);
      return {
        batches: batches.length,
        indexes: definitions.length + 1,
        seconds: Math.round(seconds * 100) / 100,
        recordsPerSecond: Math.round((batches.length * batchSize) / seconds),
        databaseCpuMsPerBatch: Math.round((cpu / Math.max(1, batches.length)) * 100) / 100,
      };
    } finally {
      await Promise.all(writers.map((writer) => writer.end()));
    }
  } finally {
    await client.query(`drop table if exists ${table}`).catch(() => {});
    await client.end();
  }
}
