// The per-request baseline of the API benchmark: a bare HTTP server (node:http and a pg pool of
// ten, one file) answering the bench's get, list, create and update requests on the same paths
// from a native typed table holding a copy of the stored rows, with the runtime's indexes. No
// framework, sign-in, access rules, validation, formulas, rollups, audit or cursor: the floor a
// hand-written server on the same host, PostgreSQL and load generator reaches, in the same run.
//   node bench/records/native-api.mjs '{"databaseUrl":…,"tenant":…,"fields":[…]}'   (as a child)
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { createNativeTable } from './native-table.mjs';
import { connectClient } from './pg-server.mjs';

const TABLE = 'native_api';
const PATH = /^\/api\/v1\/objects\/[a-z][a-z0-9_]*\/records(?:\/([0-9a-f-]{36}))?$/;

/**
 * Copies the object's live rows into a native table (untimed), then starts the bare server as a
 * child process. Resolves to `{ base, pid, stop }`, or `{ skipped }`.
 */
export async function startNativeApi({ databaseUrl, objectName }) {
  const client = await connectClient(databaseUrl);
  let native;
  try {
    native = await createNativeTable(client, objectName, TABLE);
    if (native.skipped) return native;
    const columns = native.fields.map(({ field }) => `f_${field}`).join(', ');
    const slots = native.fields.map(({ slot }) => slot).join(', ');
    await client.query(
      `insert into ${TABLE} (tenant_id, id, owner_id, created_at, updated_at, version, ${columns})
       select tenant_id, id, owner_id, created_at, updated_at, version, ${slots}
       from records where tenant_id = $1 and object_id = $2 and deleted_at is null`,
      [native.tenantId, native.objectId],
    );
    await client.query(`analyze ${TABLE}`);
  } finally {
    await client.end();
  }
  const settings = {
    databaseUrl,
    tenant: native.tenantId,
    fields: native.fields.map(({ field }) => field),
  };
  const child = spawn(
    process.execPath,
    [fileURLToPath(import.meta.url), JSON.stringify(settings)],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const port = await new Promise((resolve, reject) => {
    let output = '';
    child.stdout.on('data', (chunk) => {
      output += chunk;
      const match = /listening (\d+)/.exec(output);
      if (match) resolve(Number(match[1]));
    });
    child.on('exit', (code) => reject(new Error(`native API server exited with ${code}`)));
  });
  return {
    base: `http://127.0.0.1:${port}`,
    pid: child.pid,
    async stop() {
      child.kill('SIGTERM');
      await new Promise((resolve) => child.once('exit', resolve));
      const cleanup = await connectClient(databaseUrl);
      try {
        await cleanup.query(`drop table if exists ${TABLE}`);
      } finally {
        await cleanup.end();
      }
    },
  };
}

/** The bare server itself, in the child. */
async function serve(settings) {
  const requireFromDb = createRequire(new URL('../../packages/db/package.json', import.meta.url));
  const pg = requireFromDb('pg');
  const pool = new pg.Pool({ connectionString: settings.databaseUrl, max: 10 });
  // As the runtime's own pool does.
  pool.on('connect', (client) => void client.query('set jit = off'));
  const tenant = settings.tenant;
  const fields = new Set(settings.fields);
  const selected = [
    'id',
    'version',
    'owner_id',
    'created_at',
    'updated_at',
    ...[...fields].map((field) => `f_${field} as "${field}"`),
  ].join(', ');
  const statements = new Map();
  /** A named statement per SQL text, prepared once per connection like the runtime's. */
  const run = (text, values) => {
    let name = statements.get(text);
    if (name === undefined) {
      name = `n${statements.size}`;
      statements.set(text, name);
    }
    return pool.query({ name, text, values });
  };
  const send = (res, status, body, version) => {
    const json = JSON.stringify(body);
    res.writeHead(status, {
      'content-type': 'application/json; charset=utf-8',
      'content-length': Buffer.byteLength(json),
      ...(version === undefined ? {} : { etag: `"${version}"` }),
    });
    res.end(json);
  };
  const known = (body) => Object.keys(body).filter((key) => fields.has(key));

  async function list(res, query) {
    const filter = JSON.parse(query.get('filter') ?? 'null');
    const sort = query.get('sort') ?? 'id';
    const descending = sort.startsWith('-');
    const by = descending ? sort.slice(1) : sort;
    if (filter !== null && !(filter.kind === 'condition' && filter.op === 'eq'))
      return send(res, 400, { error: 'one eq condition only' });
    if (!fields.has(by) || (filter !== null && !fields.has(filter.field)))
      return send(res, 400, { error: 'unknown field' });
    // Descending, only non-empty values, walking the index `(tenant_id, f_<by>, id)` backwards,
    // as the runtime's first read does (it reads empty values after them only to fill a page).
    const where = `${descending ? ` and f_${by} is not null` : ''}${filter === null ? '' : ` and f_${filter.field} = $3`}`;
    const order = descending ? `f_${by} desc, id desc` : `f_${by}, id`;
    const values = [tenant, Number(query.get('limit') ?? 50)];
    if (filter !== null) values.push(filter.value);
    const { rows } = await run(
      `select ${selected} from ${TABLE} where tenant_id = $1 and deleted_at is null${where}
       order by ${order} limit $2`,
      values,
    );
    send(res, 200, { records: rows, nextCursor: null });
  }

  async function get(res, id) {
    const { rows } = await run(
      `select ${selected} from ${TABLE} where tenant_id = $1 and id = $2 and deleted_at is null`,
      [tenant, id],
    );
    if (rows[0] === undefined) return send(res, 404, { error: 'not found' });
    send(res, 200, rows[0], rows[0].version);
  }

  async function create(res, body) {
    const names = known(body);
    const placeholders = names.map((_, index) => `$${index + 3}`);
    const { rows } = await run(
      `insert into ${TABLE} (tenant_id, id, created_at, updated_at${names.map((n) => `, f_${n}`).join('')})
       values ($1, $2, now(), now()${placeholders.map((p) => `, ${p}`).join('')})
       returning ${selected}`,
      [tenant, randomUUID(), ...names.map((name) => body[name])],
    );
    send(res, 201, rows[0], rows[0].version);
  }

  async function update(res, id, body, ifMatch) {
    const version = Number(/^"(\d+)"$/.exec(ifMatch ?? '')?.[1]);
    if (!Number.isInteger(version)) return send(res, 428, { error: 'If-Match required' });
    const names = known(body);
    const assignments = names.map((name, index) => `f_${name} = $${index + 4}`);
    const { rows } = await run(
      `update ${TABLE} set ${[...assignments, 'version = version + 1', 'updated_at = now()'].join(', ')}
       where tenant_id = $1 and id = $2 and version = $3 returning ${selected}`,
      [tenant, id, version, ...names.map((name) => body[name])],
    );
    if (rows[0] === undefined) return send(res, 412, { error: 'stale' });
    send(res, 200, rows[0], rows[0].version);
  }

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const match = PATH.exec(url.pathname);
    const chunks = [];
    req.on('data', (chunk) => chunks.push(chunk));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const body = text === '' ? {} : JSON.parse(text);
      const id = match?.[1];
      const work =
        match === null
          ? Promise.resolve(send(res, 404, { error: 'no route' }))
          : req.method === 'GET'
            ? id === undefined
              ? list(res, url.searchParams)
              : get(res, id)
            : req.method === 'POST' && id === undefined
              ? create(res, body)
              : req.method === 'PATCH' && id !== undefined
                ? update(res, id, body, req.headers['if-match'])
                : Promise.resolve(send(res, 405, { error: 'method' }));
      work.catch((error) => send(res, 500, { error: String(error) }));
    });
  });
  server.listen(0, '127.0.0.1', () => console.log(`listening ${server.address().port}`));
  process.on('SIGTERM', () => {
    server.close();
    void pool.end().then(() => process.exit(0));
  });
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  await serve(JSON.parse(process.argv[2] ?? '{}'));
}
