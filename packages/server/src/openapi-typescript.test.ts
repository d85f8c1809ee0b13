import { describe, expect, it } from 'vitest';
import type { OpenApiDocument } from './openapi-document.js';
import type { JsonSchema } from './openapi-field-schema.js';
import { renderOpenApiTypes } from './openapi-typescript.js';

function documentOf(schemas: Record<string, JsonSchema>, paths: JsonSchema = {}): OpenApiDocument {
  return { openapi: '3.1.0', info: { title: 'T', version: '1' }, paths, components: { schemas } };
}

/** The declaration of `name` in the rendered module, without its doc comment. */
function declaration(types: string, name: string): string {
  const start = types.indexOf(`export type ${name} = `);
  expect(start, `${name} is declared`).toBeGreaterThanOrEqual(0);
  const end = types.indexOf(';\n\n', start);
  return types.slice(start, end === -1 ? types.trimEnd().length : end + 1);
}

const json = (ref: string) => ({ 'application/json': { schema: { $ref: ref } } });

describe('renderOpenApiTypes', () => {
  it('brackets a union inside an array and keeps a nullable union flat', () => {
    const types = renderOpenApiTypes(
      documentOf({
        Tags: { type: 'array', items: { anyOf: [{ type: 'string' }, { type: 'integer' }] } },
        Maybe: { anyOf: [{ type: 'string', enum: ['a', 'b'] }, { type: 'null' }] },
      }),
    );
    expect(declaration(types, 'Tags')).toBe('export type Tags = (string | number)[];');
    expect(declaration(types, 'Maybe')).toBe('export type Maybe = "a" | "b" | null;');
  });

  it('writes tuples, read-only and optional properties, and quotes keys that are not names', () => {
    const types = renderOpenApiTypes(
      documentOf({
        Change: {
          type: 'object',
          required: ['pair'],
          properties: {
            pair: { type: 'array', prefixItems: [{ type: 'string' }, { type: 'number' }] },
            $expanded: { type: 'boolean', readOnly: true },
            'odd-key': { const: 'x' },
          },
          additionalProperties: false,
        },
      }),
    );
    expect(declaration(types, 'Change')).toBe(
      [
        'export type Change = {',
        '  pair: [string, number];',
        '  readonly $expanded?: boolean;',
        '  "odd-key"?: "x";',
        '};',
      ].join('\n'),
    );
  });

  it('widens the index signature beside named properties so that they still fit it', () => {
    const types = renderOpenApiTypes(
      documentOf({
        Open: { type: 'object', properties: { n: { type: 'integer' } }, additionalProperties: {} },
        Map: { type: 'object', additionalProperties: { type: 'boolean' } },
      }),
    );
    expect(declaration(types, 'Open')).toContain('[key: string]: unknown;');
    expect(declaration(types, 'Map')).toBe('export type Map = {\n  [key: string]: boolean;\n};');
  });

  it('keeps a label that would close a comment inside its comment', () => {
    const types = renderOpenApiTypes(
      documentOf({
        Note: { type: 'object', properties: { body: { type: 'string', title: 'a */ b' } } },
      }),
    );
    expect(types).toContain('/** a *\\/ b */');
    expect(types).not.toMatch(/a \*\/ b/);
  });

  it('maps each object to its record, input and patch types as its operations name them', () => {
    const base = '/api/v1/objects/deal/records';
    const types = renderOpenApiTypes(
      documentOf(
        {
          Deal2: { type: 'object' },
          Deal2Input: { type: 'object' },
          Deal2Patch: { type: 'object' },
        },
        {
          [base]: {
            post: {
              requestBody: { content: json('#/components/schemas/Deal2Input') },
              responses: { '201': { content: json('#/components/schemas/Deal2') } },
            },
          },
          [`${base}/{id}`]: {
            patch: { requestBody: { content: json('#/components/schemas/Deal2Patch') } },
          },
        },
      ),
    );
    expect(declaration(types, 'TangramObjects')).toContain(
      'readonly deal: {\n    readonly record: Deal2;\n    readonly input: Deal2Input;\n    readonly patch: Deal2Patch;\n  };',
    );
  });

  it('applies the required properties beside a oneOf to each of its alternatives', () => {
    const types = renderOpenApiTypes(
      documentOf({
        Bulk: {
          type: 'object',
          required: ['op', 'records'],
          oneOf: [
            { properties: { op: { const: 'create' }, records: { type: 'array' } } },
            { properties: { op: { const: 'delete' }, records: { type: 'array' } } },
          ],
        },
      }),
    );
    expect(declaration(types, 'Bulk')).toBe(
      [
        'export type Bulk = {',
        '  op: "create";',
        '  records: unknown[];',
        '} | {',
        '  op: "delete";',
        '  records: unknown[];',
        '};',
      ].join('\n'),
    );
  });

  it('refuses a reference it cannot name rather than writing a broken type', () => {
    expect(() =>
      renderOpenApiTypes(documentOf({ Bad: { $ref: '#/components/schemas/not-a-name' } })),
    ).toThrow(TypeError);
  });
});
