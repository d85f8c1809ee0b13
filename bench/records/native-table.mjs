// A native typed table holding what the runtime stores for one object: one column per slotted
// field (`f_<field>`, typed as its slot), the runtime's own indexes of the object's partition
// rewritten for it. The API benchmark's baselines (native-bulk.mjs, native-api.mjs) write and
// read it in the same run as the API, against the same server.

const SQL_TYPE = { t: 'text', n: 'numeric', d: 'date', ts: 'timestamptz', b: 'boolean', u: 'uuid' };

/** The SQL type of a slot column (`n3` → numeric). */
export function slotType(slot) {
  const prefix = /^(ts|t|n|d|b|u)\d+$/.exec(slot)?.[1];
  if (prefix === undefined) throw new Error(`not a slot: ${slot}`);
  return SQL_TYPE[prefix];
}

/** The object's slotted fields, from its published object document: `{ field, slot }`. */
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
 * (Re)creates `table` for the stored rows of `objectName`, empty, with the runtime's indexes.
 * Returns `{ tenantId, objectId, fields, indexes }`, or `{ skipped }` when there is nothing to copy.
 */
export async function createNativeTable(client, objectName, table) {
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
  return { tenantId, objectId, fields, indexes: definitions.length + 1 };
}
