// The bulk-create baseline of the API benchmark: the same opportunity rows the API stored, written
// straight into a native typed table with the same indexes, 1,000 rows per INSERT, as many in
// flight as the API run had. No HTTP, validation or audit: what PostgreSQL alone costs for the
// rows and their index entries, measured in the same run against the same server.
// Not from api.mjs: run as a script, it awaits this module at top level, and the cycle would hang.
import { cpuMs } from './measure.mjs';
import { createNativeTable, slotType } from './native-table.mjs';
import { connectClient } from './pg-server.mjs';

/**
 * Copies the object's stored rows into batches of `batchSize` (untimed), then times inserting
 * them into `native_bulk` with `concurrency` connections. Returns rows/s and backend CPU per batch.
 */
export async function runNativeBulk({ databaseUrl, objectName, batchSize, concurrency, limit }) {
  const client = await connectClient(databaseUrl);
  const table = 'native_bulk';
  try {
    const native = await createNativeTable(client, objectName, table);
    if (native.skipped) return native;
    const { tenantId, objectId, fields } = native;
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
        indexes: native.indexes,
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
