import { readdirSync, readFileSync } from 'node:fs';
import { createMemoryMetadataStore, createMetadataService } from '@tangram/engine';
import type { FieldDef, ObjectDoc } from '@tangram/schema';
import type { ValidateFunction } from 'ajv';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { buildServer } from './build-server.js';
import { buildOpenApiDocument } from './openapi-document.js';

// The official schemas live in shared/data beside the checkout (see shared/data/SOURCES.md).
const OPENAPI_DATA = new URL('../../../../shared/data/openapi/', import.meta.url);
const CRM_OBJECTS = new URL('../../../examples/crm-sales/objects/', import.meta.url);

type Json = { [key: string]: unknown };

function readData(path: string): Json {
  const text = readFileSync(new URL(path, OPENAPI_DATA), 'utf8');
  return (path.endsWith('.json') ? JSON.parse(text) : parse(text)) as Json;
}

interface OpenApiSchemaSet {
  readonly schema: Json;
  readonly schemaBase: Json;
  readonly dialect: Json;
  readonly meta: Json;
}

const WIP: OpenApiSchemaSet = {
  schema: readData('oas31-src/schema.yaml'),
  schemaBase: readData('oas31-src/schema-base.yaml'),
  dialect: readData('oas31-src/dialect.yaml'),
  meta: readData('oas31-src/meta.yaml'),
};

const OFFICIAL_2022: OpenApiSchemaSet = {
  schema: readData('openapi-3.1-schema-2022-10-07.json'),
  schemaBase: readData('openapi-3.1-schema-base-2022-10-07.json'),
  dialect: readData('openapi-3.1-dialect-base.json'),
  meta: readData('openapi-3.1-meta-base.json'),
};

/**
 * ajv resolves `$dynamicRef` only to a `$dynamicAnchor` at the root of a schema resource; the
 * OpenAPI schemas put theirs in `$defs/schema`, so ajv follows the wrong anchor (proved below).
 * With a fixed entry point the dynamic reference has one target, so it is rewritten as the
 * static `$ref` it resolves to: `#/$defs/schema` alone, or the schema-base's `$defs/schema`
 * (the OpenAPI dialect) when Schema Objects are validated too.
 */
function withStaticMetaRef(node: unknown, target: string): unknown {
  if (Array.isArray(node)) return node.map((item) => withStaticMetaRef(item, target));
  if (node === null || typeof node !== 'object') return node;
  const entries = Object.entries(node as Json).flatMap(([key, value]): [string, unknown][] => {
    if (key === '$dynamicRef' && value === '#meta') return [['$ref', target]];
    if (key === '$dynamicAnchor' && !('$id' in (node as Json))) return [];
    return [[key, withStaticMetaRef(value, target)]];
  });
  return Object.fromEntries(entries);
}

function newAjv(): Ajv2020 {
  // strict off: these third-party schemas use keywords ajv's strict mode refuses. Formats are
  // annotations in the 2020-12 dialect the schemas declare, so they are not asserted.
  return new Ajv2020({ strict: false, allErrors: true, validateFormats: false, logger: false });
}

/** Validates whole OpenAPI documents, Schema Objects included (the schema-base entry point). */
function documentValidator(set: OpenApiSchemaSet): ValidateFunction {
  const ajv = newAjv();
  const baseId = String(set.schemaBase.$id);
  ajv.addSchema(set.meta);
  ajv.addSchema(set.dialect);
  ajv.addSchema(withStaticMetaRef(set.schema, `${baseId}#/$defs/schema`) as Json);
  ajv.addSchema(withStaticMetaRef(set.schemaBase, '') as Json);
  return ajv.getSchema(baseId) as ValidateFunction;
}

/** Validates the document structure only, Schema Objects as any object or boolean. */
function structureValidator(set: OpenApiSchemaSet, rewrite = true): ValidateFunction {
  const ajv = newAjv();
  const schema = rewrite ? withStaticMetaRef(set.schema, '#/$defs/schema') : set.schema;
  return ajv.compile(schema as Json);
}

function corpus(kind: 'pass' | 'fail'): [string, Json][] {
  const dir = new URL(`oas31-tests/${kind}/`, OPENAPI_DATA);
  return readdirSync(dir)
    .filter((file) => file.endsWith('.yaml'))
    .sort()
    .map((file) => [file, parse(readFileSync(new URL(file, dir), 'utf8')) as Json]);
}

// Corpus files ajv cannot judge, with the reason. Empty: with the static `$ref` above, ajv judges
// every file right; a file that surprises makes the corpus test fail until listed here.
const AJV_GAPS: Record<string, string> = {};

function judge(validate: ValidateFunction, document: Json): boolean {
  return validate(document) === true;
}

describe('the OpenAPI 3.1 validator, proved on the work-in-progress schema and its corpus', () => {
  const validators = {
    structure: structureValidator(WIP),
    document: documentValidator(WIP),
  };

  it('has the corpus it is proved on', () => {
    expect(corpus('pass').length).toBeGreaterThanOrEqual(35);
    expect(corpus('fail').length).toBeGreaterThanOrEqual(11);
  });

  for (const [name, validate] of Object.entries(validators)) {
    it.each(corpus('pass').filter(([file]) => !(file in AJV_GAPS)))(
      `${name}: accepts pass/%s`,
      (_file, document) => {
        expect(judge(validate, document), JSON.stringify(validate.errors?.slice(0, 3))).toBe(true);
      },
    );
    it.each(corpus('fail').filter(([file]) => !(file in AJV_GAPS)))(
      `${name}: rejects fail/%s`,
      (_file, document) => {
        expect(judge(validate, document)).toBe(false);
      },
    );
  }

  it('needs the static $ref: ajv follows the wrong $dynamicAnchor in the schemas as published', () => {
    const [, mega] = corpus('pass').find(([file]) => file === 'mega.yaml') ?? [];
    expect(mega).toBeDefined();
    expect(judge(structureValidator(WIP, false), mega as Json)).toBe(false);
  });

  it('checks Schema Objects against the dialect', () => {
    const document = {
      openapi: '3.1.0',
      info: { title: 'T', version: '1' },
      components: { schemas: { Broken: { type: 'strnig' } } },
    };
    expect(judge(validators.structure, document)).toBe(true);
    expect(judge(validators.document, document)).toBe(false);
    expect(judge(documentValidator(OFFICIAL_2022), document)).toBe(false);
  });
});

function readCrmObjects(): ObjectDoc[] {
  return readdirSync(CRM_OBJECTS)
    .filter((file) => file.endsWith('.json'))
    .sort()
    .map((file) => JSON.parse(readFileSync(new URL(file, CRM_OBJECTS), 'utf8')) as ObjectDoc);
}

const label = (en: string) => ({ en });
const option = (value: string) => ({ value, label: label(value) });

/** One object with a field of every type. */
function everyFieldType(): ObjectDoc {
  const fields: FieldDef[] = [
    { name: 'name', type: 'text', label: label('Name'), required: true, maxLength: 80 },
    { name: 'notes', type: 'long_text', label: label('Notes') },
    { name: 'body', type: 'rich_text', label: label('Body') },
    { name: 'seats', type: 'integer', label: label('Seats'), min: 1, max: 500 },
    { name: 'score', type: 'number', label: label('Score') },
    { name: 'amount', type: 'currency', label: label('Amount'), currency: 'CNY', required: true },
    { name: 'huge', type: 'currency', label: label('Huge'), currency: 'CNY', precision: 30 },
    { name: 'rate', type: 'percent', label: label('Rate') },
    { name: 'close_on', type: 'date', label: label('Close on') },
    { name: 'met_at', type: 'datetime', label: label('Met at') },
    { name: 'active', type: 'boolean', label: label('Active') },
    {
      name: 'stage',
      type: 'single_select',
      label: label('Stage'),
      options: [option('open'), option('won')],
      required: true,
      default: { value: 'open' },
    },
    {
      name: 'tags',
      type: 'multi_select',
      label: label('Tags'),
      options: [option('a')],
      maxSelected: 3,
    },
    { name: 'email', type: 'email', label: label('Email') },
    { name: 'phone', type: 'phone', label: label('Phone') },
    { name: 'site', type: 'url', label: label('Site') },
    { name: 'account', type: 'lookup', label: label('Account'), target: 'account' },
    { name: 'parent', type: 'master_detail', label: label('Parent'), target: 'account' },
    { name: 'owner', type: 'user', label: label('Owner') },
    { name: 'team', type: 'user', label: label('Team'), multiple: true },
    { name: 'dept', type: 'department', label: label('Dept') },
    {
      name: 'weighted',
      type: 'formula',
      label: label('Weighted'),
      expression: { '*': [{ var: 'amount' }, 2] },
      resultType: 'currency',
    },
    {
      name: 'lines',
      type: 'rollup',
      label: label('Lines'),
      childObject: 'line',
      relationField: 'deal',
      function: 'count',
    },
    { name: 'number', type: 'autonumber', label: label('Number'), pattern: 'D-{0000}' },
    { name: 'scan', type: 'attachment', label: label('Scan'), maxFiles: 2 },
    { name: 'region', type: 'region', label: label('Region'), level: 'city' },
    { name: 'stars', type: 'rating', label: label('Stars'), max: 5 },
  ];
  return {
    kind: 'object',
    schemaVersion: 1,
    name: 'deal',
    label: label('Deal'),
    nameField: 'name',
    fields,
  };
}

type Document = ReturnType<typeof buildOpenApiDocument>;
const schemas = (document: Document) =>
  (document.components as { schemas: Record<string, Json> }).schemas;
const paths = (document: Document) => document.paths as Record<string, Record<string, Json>>;

describe('buildOpenApiDocument', () => {
  const validators = [
    ['2022-10-07', documentValidator(OFFICIAL_2022)],
    ['work in progress', documentValidator(WIP)],
  ] as const;
  const documents = {
    'no objects': buildOpenApiDocument({ objects: [] }),
    'every field type': buildOpenApiDocument({
      objects: [everyFieldType()],
      serverUrl: 'https://crm.example.com',
    }),
    'the crm-sales template': buildOpenApiDocument({ objects: readCrmObjects() }),
  };

  for (const [version, validate] of validators) {
    for (const [name, document] of Object.entries(documents)) {
      it(`makes a valid OpenAPI 3.1 document for ${name} (official schema ${version})`, () => {
        expect(judge(validate, document), JSON.stringify(validate.errors?.slice(0, 3))).toBe(true);
      });
    }
  }

  it('describes the record endpoints of every crm-sales object', () => {
    const document = documents['the crm-sales template'];
    expect(readCrmObjects()).toHaveLength(10);
    for (const object of readCrmObjects()) {
      const base = `/api/v1/objects/${object.name}/records`;
      const described = paths(document);
      expect(Object.keys(described[base] ?? {})).toEqual(['get', 'post']);
      expect(Object.keys(described[`${base}/{id}`] ?? {})).toEqual([
        'parameters',
        'get',
        'patch',
        'delete',
      ]);
      for (const suffix of ['/query', '/bulk', '/{id}/restore', '/{id}/history']) {
        expect(described[`${base}${suffix}`]).toBeDefined();
      }
    }
    expect(schemas(document).QuoteLine).toBeDefined();
    expect(schemas(document).QuoteLineInput).toBeDefined();
  });

  it('gives every operation a unique id', () => {
    const ids = Object.values(paths(documents['the crm-sales template'])).flatMap((item) =>
      Object.values(item).flatMap((operation) =>
        typeof operation === 'object' && operation !== null && 'operationId' in operation
          ? [operation.operationId]
          : [],
      ),
    );
    expect(ids.length).toBeGreaterThan(70);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('describes sign-in, identity and audit endpoints and how callers authenticate', () => {
    const document = documents['no objects'] as unknown as {
      security: unknown;
      components: {
        securitySchemes: Record<string, { type: string; in?: string; scheme?: string }>;
      };
      paths: Record<string, Record<string, { security?: unknown[] }>>;
    };
    expect(document.security).toEqual([{ session: [] }, { token: [] }]);
    expect(document.components.securitySchemes.session).toMatchObject({
      type: 'apiKey',
      in: 'cookie',
    });
    expect(document.components.securitySchemes.token).toMatchObject({
      type: 'http',
      scheme: 'bearer',
    });
    for (const path of [
      '/api/v1/auth/me',
      '/api/v1/auth/tokens',
      '/api/v1/identity/users',
      '/api/v1/identity/departments',
      '/api/v1/identity/sharing-rules',
      '/api/v1/audit',
      '/api/v1/audit/export.csv',
      '/api/v1/attachments/{id}',
    ]) {
      expect(document.paths[path]).toBeDefined();
    }
    // Only the sign-in steps (and the health check) answer without a session.
    expect(document.paths['/api/v1/auth/login']?.post?.security).toEqual([]);
    expect(document.paths['/api/v1/auth/me']?.get?.security).toBeUndefined();
  });

  it('types each field by its field type', () => {
    const deal = schemas(documents['every field type']).Deal as {
      properties: Record<string, Json>;
      required: string[];
    };
    const value = (field: string) => (deal.properties[field]?.anyOf as Json[] | undefined)?.[0];
    expect(value('name')).toEqual({ type: 'string', maxLength: 80 });
    expect(value('seats')).toEqual({ type: 'integer', minimum: 1, maximum: 500 });
    expect(value('amount')).toEqual({ type: 'number' });
    expect(value('huge')).toMatchObject({ type: 'string', pattern: expect.any(String) });
    expect(value('close_on')).toEqual({ type: 'string', format: 'date' });
    expect(value('met_at')).toEqual({ type: 'string', format: 'date-time' });
    expect(value('active')).toEqual({ type: 'boolean' });
    expect(value('stage')).toEqual({ type: 'string', enum: ['open', 'won'] });
    expect(value('tags')).toEqual({
      type: 'array',
      items: { type: 'string', enum: ['a'] },
      uniqueItems: true,
      maxItems: 3,
    });
    expect(value('account')).toMatchObject({ type: 'string', format: 'uuid' });
    expect(value('team')).toEqual({
      type: 'array',
      items: { type: 'string', format: 'uuid' },
      uniqueItems: true,
    });
    expect(value('weighted')).toEqual({ type: 'number' });
    expect(deal.properties.id).toMatchObject({ type: 'string', format: 'uuid', readOnly: true });
    expect(deal.required).toEqual(['id', 'version']);
  });

  it('marks computed fields read-only and leaves them out of input and patch', () => {
    const all = schemas(documents['every field type']);
    const deal = all.Deal as { properties: Record<string, Json> };
    for (const field of ['weighted', 'lines', 'number']) {
      expect(deal.properties[field]?.readOnly).toBe(true);
      expect((all.DealInput as { properties: Json }).properties).not.toHaveProperty(field);
      expect((all.DealPatch as { properties: Json }).properties).not.toHaveProperty(field);
    }
    for (const system of ['id', 'version', 'created_at', 'created_by']) {
      expect((all.DealInput as { properties: Json }).properties).not.toHaveProperty(system);
    }
  });

  it('requires the required fields without a default on create, and nothing on patch', () => {
    const all = schemas(documents['every field type']);
    expect(all.DealInput).toMatchObject({
      required: ['name', 'amount'],
      additionalProperties: false,
    });
    expect((all.DealInput as { properties: Record<string, Json> }).properties.name).toEqual({
      type: 'string',
      maxLength: 80,
      title: 'Name',
    });
    expect(all.DealPatch).not.toHaveProperty('required');
  });

  it('shares the error format, the filter tree and the ETag, If-Match and Idempotency-Key headers', () => {
    const document = documents['every field type'];
    expect(schemas(document).Error).toEqual({
      type: 'object',
      required: ['error'],
      properties: { error: { $ref: '#/components/schemas/ErrorBody' } },
    });
    expect(schemas(document).FilterNode?.oneOf).toHaveLength(3);
    const item = paths(document)['/api/v1/objects/deal/records/{id}'] as Record<string, Json>;
    expect(item.patch?.parameters).toEqual([{ $ref: '#/components/parameters/IfMatch' }]);
    expect(JSON.stringify(item.get?.responses)).toContain('#/components/headers/ETag');
    const create = (paths(document)['/api/v1/objects/deal/records'] as Record<string, Json>).post;
    expect(create?.parameters).toEqual([{ $ref: '#/components/parameters/IdempotencyKey' }]);
    expect(document.servers).toEqual([{ url: 'https://crm.example.com' }]);
  });

  it('documents expand on reads and $expanded on records', () => {
    const document = documents['every field type'];
    const list = paths(document)['/api/v1/objects/deal/records'] as Record<string, Json>;
    const item = paths(document)['/api/v1/objects/deal/records/{id}'] as Record<string, Json>;
    const expand = { $ref: '#/components/parameters/Expand' };
    expect(list.get?.parameters).toContainEqual(expand);
    expect(item.get?.parameters).toContainEqual(expand);
    const properties = (name: string) =>
      (schemas(document)[name] as { properties: Json }).properties;
    expect(properties('Deal').$expanded).toEqual({ $ref: '#/components/schemas/ExpandedLookups' });
    expect(properties('RecordQuery').expand).toMatchObject({ type: 'array', maxItems: 10 });
  });

  it('numbers object schema names that would collide', () => {
    const object = (name: string): ObjectDoc => ({ ...everyFieldType(), name });
    const document = buildOpenApiDocument({
      objects: [object('deal'), object('deal_input'), object('error')],
    });
    const names = Object.keys(schemas(document));
    expect(names).toEqual(
      expect.arrayContaining(['Deal', 'DealInput', 'DealInput2', 'Error2', 'Error']),
    );
    expect(judge(validators[0][1], document)).toBe(true);
  });

  it('names objects around the schemas of the fixed endpoints (an object `user` is not the User)', () => {
    const object = (name: string): ObjectDoc => ({ ...everyFieldType(), name });
    const document = buildOpenApiDocument({
      objects: [object('user'), object('region'), object('saved_view')],
    });
    const all = schemas(document) as Record<string, { properties?: Json }>;
    expect(Object.keys(all)).toEqual(expect.arrayContaining(['User2', 'Region2', 'SavedView2']));
    expect(Object.keys(all.User?.properties ?? {})).toContain('email');
    expect(Object.keys(all.Region?.properties ?? {})).toContain('hasChildren');
    expect(Object.keys(all.SavedView?.properties ?? {})).toContain('visibility');
    expect(judge(validators[0][1], document)).toBe(true);
  });

  it("describes a record's history by its changes, not by entries of the security log", () => {
    const document = buildOpenApiDocument({ objects: [{ ...everyFieldType(), name: 'deal' }] });
    const history = (document.paths as Json)['/api/v1/objects/deal/records/{id}/history'] as {
      get: { responses: { '200': { content: { 'application/json': { schema: Json } } } } };
    };
    const schema = history.get.responses['200'].content['application/json'].schema as {
      properties: { entries: { items: { $ref: string } } };
    };
    const name = schema.properties.entries.items.$ref.split('/').pop() as string;
    const entry = schemas(document)[name] as { properties: Json };
    expect(Object.keys(entry.properties)).toEqual(expect.arrayContaining(['version', 'changes']));
    expect(Object.keys(entry.properties)).not.toContain('ip');
  });
});

describe('GET /api/v1/openapi.json', () => {
  it("serves the document of the caller's tenant, with its published objects only", async () => {
    const metadata = createMetadataService({
      store: createMemoryMetadataStore(),
      clock: { now: () => new Date('2026-03-01T10:00:00Z') },
    });
    const app = buildServer({
      metadata,
      resolveContext: (request) => ({
        tenantId: String(request.headers['x-tenant'] ?? 'tenant-a'),
        actorId: 'alice',
      }),
    });
    const simple = (name: string) => ({
      kind: 'object',
      schemaVersion: 1,
      name,
      label: label(name),
      nameField: 'name',
      fields: [{ name: 'name', type: 'text', label: label('Name') }],
    });
    const put = (name: string) =>
      app.inject({ method: 'PUT', url: `/api/v1/metadata/object/${name}`, payload: simple(name) });
    expect((await put('account')).statusCode).toBe(200);
    const published = await app.inject({
      method: 'POST',
      url: '/api/v1/metadata/publish',
      payload: {},
    });
    expect(published.statusCode).toBe(200);
    expect((await put('contact')).statusCode).toBe(200);

    const response = await app.inject('/api/v1/openapi.json');
    expect(response.statusCode).toBe(200);
    const document = response.json();
    expect(document.openapi).toBe('3.1.0');
    expect(document.paths['/api/v1/objects/account/records']).toBeDefined();
    expect(document.paths['/api/v1/objects/contact/records']).toBeUndefined();
    expect(document.servers).toEqual([{ url: 'http://localhost:80' }]);
    expect(judge(validators2022, document)).toBe(true);

    const other = (
      await app.inject({ url: '/api/v1/openapi.json', headers: { 'x-tenant': 'b' } })
    ).json();
    expect(other.paths['/api/v1/objects/account/records']).toBeUndefined();
    await app.close();
  });
});

const validators2022 = documentValidator(OFFICIAL_2022);
