import {
  MAX_ATTACHMENT_BYTES,
  MAX_RECENT,
  MAX_SEARCH_PER_OBJECT,
  MAX_TIMELINE_PAGE,
} from '@tangram/engine';
import { CSV_ENCODINGS } from './csv-decode.js';
import type { JsonSchema } from './openapi-field-schema.js';
import { errorResponse, headerRef, json, ok, param, ref } from './openapi-refs.js';
import { OBJECT_NAME_LIST } from './search-routes.js';

const error = errorResponse;
const etag = { ETag: headerRef('ETag') };

const TEXT = { type: 'string' };
const ID = { type: 'string', format: 'uuid' };
const NAME = { type: 'string', pattern: '^[a-z][a-z0-9_]{0,62}$' };
const NAMES = { ...OBJECT_NAME_LIST, description: 'Object names separated by commas.' };

/** The `objects` and `limit` query parameters of a read across objects. */
function objectsAndLimit(limit: string, maximum: number) {
  return [
    { name: 'objects', in: 'query', schema: NAMES },
    {
      name: 'limit',
      in: 'query',
      description: limit,
      schema: { type: 'integer', minimum: 1, maximum },
    },
  ];
}
const TIME = { type: 'string', format: 'date-time' };
const REGION_CODE = { type: 'string', pattern: '^(\\d{2}|\\d{4}|\\d{6})$' };

const stale = error('SAVED_VIEW_STALE: the If-Match version is not the current one.');
const precondition = error('PRECONDITION_REQUIRED: If-Match is missing.');
const viewNotFound = error(
  'SAVED_VIEW_NOT_FOUND: no such view the caller may see (another user’s personal view answers the same).',
);
const notOwner = error(
  'SAVED_VIEW_NOT_OWNER: only the user who saved a view changes or deletes it.',
);
const viewInvalid = error(
  'SAVED_VIEW_INVALID: the definition breaks the view schema, or names a field or operator its object does not have.',
);

const typeChangeParams = [
  { name: 'name', in: 'path', required: true, schema: NAME, description: 'The object.' },
  { name: 'field', in: 'path', required: true, schema: NAME, description: 'The field.' },
];
const typeChangeBody = {
  required: true,
  description: 'The field’s new definition (its name unchanged, a new type).',
  content: json({ type: 'object' }),
};

const typeChangeErrors = {
  '400': error('METADATA_NAME_MISMATCH: the definition names another field.'),
  '404': error('OBJECT_NOT_FOUND or FIELD_NOT_FOUND.'),
  '422': error(
    'METADATA_INVALID or FIELD_TYPE_CHANGE_UNSUPPORTED: the new definition cannot be applied.',
  ),
};

const SAVED_VIEW_PROPERTIES = {
  label: { type: 'string', minLength: 1, maxLength: 100 },
  visibility: {
    type: 'string',
    enum: ['personal', 'shared'],
    description:
      'Personal views are seen by their owner only; shared ones by everyone who may read the object.',
  },
  definition: ref('SavedViewDefinition'),
};

/** The schemas of the app endpoints: saved views, search, timelines, regions, files, type changes. */
export const APP_SCHEMAS: Record<string, JsonSchema> = {
  SavedViewDefinition: {
    type: 'object',
    description: 'What the view shows: the parts of a view document a user may choose.',
    required: ['type', 'columns'],
    properties: {
      type: { type: 'string', enum: ['list', 'kanban', 'calendar'] },
      columns: {
        type: 'array',
        items: {
          type: 'object',
          required: ['field'],
          properties: { field: TEXT, width: { type: 'integer' } },
        },
      },
      filter: ref('FilterNode'),
      sort: { type: 'array', items: ref('SortSpec') },
      pageSize: { type: 'integer' },
      kanban: { type: 'object' },
      calendar: { type: 'object' },
    },
  },
  SavedView: {
    type: 'object',
    properties: {
      id: ID,
      object: NAME,
      ...SAVED_VIEW_PROPERTIES,
      ownerId: TEXT,
      version: { type: 'integer' },
      createdAt: TIME,
      updatedAt: TIME,
    },
  },
  SavedViewInput: {
    type: 'object',
    required: ['object', 'label', 'visibility', 'definition'],
    additionalProperties: false,
    properties: { object: NAME, ...SAVED_VIEW_PROPERTIES },
  },
  SavedViewPatch: {
    type: 'object',
    minProperties: 1,
    additionalProperties: false,
    properties: SAVED_VIEW_PROPERTIES,
  },
  SearchResult: {
    type: 'object',
    required: ['q', 'groups'],
    properties: {
      q: TEXT,
      groups: {
        type: 'array',
        description: 'The objects with matches, in the order asked (or listed).',
        items: {
          type: 'object',
          required: ['object', 'records', 'more'],
          properties: {
            object: NAME,
            label: { description: 'The object’s label, localized text.' },
            icon: { type: ['string', 'null'] },
            records: {
              type: 'array',
              items: {
                type: 'object',
                required: ['id', 'name'],
                properties: {
                  id: ID,
                  name: {
                    type: ['string', 'null'],
                    description: 'Null when empty or hidden from the caller.',
                  },
                },
              },
            },
            more: { type: 'boolean', description: 'The object has more matches than returned.' },
          },
        },
      },
    },
  },
  RecentRecords: {
    type: 'object',
    required: ['records'],
    properties: {
      records: {
        type: 'array',
        description: 'The records the caller wrote last and may still read, newest first.',
        items: {
          type: 'object',
          required: ['object', 'id', 'name', 'at'],
          properties: {
            object: NAME,
            label: { description: 'The object’s label, localized text.' },
            icon: { type: ['string', 'null'] },
            id: ID,
            name: {
              type: ['string', 'null'],
              description: 'Null when empty or hidden from the caller.',
            },
            at: { type: 'string', format: 'date-time', description: 'The caller’s last write.' },
          },
        },
      },
    },
  },
  TimelinePage: {
    type: 'object',
    required: ['items', 'nextCursor'],
    properties: {
      items: {
        type: 'array',
        description: 'Newest first.',
        items: {
          oneOf: [
            {
              type: 'object',
              description:
                'A record of another object pointing at this one (a follow-up, a deal …).',
              required: ['kind', 'at', 'object', 'via', 'record'],
              properties: {
                kind: { const: 'record' },
                at: TIME,
                object: NAME,
                via: { ...NAME, description: 'The lookup or master-detail field pointing here.' },
                record: { type: 'object' },
              },
            },
            {
              description: 'An entry of the record’s own change history.',
              allOf: [
                ref('RecordChange'),
                { type: 'object', required: ['kind'], properties: { kind: { const: 'change' } } },
              ],
            },
          ],
        },
      },
      nextCursor: { type: ['string', 'null'] },
    },
  },
  Region: {
    type: 'object',
    required: ['code', 'name', 'level', 'hasChildren'],
    properties: {
      code: REGION_CODE,
      name: TEXT,
      level: { type: 'string', enum: ['province', 'city', 'district'] },
      hasChildren: { type: 'boolean' },
    },
  },
  AttachmentFile: {
    type: 'object',
    description: 'The reference an attachment field holds.',
    required: ['id', 'name', 'size', 'contentType'],
    properties: {
      id: ID,
      name: TEXT,
      size: { type: 'integer' },
      contentType: { type: 'string', description: 'Sniffed from the bytes at upload.' },
    },
  },
  ConversionFailure: {
    type: 'object',
    description: 'A value that does not convert to the new type, with the record it is in.',
    required: ['id', 'value', 'code', 'message'],
    properties: {
      id: ID,
      value: { description: 'The value as the old type.' },
      code: TEXT,
      message: TEXT,
      params: { type: 'object' },
    },
  },
  FieldTypeChangePreview: {
    type: 'object',
    properties: {
      object: NAME,
      field: NAME,
      revision: { type: 'integer', description: 'Send it back as If-Match to apply.' },
      fromType: TEXT,
      toType: TEXT,
      fromSlot: TEXT,
      toSlot: TEXT,
      moves: { type: 'boolean' },
      total: { type: 'integer', description: 'Records read, deleted ones included.' },
      convertible: { type: 'integer' },
      failureCount: { type: 'integer' },
      failures: { type: 'array', items: ref('ConversionFailure') },
    },
  },
  FieldTypeChangeResult: {
    type: 'object',
    properties: {
      object: NAME,
      field: NAME,
      version: { type: 'integer', description: 'The object version published with the new type.' },
      revision: { type: 'integer' },
      fromSlot: TEXT,
      toSlot: TEXT,
      total: { type: 'integer' },
      converted: { type: 'integer' },
      keptCount: { type: 'integer' },
      kept: { type: 'array', items: ref('ConversionFailure') },
    },
  },
};

/** The saved-view, search, recent-records, region, upload, type-change and health endpoints. */
export const APP_PATHS: Record<string, JsonSchema> = {
  '/health': {
    get: {
      operationId: 'health',
      summary: 'Whether the server and its database answer',
      tags: ['operations'],
      security: [],
      responses: {
        '200': ok('Up.', {
          type: 'object',
          required: ['status'],
          properties: { status: { const: 'ok' }, database: TEXT },
        }),
      },
    },
  },
  '/api/v1/saved-views': {
    get: {
      operationId: 'listSavedViews',
      summary:
        'The shared views of an object and the caller’s personal ones, by label (views filtering or sorting by a field hidden from the caller are left out)',
      tags: ['views'],
      parameters: [{ name: 'object', in: 'query', required: true, schema: NAME }],
      responses: {
        '200': ok('The views.', {
          type: 'object',
          required: ['views'],
          properties: { views: { type: 'array', items: ref('SavedView') } },
        }),
        '400': error('BAD_REQUEST: no object named.'),
      },
    },
    post: {
      operationId: 'createSavedView',
      summary: 'Save a view of an object the caller may read',
      tags: ['views'],
      requestBody: { required: true, content: json(ref('SavedViewInput')) },
      responses: {
        '201': { description: 'The view.', headers: etag, content: json(ref('SavedView')) },
        '400': error('BAD_REQUEST: the body is not a saved view.'),
        '422': viewInvalid,
      },
    },
  },
  '/api/v1/saved-views/{id}': {
    parameters: [{ name: 'id', in: 'path', required: true, schema: ID }],
    get: {
      operationId: 'getSavedView',
      summary: 'One saved view',
      tags: ['views'],
      responses: {
        '200': { description: 'The view.', headers: etag, content: json(ref('SavedView')) },
        '404': viewNotFound,
      },
    },
    patch: {
      operationId: 'updateSavedView',
      summary: 'Change a view one saved (its label, visibility or definition)',
      tags: ['views'],
      parameters: [param('IfMatch')],
      requestBody: { required: true, content: json(ref('SavedViewPatch')) },
      responses: {
        '200': { description: 'The view.', headers: etag, content: json(ref('SavedView')) },
        '403': notOwner,
        '404': viewNotFound,
        '412': stale,
        '422': viewInvalid,
        '428': precondition,
      },
    },
    delete: {
      operationId: 'deleteSavedView',
      summary: 'Delete a view one saved',
      tags: ['views'],
      parameters: [param('IfMatch')],
      responses: {
        '204': { description: 'Deleted.' },
        '403': notOwner,
        '404': viewNotFound,
        '412': stale,
        '428': precondition,
      },
    },
  },
  '/api/v1/search': {
    get: {
      operationId: 'search',
      summary:
        'Records of every object the caller may read (or of the objects named) whose name or searchable fields hold the text',
      tags: ['records'],
      parameters: [
        {
          name: 'q',
          in: 'query',
          required: true,
          schema: { type: 'string', minLength: 1, maxLength: 200 },
        },
        ...objectsAndLimit('Matches per object.', MAX_SEARCH_PER_OBJECT),
      ],
      responses: {
        '200': ok('Matches grouped by object.', ref('SearchResult')),
        '400': error('BAD_REQUEST: no text, or a malformed list of objects.'),
      },
    },
  },
  '/api/v1/recent': {
    get: {
      operationId: 'recentRecords',
      summary:
        'The records the caller wrote last, newest first, of every object (or of the objects named) the caller may still read',
      tags: ['records'],
      parameters: objectsAndLimit('Records returned (10 by default).', MAX_RECENT),
      responses: {
        '200': ok('The recent records.', ref('RecentRecords')),
        '400': error('BAD_REQUEST: a malformed list of objects or limit.'),
      },
    },
  },
  '/api/v1/regions': {
    get: {
      operationId: 'listRegions',
      summary: 'The administrative divisions of China under a code (the provinces without one)',
      tags: ['regions'],
      parameters: [{ name: 'parent', in: 'query', schema: REGION_CODE }],
      responses: {
        '200': ok('The divisions, in code order; browsers may keep them a day.', {
          type: 'object',
          required: ['regions'],
          properties: { regions: { type: 'array', items: ref('Region') } },
        }),
        '404': error('NOT_FOUND: no division of that code.'),
      },
    },
  },
  '/api/v1/regions/{code}': {
    get: {
      operationId: 'getRegion',
      summary: 'One division, with its path from the province down',
      tags: ['regions'],
      parameters: [{ name: 'code', in: 'path', required: true, schema: REGION_CODE }],
      responses: {
        '200': ok('The division.', {
          allOf: [
            ref('Region'),
            { type: 'object', properties: { path: { type: 'array', items: ref('Region') } } },
          ],
        }),
        '404': error('NOT_FOUND: no division of that code.'),
      },
    },
  },
  '/api/v1/attachments': {
    post: {
      operationId: 'uploadAttachment',
      summary:
        'Store a file for an attachment field; the answer is the reference to put in the field (only its uploader may attach it, once)',
      tags: ['records'],
      parameters: [
        {
          name: 'name',
          in: 'query',
          required: true,
          description: 'The file name.',
          schema: { type: 'string', minLength: 1, maxLength: 1000 },
        },
      ],
      requestBody: {
        required: true,
        description: `The raw bytes, whatever the Content-Type; at most ${MAX_ATTACHMENT_BYTES} bytes.`,
        content: { '*/*': { schema: { type: 'string', contentEncoding: 'binary' } } },
      },
      responses: {
        '201': ok('The stored file.', ref('AttachmentFile')),
        '413': error('ATTACHMENT_SIZE_INVALID: empty, or larger than the limit.'),
      },
    },
  },
  '/api/v1/metadata/object/{name}/fields/{field}/type-change/preview': {
    parameters: typeChangeParams,
    post: {
      operationId: 'previewFieldTypeChange',
      summary: 'Every value of the field that would not convert to the new type, by record id',
      tags: ['metadata'],
      requestBody: typeChangeBody,
      responses: {
        '200': ok('What the change would do.', ref('FieldTypeChangePreview')),
        ...typeChangeErrors,
      },
    },
  },
  '/api/v1/metadata/object/{name}/fields/{field}/type-change/apply': {
    parameters: typeChangeParams,
    post: {
      operationId: 'applyFieldTypeChange',
      summary:
        'Move the field’s values to the new type in batches and publish the object with it; no value is dropped',
      tags: ['metadata'],
      parameters: [
        param('IfMatch'),
        {
          name: 'onFailure',
          in: 'query',
          description:
            '`refuse` (the default) changes nothing when a value does not convert; `keep` keeps such values unconverted and reports them.',
          schema: { type: 'string', enum: ['refuse', 'keep'] },
        },
      ],
      requestBody: typeChangeBody,
      responses: {
        '200': {
          description: 'What the change did.',
          headers: etag,
          content: json(ref('FieldTypeChangeResult')),
        },
        ...typeChangeErrors,
        '409': error(
          'FIELD_TYPE_CHANGE_BUSY: records kept changing while their values moved; apply again.',
        ),
        '412': error('METADATA_STALE: the If-Match revision is not the object’s current one.'),
        '422': error(
          'METADATA_INVALID, FIELD_TYPE_CHANGE_UNSUPPORTED, or FIELD_TYPE_CHANGE_REFUSED: values that do not convert (or would collide in a unique field) with onFailure=refuse, listed in details.failures.',
        ),
        '428': precondition,
      },
    },
  },
};

/** The timeline of one record of an object: its change history and the records pointing at it. */
export function timelinePath(title: string, name: string, tags: readonly string[]): JsonSchema {
  return {
    parameters: [param('RecordId')],
    get: {
      operationId: `timeline${name}`,
      summary: `The 360° timeline of a ${title} record: its changes and the records pointing at it, newest first`,
      tags,
      parameters: [
        {
          name: 'limit',
          in: 'query',
          schema: { type: 'integer', minimum: 1, maximum: MAX_TIMELINE_PAGE },
        },
        param('Cursor'),
        {
          name: 'objects',
          in: 'query',
          description: 'Only records of these objects; empty for the change history only.',
          schema: { type: 'string', description: 'Object names separated by commas.' },
        },
      ],
      responses: {
        '200': ok('One page.', ref('TimelinePage')),
        '400': error('BAD_REQUEST: a malformed cursor or list of objects.'),
        '404': error('OBJECT_NOT_FOUND or RECORD_NOT_FOUND (a record the caller may not read).'),
      },
    },
  };
}

const IMPORT_RESULT = {
  type: 'object',
  properties: {
    created: { type: 'integer' },
    failed: { type: 'integer' },
    ignoredColumns: { type: 'array', items: TEXT },
    results: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          index: { type: 'integer' },
          line: { type: 'integer' },
          status: { type: 'integer' },
          record: { type: 'object' },
          error: { type: 'object' },
        },
      },
    },
  },
};

/** CSV export and import of one object's records, each checked and audited. */
export function recordTransferPaths(
  base: string,
  title: string,
  name: string,
  tags: readonly string[],
): Record<string, JsonSchema> {
  return {
    [`${base}/export.csv`]: {
      get: {
        operationId: `export${name}Csv`,
        summary: `${title} records as CSV (UTF-8 with BOM, at most 10,000), with the export permission; audited`,
        tags,
        parameters: [param('Filter'), param('Sort'), param('Fields'), param('Search')],
        responses: {
          '200': { description: 'CSV.', content: { 'text/csv': { schema: TEXT } } },
          '400': error('BAD_REQUEST or QUERY_INVALID: a malformed filter, sort or field list.'),
          '403': error('PERMISSION_DENIED: no export permission on the object.'),
        },
      },
    },
    [`${base}/import.csv`]: {
      post: {
        operationId: `import${name}Csv`,
        summary: `Create ${title} records from a CSV file (UTF-8 or GBK); needs the import and create permissions and edit access to every column; audited`,
        tags,
        parameters: [
          { name: 'encoding', in: 'query', schema: { type: 'string', enum: [...CSV_ENCODINGS] } },
          {
            name: 'headerRow',
            in: 'query',
            schema: { type: 'integer', minimum: 1, maximum: 1000 },
          },
        ],
        requestBody: {
          required: true,
          content: { 'text/csv': { schema: { type: 'string', contentEncoding: 'binary' } } },
        },
        responses: {
          '200': ok('One result per data row.', IMPORT_RESULT),
          '400': error(
            'BAD_REQUEST: no such header row, no column names a field, a field named twice, not the encoding named',
          ),
          '403': error(
            'PERMISSION_DENIED: no import or create permission, or a column the caller may not edit',
          ),
        },
      },
    },
  };
}
