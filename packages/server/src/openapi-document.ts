import { EXPANDED_KEY, MAX_BULK_SIZE, MAX_EXPANDED_FIELDS } from '@tangram/engine';
import { FILTER_OPERATORS, METADATA_KINDS, type ObjectDoc } from '@tangram/schema';
import { APP_PATHS, APP_SCHEMAS, recordTransferPaths, timelinePath } from './openapi-app-paths.js';
import {
  fieldPropertySchema,
  isComputedField,
  type JsonSchema,
  labelText,
} from './openapi-field-schema.js';
import { errorResponse, headerRef, json, param, ref } from './openapi-refs.js';
import { SECURITY_PATHS, SECURITY_SCHEMAS, SECURITY_SCHEMES } from './openapi-security.js';
import {
  DEFAULT_PAGE_SIZE,
  MAX_FILTER_DEPTH,
  MAX_PAGE_SIZE,
  MAX_SORT_KEYS,
} from './record-query-params.js';

/** What an OpenAPI document is built from: the tenant's published objects. */
export interface OpenApiOptions {
  readonly objects: readonly ObjectDoc[];
  readonly serverUrl?: string;
  readonly info?: {
    readonly title?: string;
    readonly version?: string;
    readonly description?: string;
  };
}

/** An OpenAPI 3.1 document as plain JSON data. */
export type OpenApiDocument = { readonly openapi: '3.1.0' } & JsonSchema;

/** `quote_line` → `QuoteLine`: the component name of an object's schemas. */
export function schemaName(object: string): string {
  return object
    .split('_')
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('');
}

const SYSTEM_PROPERTIES: Record<string, JsonSchema> = {
  id: { type: 'string', format: 'uuid', readOnly: true },
  version: {
    type: 'integer',
    minimum: 1,
    readOnly: true,
    description: 'Grows by one on every change; send it back as If-Match.',
  },
  owner_id: { anyOf: [{ type: 'string', format: 'uuid' }, { type: 'null' }] },
  created_by: { type: 'string', readOnly: true },
  created_at: { type: 'string', format: 'date-time', readOnly: true },
  updated_by: { type: 'string', readOnly: true },
  updated_at: { type: 'string', format: 'date-time', readOnly: true },
};

const OBJECT_SCHEMA_SUFFIXES = ['', 'Input', 'Patch', 'Page', 'Bulk', 'BulkResult'];

/**
 * The component base name of each object (`quote_line` → `QuoteLine`), numbered when it or one
 * of its suffixed names would collide with a schema of the fixed endpoints or another object
 * (`deal_input` beside `deal` becomes `DealInput2`, an object `user` becomes `User2`).
 */
export function assignSchemaNames(objects: readonly ObjectDoc[]): Map<string, string> {
  const taken = new Set(Object.keys(FIXED_SCHEMAS));
  const names = new Map<string, string>();
  for (const object of objects) {
    const pascal = schemaName(object.name);
    let base = pascal;
    for (let n = 2; OBJECT_SCHEMA_SUFFIXES.some((suffix) => taken.has(base + suffix)); n++) {
      base = `${pascal}${n}`;
    }
    for (const suffix of OBJECT_SCHEMA_SUFFIXES) taken.add(base + suffix);
    names.set(object.name, base);
  }
  return names;
}

function objectSchemas(object: ObjectDoc, name: string): Record<string, JsonSchema> {
  const title = labelText(object.label) ?? object.name;
  const writable = object.fields.filter((field) => !isComputedField(field));
  const required = writable
    .filter((field) => field.required && field.default === undefined)
    .map((field) => field.name);
  const inputProperties = (nullableRequired: boolean) => ({
    owner_id: SYSTEM_PROPERTIES.owner_id,
    ...Object.fromEntries(
      writable.map((field) => [
        field.name,
        fieldPropertySchema(field, nullableRequired || !field.required),
      ]),
    ),
  });
  return {
    [name]: {
      type: 'object',
      title,
      description: `A record of ${title}. Only id and version are always present: \`fields\` selects the rest.`,
      required: ['id', 'version'],
      properties: {
        ...SYSTEM_PROPERTIES,
        ...Object.fromEntries(
          object.fields.map((field) => [field.name, fieldPropertySchema(field)]),
        ),
        [EXPANDED_KEY]: ref('ExpandedLookups'),
      },
    },
    [`${name}Input`]: {
      type: 'object',
      title: `New ${title}`,
      additionalProperties: false,
      ...(required.length === 0 ? {} : { required }),
      properties: inputProperties(false),
    },
    [`${name}Patch`]: {
      type: 'object',
      title: `${title} changes`,
      additionalProperties: false,
      properties: inputProperties(false),
    },
    [`${name}Page`]: {
      type: 'object',
      required: ['records', 'nextCursor'],
      properties: {
        records: { type: 'array', items: ref(name) },
        nextCursor: { anyOf: [{ type: 'string' }, { type: 'null' }] },
        count: ref('RecordCount'),
      },
    },
    [`${name}Bulk`]: {
      type: 'object',
      required: ['op', 'records'],
      oneOf: [
        {
          properties: {
            op: { const: 'create' },
            records: bulkRows(ref(`${name}Input`)),
          },
        },
        {
          properties: {
            op: { const: 'update' },
            records: bulkRows({
              type: 'object',
              required: ['id', 'patch'],
              additionalProperties: false,
              properties: {
                id: { type: 'string', format: 'uuid' },
                patch: ref(`${name}Patch`),
                ifMatch: { type: 'integer', minimum: 1 },
              },
            }),
          },
        },
        { properties: { op: { const: 'delete' }, records: bulkRows(ref('BulkDeleteRow')) } },
        { properties: { op: { const: 'restore' }, records: bulkRows(ref('BulkRestoreRow')) } },
      ],
    },
    [`${name}BulkResult`]: {
      type: 'object',
      required: ['op', 'succeeded', 'failed', 'results'],
      properties: {
        op: { type: 'string', enum: ['create', 'update', 'delete', 'restore'] },
        succeeded: { type: 'integer' },
        failed: { type: 'integer' },
        results: {
          type: 'array',
          items: {
            type: 'object',
            required: ['index', 'status'],
            properties: {
              index: { type: 'integer' },
              status: {
                type: 'integer',
                description: 'The HTTP status this row would have had alone.',
              },
              record: ref(name),
              id: {
                type: 'string',
                format: 'uuid',
                description: 'With `Prefer: return=minimal`, in place of `record`.',
              },
              version: {
                type: 'integer',
                description: 'With `Prefer: return=minimal`, in place of `record`.',
              },
              error: ref('ErrorBody'),
            },
          },
        },
      },
    },
  };
}

/** What `deleted` asks for, in the list parameter and the query body alike. */
const DELETED_DESCRIPTION =
  'true: the recycle bin, the deleted records the caller may restore (the delete permission and its scope), last deleted first unless sorted, each with `deleted_at`.';

function bulkRows(items: JsonSchema): JsonSchema {
  return { type: 'array', minItems: 1, maxItems: MAX_BULK_SIZE, items };
}

const SHARED_SCHEMAS: Record<string, JsonSchema> = {
  ErrorBody: {
    type: 'object',
    required: ['code', 'message'],
    properties: {
      code: { type: 'string', pattern: '^[A-Z][A-Z0-9_]*$', description: 'Stable error code.' },
      message: { type: 'string' },
      details: {
        description: 'What went wrong; `issues` lists every problem when there are several.',
      },
    },
  },
  Error: {
    type: 'object',
    required: ['error'],
    properties: { error: ref('ErrorBody') },
  },
  FilterNode: {
    description: `A filter tree, at most ${MAX_FILTER_DEPTH} levels deep.`,
    oneOf: [ref('FilterGroup'), ref('FilterNot'), ref('FilterCondition')],
  },
  FilterGroup: {
    type: 'object',
    required: ['kind', 'children'],
    additionalProperties: false,
    properties: {
      kind: { type: 'string', enum: ['and', 'or'] },
      children: { type: 'array', minItems: 1, maxItems: 100, items: ref('FilterNode') },
    },
  },
  FilterNot: {
    type: 'object',
    required: ['kind', 'child'],
    additionalProperties: false,
    properties: { kind: { const: 'not' }, child: ref('FilterNode') },
  },
  FilterCondition: {
    type: 'object',
    required: ['kind', 'field', 'op'],
    additionalProperties: false,
    properties: {
      kind: { const: 'condition' },
      field: {
        type: 'string',
        description: 'A field name or a lookup path such as `account.industry`.',
      },
      op: { type: 'string', enum: [...FILTER_OPERATORS] },
      value: { description: 'Shape depends on the operator: a value, a list, or `[from, to]`.' },
    },
  },
  SortSpec: {
    type: 'object',
    required: ['field', 'direction'],
    additionalProperties: false,
    properties: {
      field: { type: 'string' },
      direction: { type: 'string', enum: ['asc', 'desc'] },
    },
  },
  RecordQuery: {
    type: 'object',
    additionalProperties: false,
    properties: {
      filter: ref('FilterNode'),
      sort: { type: 'array', maxItems: MAX_SORT_KEYS, items: ref('SortSpec') },
      fields: { type: 'array', items: { type: 'string' } },
      limit: { type: 'integer', minimum: 1, maximum: MAX_PAGE_SIZE, default: DEFAULT_PAGE_SIZE },
      cursor: { type: 'string' },
      search: { type: 'string', maxLength: 200 },
      count: { type: 'string', enum: ['exact', 'estimate', 'none'] },
      expand: {
        type: 'array',
        maxItems: MAX_EXPANDED_FIELDS,
        items: { type: 'string' },
        description: 'Lookup or master-detail fields whose targets to name in `$expanded`.',
      },
      deleted: {
        type: 'boolean',
        description: DELETED_DESCRIPTION,
      },
    },
  },
  ExpandedLookups: {
    type: 'object',
    readOnly: true,
    description:
      'Present when `expand` was asked: each expanded field → its target, or null when empty.',
    additionalProperties: { anyOf: [ref('ExpandedRef'), { type: 'null' }] },
  },
  ExpandedRef: {
    type: 'object',
    required: ['id', 'name'],
    properties: {
      id: { type: 'string', format: 'uuid' },
      name: {
        anyOf: [{ type: 'string' }, { type: 'null' }],
        description: "The target's name field; null when the target is missing or deleted.",
      },
    },
  },
  RecordCount: {
    type: 'object',
    required: ['value', 'exact'],
    properties: { value: { type: 'integer' }, exact: { type: 'boolean' } },
  },
  BulkDeleteRow: {
    type: 'object',
    required: ['id'],
    additionalProperties: false,
    properties: {
      id: { type: 'string', format: 'uuid' },
      ifMatch: { type: 'integer', minimum: 1 },
    },
  },
  BulkRestoreRow: {
    type: 'object',
    required: ['id'],
    additionalProperties: false,
    properties: { id: { type: 'string', format: 'uuid' } },
  },
  RecordChange: {
    type: 'object',
    description: 'One change of a record: who, when, and each field before and after.',
    properties: {
      action: { type: 'string', enum: ['create', 'update', 'delete', 'restore'] },
      actorId: { type: 'string' },
      at: { type: 'string', format: 'date-time' },
      version: { type: 'integer' },
      changes: {
        type: 'object',
        additionalProperties: { type: 'array', minItems: 2, maxItems: 2 },
      },
    },
  },
  MetadataDocument: {
    type: 'object',
    required: ['kind', 'name', 'schemaVersion'],
    properties: {
      kind: { type: 'string', enum: [...METADATA_KINDS] },
      name: { type: 'string' },
      schemaVersion: { type: 'integer' },
    },
    description: 'A metadata document; its full shape is the JSON Schema of its kind.',
  },
  MetadataEntry: {
    type: 'object',
    required: ['kind', 'name', 'revision', 'state', 'document'],
    properties: {
      kind: { type: 'string' },
      name: { type: 'string' },
      revision: { type: 'integer' },
      state: { type: 'string', enum: ['draft', 'published', 'version'] },
      version: { anyOf: [{ type: 'integer' }, { type: 'null' }] },
      publishedVersion: { anyOf: [{ type: 'integer' }, { type: 'null' }] },
      hasDraft: { type: 'boolean' },
      document: ref('MetadataDocument'),
    },
  },
  MetadataSummary: {
    type: 'object',
    properties: {
      kind: { type: 'string' },
      name: { type: 'string' },
      label: { type: 'object' },
      revision: { type: 'integer' },
      publishedVersion: { anyOf: [{ type: 'integer' }, { type: 'null' }] },
      hasDraft: { type: 'boolean' },
      updatedAt: { type: 'string', format: 'date-time' },
      updatedBy: { type: 'string' },
    },
  },
  MetadataDraftResult: {
    type: 'object',
    properties: {
      kind: { type: 'string' },
      name: { type: 'string' },
      revision: { type: 'integer' },
      hasDraft: { type: 'boolean' },
    },
  },
  MetadataRef: {
    type: 'object',
    required: ['kind', 'name'],
    properties: { kind: { type: 'string' }, name: { type: 'string' } },
  },
  JsonPatch: {
    type: 'array',
    description: 'An RFC 6902 JSON Patch.',
    items: {
      type: 'object',
      required: ['op', 'path'],
      properties: {
        op: { type: 'string' },
        path: { type: 'string' },
        value: {},
        from: { type: 'string' },
      },
    },
  },
};

// The schemas of the endpoints every tenant has; objects' schemas are named around them.
const FIXED_SCHEMAS: Record<string, JsonSchema> = {
  ...SHARED_SCHEMAS,
  ...SECURITY_SCHEMAS,
  ...APP_SCHEMAS,
};

const PARAMETERS: Record<string, JsonSchema> = {
  RecordId: { name: 'id', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } },
  Kind: {
    name: 'kind',
    in: 'path',
    required: true,
    schema: { type: 'string', enum: [...METADATA_KINDS] },
  },
  Name: {
    name: 'name',
    in: 'path',
    required: true,
    schema: { type: 'string', pattern: '^[a-z][a-z0-9_]{0,62}$' },
  },
  IfMatch: {
    name: 'If-Match',
    in: 'header',
    required: true,
    description: 'The version (records) or revision (metadata) you read, quoted: `"3"`.',
    schema: { type: 'string', pattern: '^(W/)?"?[0-9]+"?$' },
  },
  PreferReturn: {
    name: 'Prefer',
    in: 'header',
    description:
      'RFC 7240; `return=minimal` answers each row with its id and version only (`Preference-Applied` confirms it).',
    schema: { type: 'string', examples: ['return=minimal'] },
  },
  IfMatchOptional: {
    name: 'If-Match',
    in: 'header',
    description: 'The revision you read; required when changing an existing document.',
    schema: { type: 'string', pattern: '^(W/)?"?[0-9]+"?$' },
  },
  IdempotencyKey: {
    name: 'Idempotency-Key',
    in: 'header',
    description: 'A retry with the same key answers the first response and creates nothing.',
    schema: { type: 'string', pattern: '^[\\x21-\\x7e]{1,255}$' },
  },
  Filter: {
    name: 'filter',
    in: 'query',
    description: 'A filter tree as JSON (use POST …/query for long ones).',
    content: json(ref('FilterNode')),
  },
  Sort: {
    name: 'sort',
    in: 'query',
    description: 'Comma-separated fields; a leading `-` sorts descending: `-amount,name`.',
    schema: { type: 'string' },
  },
  Fields: {
    name: 'fields',
    in: 'query',
    description: 'Comma-separated fields to return besides id and version.',
    schema: { type: 'string' },
  },
  Expand: {
    name: 'expand',
    in: 'query',
    description: `Comma-separated lookup or master-detail fields (at most ${MAX_EXPANDED_FIELDS}) whose targets to name in \`$expanded\`: \`account,contact\`.`,
    schema: { type: 'string' },
  },
  Limit: {
    name: 'limit',
    in: 'query',
    schema: { type: 'integer', minimum: 1, maximum: MAX_PAGE_SIZE, default: DEFAULT_PAGE_SIZE },
  },
  Cursor: {
    name: 'cursor',
    in: 'query',
    description: 'The `nextCursor` of the previous page.',
    schema: { type: 'string' },
  },
  Search: {
    name: 'q',
    in: 'query',
    description: 'Text to search for in the searchable fields.',
    schema: { type: 'string', maxLength: 200 },
  },
  Count: {
    name: 'count',
    in: 'query',
    description: 'Whether to count the matching records: exactly, by estimate, or not at all.',
    schema: { type: 'string', enum: ['exact', 'estimate', 'none'] },
  },
  Deleted: {
    name: 'deleted',
    in: 'query',
    description: DELETED_DESCRIPTION,
    schema: { type: 'boolean' },
  },
};

const HEADERS: Record<string, JsonSchema> = {
  ETag: {
    description: 'The record version (or document revision), quoted; send it back as If-Match.',
    schema: { type: 'string' },
  },
  Location: { description: 'The URL of the created record.', schema: { type: 'string' } },
};

const RESPONSES: Record<string, JsonSchema> = {
  BadRequest: errorResponse('Malformed request, invalid query, or a limit exceeded.'),
  NotFound: errorResponse('No such object or record.'),
  Stale: errorResponse('The If-Match version is not the current one.'),
  PreconditionRequired: errorResponse('If-Match is missing.'),
  Invalid: errorResponse('The input breaks a field definition or validation rule.'),
  Conflict: errorResponse(
    'A unique value another record holds, a reference that blocks a delete, or a deleted master.',
  ),
  TooLarge: errorResponse('The body is over the size limit.'),
};

const errors = (...names: string[]) => {
  const statuses: Record<string, string> = {
    BadRequest: '400',
    NotFound: '404',
    Conflict: '409',
    Stale: '412',
    TooLarge: '413',
    Invalid: '422',
    PreconditionRequired: '428',
  };
  return Object.fromEntries(
    names.map((name) => [statuses[name], { $ref: `#/components/responses/${name}` }]),
  );
};

function withEtag(schema: JsonSchema, description: string) {
  return { description, headers: { ETag: headerRef('ETag') }, content: json(schema) };
}

function recordPaths(object: ObjectDoc, name: string): Record<string, JsonSchema> {
  const title = labelText(object.label) ?? object.name;
  const base = `/api/v1/objects/${object.name}/records`;
  const tags = [object.name];
  return {
    [base]: {
      get: {
        operationId: `list${name}`,
        summary: `List ${title} records`,
        tags,
        parameters: [
          'Filter',
          'Sort',
          'Fields',
          'Expand',
          'Limit',
          'Cursor',
          'Search',
          'Count',
          'Deleted',
        ].map(param),
        responses: {
          '200': { description: 'One page of records.', content: json(ref(`${name}Page`)) },
          ...errors('BadRequest', 'NotFound'),
        },
      },
      post: {
        operationId: `create${name}`,
        summary: `Create a ${title} record`,
        tags,
        parameters: [param('IdempotencyKey')],
        requestBody: { required: true, content: json(ref(`${name}Input`)) },
        responses: {
          '201': {
            description: 'The created record.',
            headers: { ETag: headerRef('ETag'), Location: headerRef('Location') },
            content: json(ref(name)),
          },
          ...errors('BadRequest', 'NotFound', 'TooLarge', 'Invalid'),
        },
      },
    },
    [`${base}/query`]: {
      post: {
        operationId: `query${name}`,
        summary: `Query ${title} records with a filter in the body`,
        tags,
        requestBody: { content: json(ref('RecordQuery')) },
        responses: {
          '200': { description: 'One page of records.', content: json(ref(`${name}Page`)) },
          ...errors('BadRequest', 'NotFound'),
        },
      },
    },
    [`${base}/bulk`]: {
      post: {
        operationId: `bulk${name}`,
        summary: `Create, update, delete or restore up to ${MAX_BULK_SIZE} ${title} records`,
        description:
          'Each row succeeds or fails on its own; the body is limited to 10 MiB. With `Prefer: return=minimal` each row names its record by `id` and `version` instead of repeating it.',
        tags,
        parameters: [param('PreferReturn')],
        requestBody: { required: true, content: json(ref(`${name}Bulk`)) },
        responses: {
          '200': {
            description: 'A result per row.',
            headers: {
              'Preference-Applied': {
                description: '`return=minimal` when the rows name their records by id and version.',
                schema: { type: 'string' },
              },
            },
            content: json(ref(`${name}BulkResult`)),
          },
          ...errors('BadRequest', 'NotFound', 'TooLarge'),
        },
      },
    },
    [`${base}/{id}`]: {
      parameters: [param('RecordId')],
      get: {
        operationId: `get${name}`,
        summary: `Get a ${title} record`,
        tags,
        parameters: [param('Fields'), param('Expand')],
        responses: {
          '200': withEtag(ref(name), 'The record.'),
          ...errors('BadRequest', 'NotFound'),
        },
      },
      patch: {
        operationId: `update${name}`,
        summary: `Change a ${title} record`,
        tags,
        parameters: [param('IfMatch')],
        requestBody: { required: true, content: json(ref(`${name}Patch`)) },
        responses: {
          '200': withEtag(ref(name), 'The changed record.'),
          ...errors(
            'BadRequest',
            'NotFound',
            'Stale',
            'TooLarge',
            'Invalid',
            'PreconditionRequired',
          ),
        },
      },
      delete: {
        operationId: `delete${name}`,
        summary: `Delete a ${title} record (it can be restored)`,
        tags,
        parameters: [param('IfMatch')],
        responses: {
          '204': { description: 'Deleted.' },
          ...errors('BadRequest', 'NotFound', 'Stale', 'PreconditionRequired'),
        },
      },
    },
    [`${base}/{id}/restore`]: {
      parameters: [param('RecordId')],
      post: {
        operationId: `restore${name}`,
        summary: `Restore a deleted ${title} record`,
        description:
          'Restores the master-detail records its delete took with it too. Needs the delete permission. 409 `RECORD_PARENT_DELETED` while its own master is deleted, `RECORD_DUPLICATE` when a live record took one of its unique values.',
        tags,
        responses: {
          '200': withEtag(ref(name), 'The restored record.'),
          ...errors('BadRequest', 'NotFound', 'Conflict'),
        },
      },
    },
    [`${base}/{id}/timeline`]: timelinePath(title, name, tags),
    ...recordTransferPaths(base, title, name, tags),
    [`${base}/{id}/history`]: {
      parameters: [param('RecordId')],
      get: {
        operationId: `history${name}`,
        summary: `The change history of a ${title} record`,
        tags,
        responses: {
          '200': {
            description: 'Audit entries, newest first.',
            content: json({
              type: 'object',
              required: ['entries'],
              properties: { entries: { type: 'array', items: ref('RecordChange') } },
            }),
          },
          ...errors('BadRequest', 'NotFound'),
        },
      },
    },
  };
}

const METADATA = '/api/v1/metadata';
const metadataTags = ['metadata'];
const documentParams = [param('Kind'), param('Name')];

const METADATA_PATHS: Record<string, JsonSchema> = {
  [METADATA]: {
    get: {
      operationId: 'listMetadata',
      summary: 'List metadata documents',
      tags: metadataTags,
      parameters: [
        { name: 'kind', in: 'query', schema: { type: 'string', enum: [...METADATA_KINDS] } },
      ],
      responses: {
        '200': {
          description: 'Every document of the tenant (or of one kind).',
          content: json({
            type: 'object',
            properties: { documents: { type: 'array', items: ref('MetadataSummary') } },
          }),
        },
        ...errors('BadRequest'),
      },
    },
  },
  [`${METADATA}/{kind}/{name}`]: {
    parameters: documentParams,
    get: {
      operationId: 'getMetadata',
      summary: 'Get a metadata document',
      tags: metadataTags,
      parameters: [
        {
          name: 'state',
          in: 'query',
          schema: { type: 'string', enum: ['draft', 'published', 'effective'] },
        },
        { name: 'version', in: 'query', schema: { type: 'integer', minimum: 1 } },
      ],
      responses: {
        '200': withEtag(ref('MetadataEntry'), 'The document.'),
        ...errors('BadRequest', 'NotFound'),
      },
    },
    put: {
      operationId: 'saveMetadataDraft',
      summary: 'Save a draft of a metadata document',
      tags: metadataTags,
      parameters: [param('IfMatchOptional')],
      requestBody: { required: true, content: json(ref('MetadataDocument')) },
      responses: {
        '200': withEtag(ref('MetadataDraftResult'), 'The saved draft head.'),
        ...errors('BadRequest', 'NotFound', 'Stale', 'TooLarge', 'Invalid', 'PreconditionRequired'),
      },
    },
  },
  [`${METADATA}/{kind}/{name}/draft`]: {
    parameters: documentParams,
    delete: {
      operationId: 'discardMetadataDraft',
      summary: 'Discard the draft of a document',
      tags: metadataTags,
      parameters: [param('IfMatch')],
      responses: {
        '200': withEtag(ref('MetadataDraftResult'), 'The head after discarding.'),
        ...errors('BadRequest', 'NotFound', 'Stale', 'PreconditionRequired'),
      },
    },
  },
  [`${METADATA}/validate`]: {
    post: {
      operationId: 'validateMetadata',
      summary: "Check the tenant's effective set of documents",
      tags: metadataTags,
      responses: {
        '200': {
          description: 'Whether the set is valid, with every issue.',
          content: json({
            type: 'object',
            properties: {
              valid: { type: 'boolean' },
              issues: { type: 'array', items: { type: 'object' } },
            },
          }),
        },
      },
    },
  },
  [`${METADATA}/publish`]: {
    post: {
      operationId: 'publishMetadata',
      summary: 'Publish drafts',
      tags: metadataTags,
      requestBody: {
        content: json({
          type: 'object',
          properties: {
            documents: { type: 'array', items: ref('MetadataRef') },
            message: { type: 'string', maxLength: 2000 },
          },
        }),
      },
      responses: {
        '200': {
          description: 'The versions created.',
          content: json({
            type: 'object',
            properties: { published: { type: 'array', items: ref('MetadataRef') } },
          }),
        },
        ...errors('BadRequest', 'Invalid'),
      },
    },
  },
  [`${METADATA}/{kind}/{name}/history`]: {
    parameters: documentParams,
    get: {
      operationId: 'metadataHistory',
      summary: 'Versions of a document, newest first',
      tags: metadataTags,
      responses: {
        '200': {
          description: 'The versions.',
          content: json({
            type: 'object',
            properties: { versions: { type: 'array', items: { type: 'object' } } },
          }),
        },
        ...errors('BadRequest', 'NotFound'),
      },
    },
  },
  [`${METADATA}/{kind}/{name}/diff`]: {
    parameters: documentParams,
    get: {
      operationId: 'metadataDiff',
      summary: 'The JSON Patch between two versions',
      tags: metadataTags,
      parameters: ['from', 'to'].map((side) => ({
        name: side,
        in: 'query',
        required: true,
        description: 'A version number, 0 for nothing, or `draft`.',
        schema: { type: 'string', pattern: '^(draft|[0-9]+)$' },
      })),
      responses: {
        '200': {
          description: 'The diff.',
          content: json({ type: 'object', properties: { diff: ref('JsonPatch') } }),
        },
        ...errors('BadRequest', 'NotFound'),
      },
    },
  },
  [`${METADATA}/{kind}/{name}/revert`]: {
    parameters: documentParams,
    post: {
      operationId: 'revertMetadata',
      summary: 'Publish a copy of an old version',
      tags: metadataTags,
      parameters: [param('IfMatchOptional')],
      requestBody: {
        required: true,
        content: json({
          type: 'object',
          required: ['version'],
          properties: { version: { type: 'integer', minimum: 1 }, message: { type: 'string' } },
        }),
      },
      responses: {
        '200': withEtag({ type: 'object' }, 'The version created.'),
        ...errors('BadRequest', 'NotFound', 'Stale', 'Invalid'),
      },
    },
  },
  '/api/v1/openapi.json': {
    get: {
      operationId: 'getOpenApi',
      summary: "This document, for the caller's tenant",
      tags: ['meta'],
      responses: {
        '200': { description: 'An OpenAPI 3.1 document.', content: json({ type: 'object' }) },
      },
    },
  },
  '/api/v1/openapi.ts': {
    get: {
      operationId: 'getOpenApiTypes',
      summary: "TypeScript types of this document, for the caller's tenant",
      description:
        "A type per schema and `TangramObjects`, which makes `createClient<TangramObjects>()` of `@tangram/client` type every object's records, inputs and field names.",
      tags: ['meta'],
      responses: {
        '200': {
          description: 'A TypeScript module.',
          content: { 'text/plain': { schema: { type: 'string' } } },
        },
      },
    },
  },
};

/**
 * The OpenAPI 3.1 document of a tenant's API: the metadata API and, for each published object,
 * its record endpoints with typed schemas (`<Object>` as read, `<Object>Input` to create,
 * `<Object>Patch` to change). Pure: the same objects give the same document.
 */
export function buildOpenApiDocument(options: OpenApiOptions): OpenApiDocument {
  const objects = [...options.objects].sort((a, b) => a.name.localeCompare(b.name));
  const names = assignSchemaNames(objects);
  const nameOf = (object: ObjectDoc) => names.get(object.name) ?? schemaName(object.name);
  return {
    openapi: '3.1.0',
    info: {
      title: options.info?.title ?? 'Tangram API',
      version: options.info?.version ?? '1',
      ...(options.info?.description === undefined ? {} : { description: options.info.description }),
    },
    ...(options.serverUrl === undefined ? {} : { servers: [{ url: options.serverUrl }] }),
    // Every operation needs the session cookie or an API token unless it says `security: []`.
    security: [{ session: [] }, { token: [] }],
    tags: [
      { name: 'auth', description: 'Sign-in, sessions, password and API tokens' },
      { name: 'identity', description: 'Users, roles, departments and sharing (administrators)' },
      { name: 'audit', description: 'The security audit log (auditors)' },
      { name: 'records', description: 'Operations over the records of any object' },
      { name: 'metadata', description: 'Designs: objects, forms, views, workflows …' },
      { name: 'views', description: 'Views users save of an object: personal or shared' },
      { name: 'regions', description: 'The administrative divisions of China, for region fields' },
      { name: 'operations', description: 'Health of the server' },
      { name: 'meta', description: 'This document, and the TypeScript types made from it' },
      ...objects.map((object) => ({
        name: object.name,
        description: labelText(object.label) ?? object.name,
      })),
    ],
    paths: {
      ...SECURITY_PATHS,
      ...METADATA_PATHS,
      ...APP_PATHS,
      ...Object.fromEntries(
        objects.flatMap((object) => Object.entries(recordPaths(object, nameOf(object)))),
      ),
    },
    components: {
      securitySchemes: SECURITY_SCHEMES,
      schemas: {
        ...FIXED_SCHEMAS,
        ...Object.fromEntries(
          objects.flatMap((object) => Object.entries(objectSchemas(object, nameOf(object)))),
        ),
      },
      parameters: PARAMETERS,
      headers: HEADERS,
      responses: RESPONSES,
    },
  };
}
