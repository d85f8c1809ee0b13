import type { JsonSchema } from './openapi-field-schema.js';
import { errorResponse, json, ok, ref } from './openapi-refs.js';

const error = errorResponse;

const OPEN = { security: [] };
const TEXT = { type: 'string' };
const ID = { type: 'string', format: 'uuid' };
const ACTIONS = {
  type: 'string',
  enum: ['read', 'create', 'update', 'delete', 'export', 'import'],
};
const GRANTEE = {
  granteeKind: { type: 'string', enum: ['user', 'role', 'department'] },
  grantee: { type: 'string', description: 'A user or department id, or a role name.' },
};

/** The schemas of the security endpoints. */
export const SECURITY_SCHEMAS: Record<string, JsonSchema> = {
  User: {
    type: 'object',
    properties: {
      id: ID,
      email: TEXT,
      name: TEXT,
      locale: { type: 'string', enum: ['zh-CN', 'en'] },
      departmentId: { type: ['string', 'null'], format: 'uuid' },
      status: { type: 'string', enum: ['active', 'deactivated'] },
      roles: { type: 'array', items: TEXT },
    },
  },
  Tenant: { type: 'object', properties: { id: ID, slug: TEXT, name: TEXT } },
  SignedIn: {
    type: 'object',
    properties: {
      user: { $ref: '#/components/schemas/User' },
      tenant: { $ref: '#/components/schemas/Tenant' },
    },
  },
  ApiToken: {
    type: 'object',
    properties: {
      id: ID,
      name: TEXT,
      scopes: {
        type: 'object',
        properties: {
          objects: { oneOf: [{ const: '*' }, { type: 'array', items: TEXT }] },
          actions: { type: 'array', items: ACTIONS },
        },
      },
      createdAt: { type: 'string', format: 'date-time' },
      expiresAt: { type: ['string', 'null'], format: 'date-time' },
      lastUsedAt: { type: ['string', 'null'], format: 'date-time' },
      revokedAt: { type: ['string', 'null'], format: 'date-time' },
    },
  },
  Department: {
    type: 'object',
    properties: { id: ID, name: TEXT, parentId: { type: ['string', 'null'], format: 'uuid' } },
  },
  SharingRule: {
    type: 'object',
    properties: {
      id: ID,
      objectName: TEXT,
      name: TEXT,
      criteria: { type: 'object', description: 'A filter tree of the records API.' },
      granteeKind: { type: 'string', enum: ['role', 'department'] },
      grantee: TEXT,
      access: { type: 'string', enum: ['read', 'edit'] },
    },
  },
  RecordShare: {
    type: 'object',
    properties: {
      objectName: TEXT,
      recordId: ID,
      ...GRANTEE,
      access: { type: 'string', enum: ['read', 'edit'] },
    },
  },
  AuditLogEntry: {
    type: 'object',
    properties: {
      seq: TEXT,
      at: { type: 'string', format: 'date-time' },
      actorId: TEXT,
      action: TEXT,
      ip: { type: ['string', 'null'] },
      target: { type: ['string', 'null'] },
      details: { type: 'object' },
    },
  },
};

/** How a caller authenticates: the session cookie (plus the CSRF header on writes) or a token. */
export const SECURITY_SCHEMES: Record<string, JsonSchema> = {
  session: {
    type: 'apiKey',
    in: 'cookie',
    name: 'tangram_session',
    description:
      'Set by POST /api/v1/auth/login. Requests other than GET/HEAD must also send `x-requested-with: tangram`.',
  },
  token: {
    type: 'http',
    scheme: 'bearer',
    description:
      'An API token (`tgm_…`) from POST /api/v1/auth/tokens, limited to its scopes: the records of its objects and actions, metadata reads, search and file downloads (read), uploads (create or update), regions. Saved views and administration need a session.',
  },
};

const body = (schema: JsonSchema) => ({ required: true, content: json(schema) });
const noContent = { '204': { description: 'Done.' } };
const denied = { '403': error('Not an administrator (or auditor), or an API token.') };
const idParam = [{ name: 'id', in: 'path', required: true, schema: ID }];
const tags = { auth: ['auth'], identity: ['identity'], audit: ['audit'], records: ['records'] };

/** The sign-in, identity administration and audit endpoints, and the access-checked file routes. */
export const SECURITY_PATHS: Record<string, JsonSchema> = {
  '/api/v1/auth/state': {
    get: {
      operationId: 'getAuthState',
      summary: 'Whether the first administrator still has to be created',
      tags: tags.auth,
      ...OPEN,
      responses: {
        '200': ok('The state.', {
          type: 'object',
          properties: { setupRequired: { type: 'boolean' }, tenant: ref('Tenant') },
        }),
      },
    },
  },
  '/api/v1/auth/setup': {
    post: {
      operationId: 'setupFirstAdmin',
      summary: 'Create the first administrator and sign in (only while no user exists)',
      tags: tags.auth,
      ...OPEN,
      requestBody: body({
        type: 'object',
        required: ['email', 'password', 'name'],
        additionalProperties: false,
        properties: {
          email: TEXT,
          password: { type: 'string', minLength: 8 },
          name: TEXT,
          locale: TEXT,
        },
      }),
      responses: {
        '201': ok('Created and signed in; Set-Cookie carries the session.', ref('SignedIn')),
        '409': error('SETUP_ALREADY_DONE'),
        '422': error('PASSWORD_TOO_WEAK'),
      },
    },
  },
  '/api/v1/auth/login': {
    post: {
      operationId: 'login',
      summary: 'Sign in with email and password',
      tags: tags.auth,
      ...OPEN,
      requestBody: body({
        type: 'object',
        required: ['email', 'password'],
        additionalProperties: false,
        properties: {
          email: TEXT,
          password: TEXT,
          tenant: { type: 'string', description: 'Tenant slug.' },
        },
      }),
      responses: {
        '200': ok(
          'Signed in; Set-Cookie carries a new session (HttpOnly, SameSite=Lax).',
          ref('SignedIn'),
        ),
        '401': error('AUTH_INVALID_CREDENTIALS, the same for unknown and known emails.'),
        '429': error('AUTH_RATE_LIMITED'),
      },
    },
  },
  '/api/v1/auth/logout': {
    post: {
      operationId: 'logout',
      summary: 'End this session',
      tags: tags.auth,
      responses: noContent,
    },
  },
  '/api/v1/auth/me': {
    get: {
      operationId: 'getMe',
      summary: 'The signed-in user, their roles and object permissions',
      tags: tags.auth,
      responses: {
        '200': ok('Who is signed in.', {
          type: 'object',
          properties: {
            user: ref('User'),
            tenant: ref('Tenant'),
            roles: {
              type: 'array',
              items: { type: 'object', properties: { name: TEXT, label: TEXT } },
            },
            isAdmin: { type: 'boolean' },
            via: { type: 'string', enum: ['session', 'token'] },
            permissions: {
              type: 'object',
              additionalProperties: {
                type: 'object',
                properties: Object.fromEntries(ACTIONS.enum.map((a) => [a, { type: 'boolean' }])),
              },
            },
            fields: {
              type: 'object',
              description:
                'Per object, the fields the roles hide (left out of records), mask, or leave read-only.',
              additionalProperties: {
                type: 'object',
                properties: Object.fromEntries(
                  ['hidden', 'masked', 'readOnly'].map((k) => [
                    k,
                    { type: 'array', items: { type: 'string' } },
                  ]),
                ),
              },
            },
          },
        }),
        '401': error('AUTH_REQUIRED'),
      },
    },
  },
  '/api/v1/auth/password': {
    post: {
      operationId: 'changePassword',
      summary:
        'Change the password; every session of the user ends, this one included, and a session caller gets a fresh session cookie',
      tags: tags.auth,
      requestBody: body({
        type: 'object',
        required: ['currentPassword', 'newPassword'],
        additionalProperties: false,
        properties: { currentPassword: TEXT, newPassword: { type: 'string', minLength: 8 } },
      }),
      responses: { ...noContent, '422': error('CURRENT_PASSWORD_INCORRECT or PASSWORD_TOO_WEAK') },
    },
  },
  '/api/v1/auth/tokens': {
    get: {
      operationId: 'listTokens',
      summary: 'My API tokens (all of the tenant for administrators); never their secrets',
      tags: tags.auth,
      responses: {
        '200': ok('Tokens.', {
          type: 'object',
          properties: { tokens: { type: 'array', items: ref('ApiToken') } },
        }),
      },
    },
    post: {
      operationId: 'createToken',
      summary: 'Create an API token; its secret is shown in this answer only',
      tags: tags.auth,
      requestBody: body({
        type: 'object',
        required: ['name', 'scopes'],
        additionalProperties: false,
        properties: {
          name: TEXT,
          scopes: {
            type: 'object',
            required: ['objects', 'actions'],
            properties: {
              objects: { oneOf: [{ const: '*' }, { type: 'array', items: TEXT }] },
              actions: { type: 'array', items: ACTIONS, minItems: 1 },
            },
          },
          expiresAt: { type: 'string', format: 'date-time' },
        },
      }),
      responses: {
        '201': ok('The token; `token` is the secret.', {
          allOf: [ref('ApiToken'), { type: 'object', properties: { token: TEXT } }],
        }),
      },
    },
  },
  '/api/v1/auth/tokens/{id}': {
    delete: {
      operationId: 'revokeToken',
      summary: 'Revoke an API token',
      tags: tags.auth,
      parameters: idParam,
      responses: { ...noContent, '404': error('IDENTITY_NOT_FOUND') },
    },
  },
  '/api/v1/identity/users': {
    get: {
      operationId: 'listUsers',
      summary: 'Users of the tenant',
      tags: tags.identity,
      responses: {
        '200': ok('Users.', {
          type: 'object',
          properties: { users: { type: 'array', items: ref('User') } },
        }),
        ...denied,
      },
    },
    post: {
      operationId: 'createUser',
      summary: 'Create a user',
      tags: tags.identity,
      requestBody: body({
        type: 'object',
        required: ['email', 'name'],
        additionalProperties: false,
        properties: {
          email: TEXT,
          name: TEXT,
          password: TEXT,
          locale: TEXT,
          departmentId: ID,
          roles: { type: 'array', items: TEXT },
        },
      }),
      responses: {
        '201': ok('The user.', ref('User')),
        ...denied,
        '409': error('USER_EMAIL_TAKEN'),
        '422': error('IDENTITY_INVALID'),
      },
    },
  },
  '/api/v1/identity/users/{id}': {
    get: {
      operationId: 'getUser',
      tags: tags.identity,
      parameters: idParam,
      responses: { '200': ok('The user.', ref('User')), ...denied },
    },
    patch: {
      operationId: 'updateUser',
      summary: 'Change a user; deactivation or a new password ends every session',
      tags: tags.identity,
      parameters: idParam,
      requestBody: body({
        type: 'object',
        additionalProperties: false,
        properties: {
          name: TEXT,
          locale: TEXT,
          departmentId: { type: ['string', 'null'] },
          roles: { type: 'array', items: TEXT },
          status: { type: 'string', enum: ['active', 'deactivated'] },
          password: TEXT,
        },
      }),
      responses: { '200': ok('The user.', ref('User')), ...denied },
    },
  },
  '/api/v1/identity/roles': {
    get: {
      operationId: 'listRoles',
      summary: 'Built-in roles and published role documents',
      tags: tags.identity,
      responses: { '200': ok('Roles.', { type: 'object' }), ...denied },
    },
  },
  '/api/v1/identity/departments': {
    get: {
      operationId: 'listDepartments',
      tags: tags.identity,
      responses: {
        '200': ok('Departments.', {
          type: 'object',
          properties: { departments: { type: 'array', items: ref('Department') } },
        }),
        ...denied,
      },
    },
    post: {
      operationId: 'createDepartment',
      tags: tags.identity,
      requestBody: body({
        type: 'object',
        required: ['name'],
        additionalProperties: false,
        properties: { name: TEXT, parentId: ID },
      }),
      responses: { '201': ok('The department.', ref('Department')), ...denied },
    },
  },
  '/api/v1/identity/departments/{id}': {
    patch: {
      operationId: 'updateDepartment',
      tags: tags.identity,
      parameters: idParam,
      requestBody: body({
        type: 'object',
        additionalProperties: false,
        properties: { name: TEXT, parentId: { type: ['string', 'null'] } },
      }),
      responses: {
        '200': ok('The department.', ref('Department')),
        ...denied,
        '422': error('IDENTITY_INVALID (a cycle)'),
      },
    },
    delete: {
      operationId: 'deleteDepartment',
      tags: tags.identity,
      parameters: idParam,
      responses: { ...noContent, ...denied },
    },
  },
  '/api/v1/identity/sharing-rules': {
    get: {
      operationId: 'listSharingRules',
      tags: tags.identity,
      responses: {
        '200': ok('Rules.', {
          type: 'object',
          properties: { rules: { type: 'array', items: ref('SharingRule') } },
        }),
        ...denied,
      },
    },
    post: {
      operationId: 'createSharingRule',
      tags: tags.identity,
      requestBody: body(ref('SharingRule')),
      responses: { '201': ok('The rule.', ref('SharingRule')), ...denied },
    },
  },
  '/api/v1/identity/sharing-rules/{id}': {
    delete: {
      operationId: 'deleteSharingRule',
      tags: tags.identity,
      parameters: idParam,
      responses: { ...noContent, ...denied },
    },
  },
  '/api/v1/identity/record-shares': {
    get: {
      operationId: 'listRecordShares',
      summary: 'The shares of one record (its owner or an administrator)',
      tags: tags.identity,
      parameters: [
        { name: 'object', in: 'query', required: true, schema: TEXT },
        { name: 'record', in: 'query', required: true, schema: ID },
      ],
      responses: {
        '200': ok('Shares.', {
          type: 'object',
          properties: { shares: { type: 'array', items: ref('RecordShare') } },
        }),
        ...denied,
      },
    },
    post: {
      operationId: 'shareRecord',
      summary:
        'Share one record with a user, role or department, read or edit (its owner or an administrator; audited)',
      tags: tags.identity,
      requestBody: body(ref('RecordShare')),
      responses: { '201': ok('The share.', ref('RecordShare')), ...denied },
    },
  },
  '/api/v1/identity/record-shares/remove': {
    post: {
      operationId: 'unshareRecord',
      summary: 'Revoke a share of one record (its owner or an administrator; audited)',
      tags: tags.identity,
      requestBody: body(ref('RecordShare')),
      responses: { ...noContent, ...denied },
    },
  },
  '/api/v1/attachments/{id}': {
    get: {
      operationId: 'downloadAttachment',
      summary:
        'A file; one a record lists only through object, record and field, to whoever may read that record and field; one no record lists yet only to its uploader',
      tags: tags.records,
      parameters: [
        ...idParam,
        { name: 'object', in: 'query', schema: TEXT },
        { name: 'record', in: 'query', schema: TEXT },
        { name: 'field', in: 'query', schema: TEXT },
      ],
      responses: {
        '200': { description: 'The bytes, with the type sniffed at upload.' },
        '400': error('Only some of object, record and field, or FIELD_NOT_READABLE'),
        '404': error('ATTACHMENT_NOT_FOUND or RECORD_NOT_FOUND'),
      },
    },
  },
  '/api/v1/audit': {
    get: {
      operationId: 'listAudit',
      summary: 'The security audit log, newest first (auditors only)',
      tags: tags.audit,
      parameters: ['before', 'limit', 'action', 'actor', 'from', 'to'].map((name) => ({
        name,
        in: 'query',
        schema: TEXT,
      })),
      responses: {
        '200': ok('A page.', {
          type: 'object',
          properties: {
            entries: { type: 'array', items: ref('AuditLogEntry') },
            nextBefore: { type: ['string', 'null'] },
          },
        }),
        ...denied,
      },
    },
  },
  '/api/v1/audit/export.xlsx': {
    get: {
      operationId: 'exportAuditXlsx',
      summary: 'The audit log as an Excel workbook; the export is audited',
      tags: tags.audit,
      responses: {
        '200': {
          description: 'XLSX.',
          content: {
            'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': {
              schema: { type: 'string', contentEncoding: 'binary' },
            },
          },
        },
        ...denied,
      },
    },
  },
  '/api/v1/audit/export.csv': {
    get: {
      operationId: 'exportAudit',
      summary: 'The audit log as CSV (UTF-8 with BOM); the export is audited',
      tags: tags.audit,
      responses: {
        '200': { description: 'CSV.', content: { 'text/csv': { schema: TEXT } } },
        ...denied,
      },
    },
  },
};
