import type { Database } from '@tangram/db';
import { openTestDatabase, testBackends } from '@tangram/db/testing';
import { listErrorDefinitions } from '@tangram/errors';
import { FILTER_OPERATORS } from '@tangram/schema';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type App, createApp } from './create-app.js';
import './index.js';
import { publishDocs, type SignedInServer, signedIn, TEST_ADMIN } from './test-session.js';

/**
 * Seeded random malformed requests against the record API of an object with most field types:
 * every answer is a 2xx or a 4xx carrying a defined error code with its status, and whatever is
 * refused leaves the stored records and their audit exactly as they were. `FUZZ_REQUESTS` and
 * `FUZZ_SEED` run more or other requests; a failure names the seed and the request.
 */
const REQUESTS = Number(process.env.FUZZ_REQUESTS ?? 400);
const SEED = Number(process.env.FUZZ_SEED ?? 20261202);
const API = '/api/v1/objects';
const UNKNOWN_ID = '01939a5e-0000-7000-8000-000000000000';

const label = (en: string) => ({ en, 'zh-CN': en });

const holder = {
  kind: 'object',
  schemaVersion: 1,
  name: 'holder',
  label: label('Holder'),
  nameField: 'name',
  fields: [
    { name: 'name', type: 'text', label: label('Name'), required: true },
    {
      name: 'specimens',
      type: 'rollup',
      label: label('Specimens'),
      childObject: 'specimen',
      relationField: 'holder',
      function: 'count',
    },
    {
      name: 'quantity_total',
      type: 'rollup',
      label: label('Quantity'),
      childObject: 'specimen',
      relationField: 'holder',
      function: 'sum',
      field: 'quantity',
    },
  ],
};

const specimen = {
  kind: 'object',
  schemaVersion: 1,
  name: 'specimen',
  label: label('Specimen'),
  nameField: 'name',
  fields: [
    {
      name: 'name',
      type: 'text',
      label: label('Name'),
      required: true,
      maxLength: 40,
      sortable: true,
      searchable: true,
    },
    { name: 'code', type: 'text', label: label('Code'), pattern: '^[A-Z]{2}[0-9]{2}$' },
    { name: 'notes', type: 'long_text', label: label('Notes'), maxLength: 500 },
    { name: 'body', type: 'rich_text', label: label('Body') },
    {
      name: 'quantity',
      type: 'integer',
      label: label('Quantity'),
      min: 0,
      max: 1000,
      filterable: true,
      sortable: true,
    },
    { name: 'ratio', type: 'number', label: label('Ratio'), precision: 8, scale: 3 },
    {
      name: 'price',
      type: 'currency',
      label: label('Price'),
      currency: 'CNY',
      scale: 2,
      sortable: true,
    },
    { name: 'share', type: 'percent', label: label('Share'), min: 0, max: 100 },
    { name: 'due_on', type: 'date', label: label('Due'), min: '2000-01-01', filterable: true },
    { name: 'seen_at', type: 'datetime', label: label('Seen') },
    { name: 'active', type: 'boolean', label: label('Active'), filterable: true },
    {
      name: 'stage',
      type: 'single_select',
      label: label('Stage'),
      filterable: true,
      options: [
        { value: 'open', label: label('Open') },
        { value: 'done', label: label('Done') },
      ],
    },
    {
      name: 'tags',
      type: 'multi_select',
      label: label('Tags'),
      maxSelected: 2,
      options: [
        { value: 'red', label: label('Red') },
        { value: 'blue', label: label('Blue') },
        { value: 'green', label: label('Green') },
      ],
    },
    { name: 'email', type: 'email', label: label('Email'), unique: true },
    { name: 'phone', type: 'phone', label: label('Phone') },
    { name: 'site', type: 'url', label: label('Site') },
    { name: 'holder', type: 'lookup', label: label('Holder'), target: 'holder', filterable: true },
    { name: 'reviewer', type: 'user', label: label('Reviewer') },
    { name: 'watchers', type: 'user', label: label('Watchers'), multiple: true },
    { name: 'team', type: 'department', label: label('Team') },
    {
      name: 'total',
      type: 'formula',
      label: label('Total'),
      resultType: 'currency',
      currency: 'CNY',
      expression: { '*': [{ var: 'quantity' }, { var: 'price' }] },
      sortable: true,
    },
    { name: 'number', type: 'autonumber', label: label('Number'), pattern: 'SP-{0000}' },
    { name: 'place', type: 'region', label: label('Place'), level: 'district' },
    { name: 'score', type: 'rating', label: label('Score'), max: 5 },
  ],
  validationRules: [
    {
      name: 'done_needs_due',
      errorWhen: { and: [{ '==': [{ var: 'stage' }, 'done'] }, { '!': [{ var: 'due_on' }] }] },
      message: label('A done specimen needs a due date.'),
      field: 'due_on',
    },
  ],
};

/** mulberry32: a small seeded generator, so that a failing run can be replayed. */
function randomSource(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  const pick = <T>(items: readonly T[]): T => items[int(items.length)] as T;
  return { next, int, pick, chance: (p: number) => next() < p };
}

type Random = ReturnType<typeof randomSource>;

function nested(depth: number, leaf: unknown, wrap: (inner: unknown) => unknown): unknown {
  let value = leaf;
  for (let i = 0; i < depth; i++) value = wrap(value);
  return value;
}

/** Values of every JSON kind that some field, parameter or header must refuse. */
const HOSTILE_VALUES: readonly unknown[] = [
  null,
  true,
  false,
  0,
  -1,
  1.5,
  -0.000001,
  1e308,
  -1e308,
  2 ** 53 + 2,
  5e-324,
  '',
  ' ',
  'x'.repeat(10_001),
  '\u0000',
  'a\u0000b',
  '\ud800',
  '😀𠮷',
  'NaN',
  'Infinity',
  '1e999',
  '0x10',
  ' 12 ',
  '１２３',
  '2026-02-30',
  '2026-13-01',
  '0000-01-01',
  '10000-01-01',
  '2026-01-01T25:00:00Z',
  '2026-01-01T00:00:00+99:00',
  'not-a-uuid',
  UNKNOWN_ID,
  '00000000-0000-0000-0000-000000000000',
  "'; drop table records; --",
  '__proto__',
  'constructor',
  '<script>alert(1)</script>',
  'red',
  'open',
  'a@b',
  'https://',
  '310101',
  [],
  [null],
  [1, 2, 3],
  ['red', 'red'],
  ['red', 'blue', 'green'],
  Array.from({ length: 1001 }, () => 'a'),
  {},
  { $gt: '' },
  { var: 'name' },
  { value: 1 },
  nested(80, 1, (inner) => [inner]),
  nested(80, 1, (inner) => ({ a: inner })),
];

const FIELD_NAMES = specimen.fields.map((f) => f.name);
const FIELD_TYPES = [...new Set(specimen.fields.map((f) => f.type))];
const FIELD_OPTIONS = [
  'maxLength',
  'options',
  'precision',
  'scale',
  'target',
  'multiple',
  'min',
  'expression',
  'pattern',
  'required',
  'unique',
];
const SYSTEM_KEYS = [
  'id',
  'tenant_id',
  'object_id',
  'version',
  'created_at',
  'created_by',
  'updated_at',
  'updated_by',
  'deleted_at',
  'owner_id',
  'extra',
  't1',
];
const ODD_KEYS = [
  '',
  'nope',
  'NAME',
  'name ',
  'holder.name',
  '__proto__',
  'constructor',
  'a'.repeat(300),
];

/** A record the object accepts, as a start for mutations. */
function validRecord(random: Random, holders: readonly string[]): Record<string, unknown> {
  return {
    name: `Specimen ${random.int(1_000_000)}`,
    quantity: random.int(100),
    price: random.int(10_000) / 100,
    stage: 'open',
    tags: ['red'],
    ...(holders.length > 0 && random.chance(0.7) ? { holder: random.pick(holders) } : {}),
  };
}

/** A record body with one to three keys set to hostile values or removed. */
function mutatedRecord(random: Random, holders: readonly string[]): Record<string, unknown> {
  const record = validRecord(random, holders);
  for (let i = 0, n = 1 + random.int(3); i < n; i++) {
    const key = random.pick([FIELD_NAMES, FIELD_NAMES, SYSTEM_KEYS, ODD_KEYS][random.int(4)] ?? []);
    if (random.chance(0.1)) delete record[key];
    else
      Object.defineProperty(record, key, {
        value: random.pick(HOSTILE_VALUES),
        enumerable: true,
        writable: true,
        configurable: true,
      });
  }
  return record;
}

/** A body that is not a record: the wrong JSON kind, broken JSON, or no JSON at all. */
const ODD_BODIES: readonly string[] = [
  '',
  '{',
  'null',
  '[]',
  '"text"',
  '1',
  '{"name":}',
  '{"name":"a",}',
  '{"__proto__":{"admin":true},"name":"x"}',
  '{"constructor":{"prototype":{"admin":true}},"name":"x"}',
  '{"name":"a","name":"b"}',
  '\u0000',
  `{"name":"${'x'.repeat(2 * 1024 * 1024)}"}`,
];

function hostileFilter(random: Random, depth = 0): unknown {
  const roll = random.int(10);
  if (roll === 0) return random.pick(HOSTILE_VALUES);
  if (roll === 1 && depth < 4) {
    const kind = random.pick(['and', 'or', 'not', 'nand', 'AND']);
    return kind === 'not'
      ? { kind, child: hostileFilter(random, depth + 1) }
      : {
          kind,
          children: Array.from({ length: random.int(3) }, () => hostileFilter(random, depth + 1)),
        };
  }
  if (roll === 2)
    return nested(60, { kind: 'condition', field: 'name', op: 'eq', value: 'x' }, (c) => ({
      kind: 'and',
      children: [c],
    }));
  const field = random.pick([
    ...FIELD_NAMES,
    ...ODD_KEYS,
    'holder.name',
    'holder.specimens',
    'holder.nope',
    'holder.holder.name',
    'reviewer.name',
    'id',
    'created_at',
  ]);
  const op = random.chance(0.9)
    ? random.pick(FILTER_OPERATORS)
    : random.pick(['regex', 'EQ', '', 'like']);
  const value = random.chance(0.3)
    ? random.pick([
        { unit: 'day', amount: random.pick([7, -1, 0, 1e9, 'x']) },
        {
          unit: random.pick(['quarter', 'fortnight', 'hour', '']),
          offset: random.pick([0, -1, 1.5, 'x']),
        },
        [random.pick(HOSTILE_VALUES), random.pick(HOSTILE_VALUES)],
        [1, 2, 3],
      ])
    : random.pick(HOSTILE_VALUES);
  const condition: Record<string, unknown> = { kind: 'condition', field, op };
  if (random.chance(0.9)) condition.value = value;
  if (random.chance(0.05)) condition.extra = 1;
  return condition;
}

function hostileSort(random: Random): string {
  return random.pick([
    '-price',
    'name,-quantity',
    'nope',
    '--name',
    '-',
    ',',
    'name,name',
    'holder.name',
    'tags',
    'notes',
    Array.from({ length: 12 }, () => 'name').join(','),
    'name desc',
    '+name',
  ]);
}

interface Request {
  readonly method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  readonly url: string;
  readonly payload?: string;
  readonly headers?: Record<string, string>;
  /** A request that may not change stored records even when it is answered 2xx. */
  readonly readOnly?: boolean;
}

interface Known {
  readonly holders: string[];
  readonly specimens: Array<{ id: string; version: number }>;
  /** Real cursors of sorted pages, for tampering with. */
  readonly cursors: Array<{ sort: string; cursor: string }>;
}

/** Sorts whose real cursors get tampered with. */
const CURSOR_SORTS = ['-price', 'name', 'quantity,-name', '-total', 'created_at'];

/** A real cursor with one sort value replaced: the cursor still decodes and names its sort. */
function tamperedCursor(random: Random, cursor: string): string {
  const decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  const after = decoded.a as unknown[];
  after[random.int(after.length)] = random.chance(0.8)
    ? random.pick(HOSTILE_VALUES.filter((v) => v === null || typeof v !== 'object'))
    : random.pick(HOSTILE_VALUES);
  if (random.chance(0.1)) after.push('extra');
  return Buffer.from(JSON.stringify(decoded), 'utf8').toString('base64url');
}

function json(value: unknown): string {
  return JSON.stringify(value) ?? 'null';
}

/** One malformed request: which route, and what is wrong with it, drawn from `random`. */
function hostileRequest(random: Random, known: Known): Request {
  const base = `${API}/${random.chance(0.05) ? random.pick(['nope', 'Specimen', 'a-b', 'x'.repeat(70)]) : 'specimen'}/records`;
  const existing = known.specimens.length > 0 ? random.pick(known.specimens) : undefined;
  const id =
    random.chance(0.75) && existing
      ? existing.id
      : random.pick([
          UNKNOWN_ID,
          'nope',
          "1' or '1'='1",
          '0'.repeat(36),
          existing?.id.toUpperCase() ?? UNKNOWN_ID,
        ]);
  const ifMatch = random.pick([
    existing ? `"${existing.version}"` : '"1"',
    existing ? `"${existing.version + 1}"` : '"2"',
    '"0"',
    'W/"1"',
    '*',
    'abc',
    '"99999999999999999999"',
    '',
  ]);
  const contentType = random.chance(0.93)
    ? 'application/json'
    : random.pick([
        'text/plain',
        'application/x-www-form-urlencoded',
        'application/json; charset=latin1',
        '',
      ]);
  const body = (value: unknown) => (random.chance(0.08) ? random.pick(ODD_BODIES) : json(value));
  switch (random.int(11)) {
    case 10: {
      // A type change: previews only read, and an apply with a revision the object never had
      // must be refused; either way no record may change.
      const field = random.pick([...FIELD_NAMES, 'nope']);
      const next: Record<string, unknown> = {
        name: random.chance(0.9) ? field : random.pick(HOSTILE_VALUES),
        type: random.pick([...FIELD_TYPES, 'nope', random.pick(HOSTILE_VALUES)]),
        label: random.chance(0.9) ? label(field) : random.pick(HOSTILE_VALUES),
      };
      for (let i = 0, n = random.int(3); i < n; i++) {
        next[random.pick(FIELD_OPTIONS)] = random.pick(HOSTILE_VALUES);
      }
      const apply = random.chance(0.3);
      const step = apply ? `apply?onFailure=${random.pick(['keep', 'refuse', 'drop'])}` : 'preview';
      return {
        method: 'POST',
        url: `/api/v1/metadata/object/specimen/fields/${field}/type-change/${step}`,
        payload: body(next),
        headers: {
          'content-type': contentType,
          ...(apply ? { 'if-match': random.pick(['"0"', '"999"', 'x']) } : {}),
        },
        readOnly: true,
      };
    }
    case 9: {
      const { sort, cursor } = random.pick(known.cursors);
      const params = new URLSearchParams({
        sort,
        limit: '2',
        cursor: tamperedCursor(random, cursor),
      });
      return { method: 'GET', url: `${base}?${params}` };
    }
    case 0:
    case 1: {
      const headers: Record<string, string> = { 'content-type': contentType };
      if (random.chance(0.2))
        headers['idempotency-key'] = random.pick(['', ' ', 'é', 'k'.repeat(300), 'ok-key', 'a b']);
      return {
        method: 'POST',
        url: base,
        payload: body(mutatedRecord(random, known.holders)),
        headers,
      };
    }
    case 2: {
      const patch = mutatedRecord(random, known.holders);
      if (random.chance(0.5)) delete patch.name;
      const headers: Record<string, string> = { 'content-type': contentType };
      if (random.chance(0.85)) headers['if-match'] = ifMatch;
      return { method: 'PATCH', url: `${base}/${id}`, payload: body(patch), headers };
    }
    case 3: {
      const op = random.pick(['create', 'update', 'delete', 'upsert', '']);
      const size = random.pick([0, 1, 2, 5, 1001]);
      const rows = Array.from({ length: size }, () => {
        if (op === 'create')
          return random.chance(0.2)
            ? random.pick(HOSTILE_VALUES)
            : mutatedRecord(random, known.holders);
        const row: Record<string, unknown> = {
          id: random.chance(0.8) ? id : random.pick(HOSTILE_VALUES),
        };
        if (op === 'update')
          row.patch = random.chance(0.8)
            ? mutatedRecord(random, known.holders)
            : random.pick(HOSTILE_VALUES);
        if (random.chance(0.7))
          row.ifMatch = random.pick([existing?.version ?? 1, 0, -1, 1.5, '1', null]);
        return row;
      });
      return {
        method: 'POST',
        url: `${base}/bulk`,
        payload: body(random.chance(0.1) ? rows : { op, records: rows }),
        headers: { 'content-type': contentType },
      };
    }
    case 4:
    case 5: {
      const params = new URLSearchParams();
      if (random.chance(0.6))
        params.set(
          'filter',
          random.chance(0.15) ? random.pick(['{', '[]', 'null', 'x']) : json(hostileFilter(random)),
        );
      if (random.chance(0.4)) params.set('sort', hostileSort(random));
      if (random.chance(0.3))
        params.set(
          'fields',
          random.pick([
            'name,nope',
            'name,,price',
            '',
            'holder.name',
            'id,version',
            'x'.repeat(300),
          ]),
        );
      if (random.chance(0.3))
        params.set('limit', String(random.pick([0, -1, 1.5, 1001, 1e12, 'abc', 50])));
      if (random.chance(0.2))
        params.set(
          'cursor',
          random.pick(['x', 'eyJ4IjoxfQ', '!!!', 'W10', 'e30', 'a'.repeat(5000)]),
        );
      if (random.chance(0.2)) params.set('count', random.pick(['exact', 'EXACT', 'all', '']));
      if (random.chance(0.2))
        params.set('q', random.pick(['%', '_', '\\', "' or 1=1", '\u0000', 'x'.repeat(201), '😀']));
      if (random.chance(0.2))
        params.set('expand', random.pick(['holder', 'nope', 'holder,holder', 'name', 'reviewer']));
      if (random.chance(0.05)) params.set('unknown', '1');
      return { method: 'GET', url: `${base}?${params}` };
    }
    case 6: {
      const query: Record<string, unknown> = {};
      if (random.chance(0.7)) query.filter = hostileFilter(random);
      if (random.chance(0.3))
        query.sort = random.pick([
          [{ field: 'name', direction: 'up' }],
          [{ field: 'nope', direction: 'asc' }],
          'name',
          [{}],
        ]);
      if (random.chance(0.2)) query.fields = random.pick([['nope'], 'name', [1], ['holder.name']]);
      if (random.chance(0.2)) query.limit = random.pick([0, 1001, -5, '10']);
      if (random.chance(0.1)) query.extra = true;
      return {
        method: 'POST',
        url: `${base}/query`,
        payload: body(query),
        headers: { 'content-type': contentType },
      };
    }
    case 7: {
      const headers: Record<string, string> = {};
      if (random.chance(0.85)) headers['if-match'] = ifMatch;
      return { method: 'DELETE', url: `${base}/${id}`, headers };
    }
    default: {
      const path = random.pick([
        '',
        '/history',
        '/restore',
        '?fields=nope',
        '?expand=nope',
        '?fields=',
      ]);
      return { method: path === '/restore' ? 'POST' : 'GET', url: `${base}/${id}${path}` };
    }
  }
}

/** Everything a refused request must leave as it was: the records and their audit. */
async function fingerprint(db: Database): Promise<string> {
  const records = await db.kysely
    .selectFrom('records')
    .selectAll()
    .orderBy('object_id')
    .orderBy('id')
    .execute();
  const audit = await db.kysely
    .selectFrom('record_audit')
    .select((eb) => eb.fn.countAll<string>().as('entries'))
    .executeTakeFirst();
  return `${JSON.stringify(records)}/${audit?.entries}`;
}

const DEFINED = new Map(listErrorDefinitions().map((d) => [d.code, d.status]));

/** What is wrong with an error answer: undefined when it is a defined code with its status. */
function errorProblem(status: number, body: string): string | undefined {
  let parsed: { error?: { code?: unknown } };
  try {
    parsed = JSON.parse(body);
  } catch {
    return `a body that is not JSON: ${body.slice(0, 200)}`;
  }
  const code = parsed.error?.code;
  if (typeof code !== 'string') return `no error code: ${body.slice(0, 200)}`;
  const defined = DEFINED.get(code);
  if (defined === undefined) return `an undefined code ${code}`;
  if (defined !== status) return `${code} with status ${status}, defined as ${defined}`;
  return undefined;
}

function describeRequest(request: Request): string {
  const payload = request.payload === undefined ? '' : ` ${request.payload.slice(0, 400)}`;
  return `${request.method} ${request.url.slice(0, 400)} ${JSON.stringify(request.headers ?? {})}${payload}`;
}

describe.each(testBackends())('malformed record requests on $name', (backend) => {
  let db: Database;
  let app: App;
  let api: SignedInServer;
  const known: Known = { holders: [], specimens: [], cursors: [] };

  beforeAll(async () => {
    db = await openTestDatabase(backend, { migrate: false });
    app = await createApp({ db, admin: TEST_ADMIN });
    api = await signedIn(app);
    await publishDocs(api, [holder, specimen]);
    for (const name of ['First', 'Second']) {
      const created = await api.inject({
        method: 'POST',
        url: `${API}/holder/records`,
        payload: { name },
      });
      known.holders.push(created.json().id);
    }
    const random = randomSource(SEED + 1);
    for (let i = 0; i < 5; i++) {
      const created = await api.inject({
        method: 'POST',
        url: `${API}/specimen/records`,
        payload: validRecord(random, known.holders),
      });
      if (created.statusCode !== 201) throw new Error(`seed record refused: ${created.body}`);
      known.specimens.push({ id: created.json().id, version: created.json().version });
    }
    for (const sort of CURSOR_SORTS) {
      const page = await api.inject(`${API}/specimen/records?sort=${sort}&limit=1`);
      const cursor = page.json().nextCursor;
      if (typeof cursor !== 'string') throw new Error(`no cursor for ${sort}: ${page.body}`);
      known.cursors.push({ sort, cursor });
    }
  }, 120_000);

  afterAll(async () => {
    await app?.server.close();
    await db?.close();
  });

  it(`answers ${REQUESTS} seeded malformed requests with a defined 4xx and stores nothing for them`, async () => {
    const random = randomSource(SEED);
    const problems: string[] = [];
    let refused = 0;
    for (let i = 0; i < REQUESTS && problems.length < 5; i++) {
      const request = hostileRequest(random, known);
      const before = await fingerprint(db);
      const response = await api.inject({
        method: request.method,
        url: request.url,
        ...(request.payload === undefined ? {} : { payload: request.payload }),
        headers: request.headers ?? {},
      });
      const status = response.statusCode;
      const where = `request ${i} (seed ${SEED}): ${describeRequest(request)} → ${status}`;
      if (status >= 400) {
        refused++;
        const problem =
          status >= 500 ? response.body.slice(0, 300) : errorProblem(status, response.body);
        if (problem !== undefined) problems.push(`${where}: ${problem}`);
        else if ((await fingerprint(db)) !== before) problems.push(`${where}: changed stored data`);
        continue;
      }
      if (request.readOnly) {
        if ((await fingerprint(db)) !== before) problems.push(`${where}: changed stored data`);
        continue;
      }
      const body = response.body === '' ? undefined : response.json();
      if (request.method === 'POST' && status === 201)
        known.specimens.push({ id: body.id, version: body.version });
      if (request.method === 'PATCH' && status === 200) {
        const row = known.specimens.find((s) => s.id === body.id);
        if (row) row.version = body.version;
      }
      for (const row of body?.results ?? []) {
        if (row.status >= 500)
          problems.push(`${where}: row ${row.index} ${JSON.stringify(row.error)}`);
        else if (row.status >= 400) {
          const problem = errorProblem(row.status, JSON.stringify(row));
          if (problem !== undefined) problems.push(`${where}: row ${row.index} ${problem}`);
        }
      }
      if (body?.results?.length > 0 && body.succeeded === 0 && (await fingerprint(db)) !== before) {
        problems.push(`${where}: a bulk request with no row done changed stored data`);
      }
    }
    expect(problems).toEqual([]);
    // The generator is meant to be refused: a run where most requests pass tests little.
    expect(refused).toBeGreaterThan(REQUESTS * 0.6);
  }, 600_000);
});
