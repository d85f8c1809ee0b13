import type { ErrorObject, ValidateFunction } from 'ajv/dist/2020.js';
import { Ajv2020 } from 'ajv/dist/2020.js';
import formatsPlugin from 'ajv-formats';
import { schemaFiles } from './generated/schemas.js';
import { type MetadataIssue, type MetadataIssueCode, pointer } from './metadata-issue.js';
import type { MetadataKind } from './metadata-kinds.js';

const SCHEMA_BASE = 'https://tangram.dev/schemas/';

/** Raw JSON Schemas by file name, for the designer's JSON editor and the OpenAPI generator. */
export const metadataSchemas: Readonly<Record<string, object>> = schemaFiles;

/** The schema `$id` of one document kind. */
export function schemaIdOf(kind: MetadataKind): string {
  return `${SCHEMA_BASE}${kind}.schema.json`;
}

/** How deeply nested a JSON value is (a scalar is 0), counting no further than `limit + 1`. */
function depthOf(value: unknown, limit: number): number {
  if (value === null || typeof value !== 'object') return 0;
  if (limit < 0) return 1;
  let deepest = 0;
  for (const child of Object.values(value)) {
    deepest = Math.max(deepest, depthOf(child, limit - 1));
    if (deepest > limit) break;
  }
  return deepest + 1;
}

function createAjv(): Ajv2020 {
  const ajv = new Ajv2020({
    strict: true,
    allErrors: true,
    allowUnionTypes: true,
    // Conditional requirements (`if` kind then `required: [...]`) name properties declared by the
    // enclosing schema, which strictRequired cannot see.
    strictRequired: false,
  });
  formatsPlugin.default(ajv, ['regex', 'date', 'date-time', 'uri']);
  const validateMaxDepth: ((limit: number, data: unknown) => boolean) & {
    errors?: Partial<ErrorObject>[];
  } = (limit, data) => {
    if (depthOf(data, limit) <= limit) return true;
    validateMaxDepth.errors = [{ keyword: 'maxDepth', params: { limit } }];
    return false;
  };
  ajv.addKeyword({
    keyword: 'maxDepth',
    schemaType: 'number',
    errors: true,
    validate: validateMaxDepth,
  });
  for (const schema of Object.values(schemaFiles)) ajv.addSchema(schema as object);
  return ajv;
}

let ajv: Ajv2020 | undefined;
const validators = new Map<string, ValidateFunction>();

/** The compiled validator of one schema `$id`, compiled on first use and kept. */
function validatorOf(schemaId: string): ValidateFunction {
  let validator = validators.get(schemaId);
  if (validator === undefined) {
    ajv ??= createAjv();
    validator = ajv.getSchema(schemaId);
    if (validator === undefined) throw new Error(`no schema ${schemaId}`);
    validators.set(schemaId, validator);
  }
  return validator;
}

/** Validates a document against the schema of its kind; every issue, each once. */
export function validateAgainstSchema(kind: MetadataKind, document: unknown): MetadataIssue[] {
  return validateAgainstSchemaFile(`${kind}.schema.json`, document);
}

/** Validates data against one schema of schemas/, by file name; every issue, each once. */
export function validateAgainstSchemaFile(file: string, data: unknown): MetadataIssue[] {
  const validator = validatorOf(`${SCHEMA_BASE}${file}`);
  if (validator(data)) return [];
  const issues: MetadataIssue[] = [];
  const seen = new Set<string>();
  for (const error of validator.errors ?? []) {
    const issue = toIssue(error);
    if (issue === undefined) continue;
    const key = `${issue.path}\u0000${issue.code}`;
    if (seen.has(key)) continue;
    seen.add(key);
    issues.push(issue);
  }
  return issues;
}

const CODES: Readonly<Record<string, MetadataIssueCode>> = {
  type: 'TYPE',
  enum: 'ENUM',
  const: 'ENUM',
  pattern: 'PATTERN',
  format: 'FORMAT',
  minimum: 'TOO_SMALL',
  exclusiveMinimum: 'TOO_SMALL',
  maximum: 'TOO_LARGE',
  exclusiveMaximum: 'TOO_LARGE',
  minLength: 'TOO_SHORT',
  maxLength: 'TOO_LONG',
  minItems: 'TOO_FEW',
  minProperties: 'TOO_FEW',
  maxItems: 'TOO_MANY',
  maxProperties: 'TOO_MANY',
  uniqueItems: 'DUPLICATE_VALUE',
  maxDepth: 'TOO_DEEP',
};

/** Turns one ajv error into an issue; undefined for errors that only repeat others. */
function toIssue(error: ErrorObject): MetadataIssue | undefined {
  const params = error.params as Record<string, unknown>;
  // `if` reports that a `then` failed, whose own errors are reported; `propertyNames` wraps the
  // error of the offending name, reported at that name.
  if (error.keyword === 'if' || error.keyword === 'propertyNames') return undefined;
  const at = error.instancePath;
  switch (error.keyword) {
    case 'required': {
      const name = String(params.missingProperty);
      return { path: at + pointer(name), code: 'REQUIRED', message: `'${name}' is required.` };
    }
    case 'additionalProperties':
    case 'unevaluatedProperties': {
      const name = String(params.additionalProperty ?? params.unevaluatedProperty);
      return {
        path: at + pointer(name),
        code: 'UNKNOWN_PROPERTY',
        message: `'${name}' is not a known property here.`,
        params: { property: name },
      };
    }
    case 'false schema':
      return { path: at, code: 'UNKNOWN_PROPERTY', message: 'This property is not allowed here.' };
    case 'const':
      return {
        path: at,
        code: 'ENUM',
        message: `Must be ${JSON.stringify(params.allowedValue)}.`,
        params: { allowedValues: [params.allowedValue] },
      };
    case 'maxDepth':
      return {
        path: at,
        code: 'TOO_DEEP',
        message: `Nested deeper than ${String(params.limit)} levels.`,
        params,
      };
  }
  const path = error.propertyName === undefined ? at : at + pointer(error.propertyName);
  const message =
    error.propertyName === undefined
      ? `${capitalize(error.message ?? 'is not valid')}.`
      : `Key '${error.propertyName}' ${error.message ?? 'is not valid'}.`;
  return { path, code: CODES[error.keyword] ?? 'INVALID', message, params };
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
