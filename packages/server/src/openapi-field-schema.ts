import type { FieldDef, LocalizedText } from '@tangram/schema';

/** A JSON Schema (2020-12, as OpenAPI 3.1 uses it) as plain data. */
export type JsonSchema = { readonly [keyword: string]: unknown };

const UUID = { type: 'string', format: 'uuid' } as const;
// Decimals wider than a double travel as strings (ADR 0006).
const WIDE_DECIMAL = { type: 'string', pattern: '^-?[0-9]+(\\.[0-9]+)?$' } as const;
const MAX_DOUBLE_PRECISION = 15;

/** The text of a localized label to show in the document: English, else the first language. */
export function labelText(text: LocalizedText | undefined): string | undefined {
  if (!text) return undefined;
  return text.en ?? Object.values(text).find((value) => typeof value === 'string');
}

function bounds(field: { min?: number; max?: number }): JsonSchema {
  return {
    ...(field.min === undefined ? {} : { minimum: field.min }),
    ...(field.max === undefined ? {} : { maximum: field.max }),
  };
}

function decimal(field: { precision?: number; min?: number; max?: number }): JsonSchema {
  if ((field.precision ?? 0) > MAX_DOUBLE_PRECISION) return WIDE_DECIMAL;
  return { type: 'number', ...bounds(field) };
}

function many(item: JsonSchema, multiple: boolean | undefined): JsonSchema {
  return multiple ? { type: 'array', items: item, uniqueItems: true } : item;
}

const FORMULA_RESULTS: Record<Extract<FieldDef, { type: 'formula' }>['resultType'], JsonSchema> = {
  text: { type: 'string' },
  number: { type: 'number' },
  currency: { type: 'number' },
  percent: { type: 'number' },
  date: { type: 'string', format: 'date' },
  datetime: { type: 'string', format: 'date-time' },
  boolean: { type: 'boolean' },
};

/** The JSON Schema of a field's value as the record API reads and writes it (never null). */
export function fieldValueSchema(field: FieldDef): JsonSchema {
  switch (field.type) {
    case 'text':
      return {
        type: 'string',
        ...(field.minLength === undefined ? {} : { minLength: field.minLength }),
        ...(field.maxLength === undefined ? {} : { maxLength: field.maxLength }),
        ...(field.pattern === undefined ? {} : { pattern: field.pattern }),
      };
    case 'long_text':
    case 'rich_text':
      return {
        type: 'string',
        ...(field.maxLength === undefined ? {} : { maxLength: field.maxLength }),
      };
    case 'email':
      return { type: 'string', format: 'email' };
    case 'phone':
      return { type: 'string' };
    case 'url':
      return { type: 'string', format: 'uri' };
    case 'region':
      return { type: 'string', description: `Administrative division code (${field.level}).` };
    case 'integer':
      return { type: 'integer', ...bounds(field) };
    case 'number':
    case 'currency':
      return decimal(field);
    case 'percent':
      return { type: 'number', ...bounds(field) };
    case 'rating':
      return { type: 'integer', minimum: 0, maximum: field.max ?? 5 };
    case 'date':
      return { type: 'string', format: 'date' };
    case 'datetime':
      return { type: 'string', format: 'date-time' };
    case 'boolean':
      return { type: 'boolean' };
    case 'single_select':
      return { type: 'string', enum: field.options.map((option) => option.value) };
    case 'multi_select':
      return {
        type: 'array',
        items: { type: 'string', enum: field.options.map((option) => option.value) },
        uniqueItems: true,
        ...(field.maxSelected === undefined ? {} : { maxItems: field.maxSelected }),
      };
    case 'lookup':
    case 'master_detail':
      return { ...UUID, description: `Id of a record of ${field.target}.` };
    case 'user':
    case 'department':
      return many(UUID, field.multiple);
    case 'formula':
      return FORMULA_RESULTS[field.resultType];
    case 'rollup':
      return { type: 'number' };
    case 'autonumber':
      return { type: 'string' };
    case 'attachment':
      return {
        type: 'array',
        items: { type: 'object' },
        ...(field.maxFiles === undefined ? {} : { maxItems: field.maxFiles }),
      };
    default: {
      const unknown: never = field;
      throw new TypeError(`no API schema for field type ${JSON.stringify(unknown)}`);
    }
  }
}

/** True for fields the runtime computes or assigns, which clients read but never write. */
export function isComputedField(field: FieldDef): boolean {
  return field.type === 'formula' || field.type === 'rollup' || field.type === 'autonumber';
}

/** The field's schema in a record: its value (or null when nullable), titled, read-only when computed. */
export function fieldPropertySchema(field: FieldDef, nullable = true): JsonSchema {
  const value = fieldValueSchema(field);
  const title = labelText(field.label);
  const description = labelText(field.description);
  return {
    ...(nullable ? { anyOf: [value, { type: 'null' }] } : value),
    ...(title === undefined ? {} : { title }),
    ...(description === undefined ? {} : { description }),
    ...(isComputedField(field) ? { readOnly: true } : {}),
  };
}
