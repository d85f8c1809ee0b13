import type { OpenApiDocument } from './openapi-document.js';
import type { JsonSchema } from './openapi-field-schema.js';

const SCHEMA_REF = '#/components/schemas/';
const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;
const RECORDS_PATH = /^\/api\/v1\/objects\/([a-z][a-z0-9_]*)\/records$/;

function isSchema(value: unknown): value is JsonSchema {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function schemaList(value: unknown): JsonSchema[] {
  return Array.isArray(value) ? value.filter(isSchema) : [];
}

function typeName(ref: string): string {
  const name = ref.startsWith(SCHEMA_REF) ? ref.slice(SCHEMA_REF.length) : '';
  if (!IDENTIFIER.test(name)) throw new TypeError(`no TypeScript name for the reference ${ref}`);
  return name;
}

function propertyKey(name: string): string {
  return IDENTIFIER.test(name) ? name : JSON.stringify(name);
}

/** `/** … *\/` of a schema's title, description and format, or '' when it has none. */
function docComment(schema: JsonSchema, indent: string): string {
  const parts = [schema.title, schema.description].filter(
    (part): part is string => typeof part === 'string' && part.length > 0,
  );
  if (typeof schema.format === 'string') parts.push(`Format: ${schema.format}.`);
  if (parts.length === 0) return '';
  // A `*/` inside a label would end the comment early.
  const text = parts.join(' — ').replaceAll('*/', '*\\/').replace(/\s+/g, ' ');
  return `${indent}/** ${text} */\n`;
}

function union(members: readonly string[]): string {
  const unique = [...new Set(members)];
  if (unique.length === 0) return 'never';
  return unique.length === 1 ? (unique[0] as string) : unique.join(' | ');
}

// A union or intersection inside a union, an intersection or an array needs brackets: look for
// `|` or `&` outside brackets and string literals.
function grouped(type: string): string {
  let depth = 0;
  let quoted = false;
  for (let i = 0; i < type.length; i++) {
    const char = type[i];
    if (quoted) {
      if (char === '\\') i++;
      else if (char === '"') quoted = false;
    } else if (char === '"') quoted = true;
    else if (char === '{' || char === '[' || char === '(') depth++;
    else if (char === '}' || char === ']' || char === ')') depth--;
    else if (depth === 0 && (char === '|' || char === '&')) return `(${type})`;
  }
  return type;
}

function objectType(schema: JsonSchema, indent: string): string {
  const properties = isSchema(schema.properties) ? schema.properties : {};
  const required = new Set(Array.isArray(schema.required) ? schema.required : []);
  const inner = `${indent}  `;
  const lines = Object.entries(properties)
    .filter((entry): entry is [string, JsonSchema] => isSchema(entry[1]))
    .map(([name, property]) => {
      const modifiers = property.readOnly === true ? 'readonly ' : '';
      const optional = required.has(name) ? '' : '?';
      const value = typeOf(property, inner);
      return `${docComment(property, inner)}${inner}${modifiers}${propertyKey(name)}${optional}: ${value};`;
    });
  const extra = schema.additionalProperties;
  if (isSchema(extra)) {
    // Named properties must fit the index signature, so it widens to unknown beside them.
    const value = lines.length === 0 ? typeOf(extra, inner) : 'unknown';
    lines.push(`${inner}[key: string]: ${value};`);
  } else if (extra !== false && lines.length === 0) {
    lines.push(`${inner}[key: string]: unknown;`);
  }
  return `{\n${lines.join('\n')}\n${indent}}`;
}

/** The TypeScript type of a JSON Schema of the subset the OpenAPI document is written in. */
function typeOf(schema: JsonSchema, indent: string): string {
  if (typeof schema.$ref === 'string') return typeName(schema.$ref);
  if ('const' in schema) return JSON.stringify(schema.const);
  if (Array.isArray(schema.enum)) return union(schema.enum.map((value) => JSON.stringify(value)));
  const alternatives = [...schemaList(schema.anyOf), ...schemaList(schema.oneOf)];
  if (alternatives.length > 0) {
    return union(alternatives.map((item) => typeOf(withParentObject(schema, item), indent)));
  }
  const all = schemaList(schema.allOf);
  if (all.length > 0) return all.map((item) => grouped(typeOf(item, indent))).join(' & ');
  const types = Array.isArray(schema.type) ? schema.type : [schema.type];
  return union(
    types.map((type) => {
      switch (type) {
        case 'string':
          return 'string';
        case 'integer':
        case 'number':
          return 'number';
        case 'boolean':
          return 'boolean';
        case 'null':
          return 'null';
        case 'array': {
          const prefix = schemaList(schema.prefixItems);
          if (prefix.length > 0)
            return `[${prefix.map((item) => typeOf(item, indent)).join(', ')}]`;
          return `${grouped(isSchema(schema.items) ? typeOf(schema.items, indent) : 'unknown')}[]`;
        }
        case 'object':
          return objectType(schema, indent);
        default:
          return isSchema(schema.properties) ? objectType(schema, indent) : 'unknown';
      }
    }),
  );
}

/**
 * An alternative of `parent`'s anyOf/oneOf with the parent's own `required` and `properties`
 * merged in: JSON Schema applies them beside the alternative (`{ required: ['op'], oneOf: … }`).
 */
function withParentObject(parent: JsonSchema, item: JsonSchema): JsonSchema {
  const required = Array.isArray(parent.required) ? parent.required : [];
  const properties = isSchema(parent.properties) ? parent.properties : {};
  if (required.length === 0 && Object.keys(properties).length === 0) return item;
  if (typeof item.$ref === 'string') {
    const { anyOf: _any, oneOf: _one, ...own } = parent;
    return { allOf: [item, own] };
  }
  return {
    type: 'object',
    ...item,
    properties: { ...properties, ...(isSchema(item.properties) ? item.properties : {}) },
    required: [...new Set([...required, ...(Array.isArray(item.required) ? item.required : [])])],
  };
}

function refOf(content: unknown): string | undefined {
  const schema = isSchema(content) ? content['application/json'] : undefined;
  const ref = isSchema(schema) && isSchema(schema.schema) ? schema.schema.$ref : undefined;
  return typeof ref === 'string' ? typeName(ref) : undefined;
}

interface ObjectTypeNames {
  readonly object: string;
  readonly record: string;
  readonly input: string;
  readonly patch: string;
}

/** The record, input and patch schema of each object, read off its record operations. */
function objectTypeNames(document: OpenApiDocument): ObjectTypeNames[] {
  const paths = isSchema(document.paths) ? document.paths : {};
  const found: ObjectTypeNames[] = [];
  for (const [path, item] of Object.entries(paths)) {
    const object = RECORDS_PATH.exec(path)?.[1];
    if (object === undefined || !isSchema(item) || !isSchema(item.post)) continue;
    const one = paths[`${path}/{id}`];
    const patch = isSchema(one) && isSchema(one.patch) ? one.patch : undefined;
    const created = isSchema(item.post.responses) ? item.post.responses['201'] : undefined;
    const names = {
      object,
      record: isSchema(created) ? refOf(created.content) : undefined,
      input: isSchema(item.post.requestBody) ? refOf(item.post.requestBody.content) : undefined,
      patch: isSchema(patch?.requestBody) ? refOf(patch.requestBody.content) : undefined,
    };
    if (names.record && names.input && names.patch) found.push(names as ObjectTypeNames);
  }
  return found;
}

/**
 * TypeScript declarations of a tenant's API from its OpenAPI document: a type per component
 * schema (`Opportunity` as read, `OpportunityInput`, `OpportunityPatch` …) and `TangramObjects`,
 * the type argument of the client's `createClient` that types each object's records.
 */
export function renderOpenApiTypes(document: OpenApiDocument): string {
  const components = isSchema(document.components) ? document.components : {};
  const schemas = isSchema(components.schemas) ? components.schemas : {};
  const info = isSchema(document.info) ? document.info : {};
  const declarations = Object.entries(schemas)
    .filter((entry): entry is [string, JsonSchema] => isSchema(entry[1]))
    .map(
      ([name, schema]) =>
        `${docComment(schema, '')}export type ${typeName(SCHEMA_REF + name)} = ${typeOf(schema, '')};`,
    );
  const objects = objectTypeNames(document)
    .sort((a, b) => a.object.localeCompare(b.object))
    .map(
      (names) =>
        `  readonly ${names.object}: {\n    readonly record: ${names.record};\n    readonly input: ${names.input};\n    readonly patch: ${names.patch};\n  };`,
    );
  return [
    `// Types of ${typeof info.title === 'string' ? info.title : 'the API'} (version ${String(info.version ?? '1')}), generated from its OpenAPI document.`,
    '// Fetch them again after objects change: GET /api/v1/openapi.ts',
    '// With the @tangram/client package: createClient<TangramObjects>({ baseUrl, headers }) types',
    "// api.records('opportunity') and every other object's records, inputs and field names.",
    '',
    ...declarations.flatMap((declaration) => [declaration, '']),
    "/** Each object's record as read, as created and as changed: `createClient<TangramObjects>()`. */",
    `export type TangramObjects = {\n${objects.join('\n')}\n};`,
    '',
  ].join('\n');
}
