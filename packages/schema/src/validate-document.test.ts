import { describe, expect, it } from 'vitest';
import { CURRENT_SCHEMA_VERSIONS } from './migrations.js';
import { issuesOf } from './testing/issues.js';
import { objectWith, sampleDocuments } from './testing/sample-documents.js';
import { validateDocument } from './validate-document.js';

describe('validateDocument', () => {
  it('accepts every sample document and returns it', () => {
    for (const document of Object.values(sampleDocuments())) {
      const result = validateDocument(document);
      expect(result).toEqual({ ok: true, document });
    }
  });

  it('rejects input that is not an object', () => {
    expect(issuesOf([])).toEqual(['TYPE at ']);
    expect(issuesOf('object')).toEqual(['TYPE at ']);
    expect(issuesOf(null)).toEqual(['TYPE at ']);
  });

  it('reports a missing kind at /kind', () => {
    expect(issuesOf({ name: 'x' })).toEqual(['REQUIRED at /kind']);
  });

  it('reports an unknown kind at /kind', () => {
    const result = validateDocument({ kind: 'widget', name: 'x' });
    expect(result).toMatchObject({ ok: false, issues: [{ path: '/kind', code: 'ENUM' }] });
  });

  it('reports every issue of a document, not the first', () => {
    const { account } = sampleDocuments();
    const broken = {
      ...account,
      name: 'Bad Name',
      label: {},
      extra: true,
      fields: [{ name: 'name', type: 'text', label: { en: 'Name' }, maxLength: 0 }],
    };
    expect(issuesOf(broken)).toEqual([
      'UNKNOWN_PROPERTY at /extra',
      'PATTERN at /name',
      'TOO_FEW at /label',
      'TOO_SMALL at /fields/0/maxLength',
    ]);
  });

  it('reports each missing required property at its own path', () => {
    expect(issuesOf({ kind: 'view', schemaVersion: 1 })).toEqual([
      'REQUIRED at /name',
      'REQUIRED at /label',
      'REQUIRED at /object',
      'REQUIRED at /type',
      'REQUIRED at /columns',
    ]);
  });

  it('rejects a text field with an unknown property at its path', () => {
    const object = objectWith({
      name: 'code',
      type: 'text',
      label: { en: 'Code' },
      precision: 2,
    } as never);
    expect(issuesOf(object)).toEqual(['UNKNOWN_PROPERTY at /fields/1/precision']);
  });

  it('reports a wrong option value and an unknown option of one field separately', () => {
    const object = objectWith({
      name: 'code',
      type: 'text',
      label: { en: 'Code' },
      maxLength: 'long',
      colour: 'red',
    } as never);
    expect(issuesOf(object)).toEqual([
      'UNKNOWN_PROPERTY at /fields/1/colour',
      'TYPE at /fields/1/maxLength',
    ]);
  });

  it('rejects an unknown field type at /type of the field only', () => {
    const object = objectWith({ name: 'x', type: 'blob', label: { en: 'X' } } as never);
    expect(issuesOf(object)).toEqual(['ENUM at /fields/1/type']);
  });

  it('rejects a locale key that is not a language tag', () => {
    const { account } = sampleDocuments();
    expect(issuesOf({ ...account, label: { English: 'Account' } })).toEqual([
      'PATTERN at /label/English',
    ]);
  });

  it('rejects an empty label text', () => {
    const { account } = sampleDocuments();
    expect(issuesOf({ ...account, label: { en: '' } })).toEqual(['TOO_SHORT at /label/en']);
  });

  it('rejects a document written for a newer schemaVersion', () => {
    const { account } = sampleDocuments();
    const result = validateDocument({
      ...account,
      schemaVersion: CURRENT_SCHEMA_VERSIONS.object + 1,
    });
    expect(result).toMatchObject({
      ok: false,
      issues: [{ path: '/schemaVersion', code: 'SCHEMA_VERSION_UNSUPPORTED' }],
    });
  });

  it('rejects a schemaVersion that is not a positive integer', () => {
    const { account } = sampleDocuments();
    expect(issuesOf({ ...account, schemaVersion: 0 })).toEqual(['ENUM at /schemaVersion']);
    expect(issuesOf({ ...account, schemaVersion: '1' })).toEqual(['ENUM at /schemaVersion']);
  });

  it('rejects a json-logic rule nested too deeply', () => {
    let rule: unknown = { var: 'name' };
    for (let level = 0; level < 40; level++) rule = { '!': [rule] };
    const object = objectWith({
      name: 'flag',
      type: 'formula',
      label: { en: 'Flag' },
      resultType: 'boolean',
      expression: rule as never,
    });
    expect(issuesOf(object)).toEqual(['TOO_DEEP at /fields/1/expression']);
  });
});

describe('validateDocument on objects', () => {
  it('rejects two fields with the same name', () => {
    const object = objectWith({ name: 'name', type: 'integer', label: { en: 'Again' } });
    expect(issuesOf(object)).toEqual(['DUPLICATE_NAME at /fields/1/name']);
  });

  it('rejects a field named like a system column', () => {
    const object = objectWith({ name: 'created_at', type: 'datetime', label: { en: 'Created' } });
    expect(issuesOf(object)).toEqual(['RESERVED_NAME at /fields/1/name']);
  });

  it('rejects a field named object_id, the column that tells objects apart', () => {
    const object = objectWith({ name: 'object_id', type: 'text', label: { en: 'Object' } });
    expect(issuesOf(object)).toEqual(['RESERVED_NAME at /fields/1/name']);
  });

  it('rejects a nameField the object does not have', () => {
    expect(issuesOf({ ...objectWith(), nameField: 'title' })).toEqual([
      'UNKNOWN_FIELD at /nameField',
    ]);
  });

  it('rejects an object without fields', () => {
    expect(issuesOf({ ...objectWith(), fields: [] })).toEqual(['TOO_FEW at /fields']);
  });

  it('rejects a typo in an object property', () => {
    expect(issuesOf({ ...objectWith(), nameFeild: 'name' })).toEqual([
      'UNKNOWN_PROPERTY at /nameFeild',
    ]);
  });

  it('rejects duplicate select option values', () => {
    const object = objectWith({
      name: 'stage',
      type: 'single_select',
      label: { en: 'Stage' },
      options: [
        { value: 'open', label: { en: 'Open' } },
        { value: 'open', label: { en: 'Open again' } },
      ],
    });
    expect(issuesOf(object)).toEqual(['DUPLICATE_VALUE at /fields/1/options/1/value']);
  });

  it('accepts dependent options whose parents are options of the controlling field', () => {
    expect(issuesOf(objectWith(...dependentSelects('north')))).toEqual([]);
  });

  it('rejects a dependent option naming a value the controlling field lacks', () => {
    expect(issuesOf(objectWith(...dependentSelects('west')))).toEqual([
      'UNKNOWN_OPTION at /fields/2/options/0/parents/0',
    ]);
  });

  it('rejects options depending on a field that is not a single select', () => {
    const city = dependentSelects('north')[1]!;
    const object = objectWith({ name: 'area', type: 'text', label: { en: 'Area' } }, city);
    expect(issuesOf(object)).toEqual(['FIELD_TYPE_MISMATCH at /fields/2/dependsOn']);
  });

  it('rejects options depending on an unknown field', () => {
    const city = dependentSelects('north')[1]!;
    expect(issuesOf(objectWith(city))).toEqual(['UNKNOWN_FIELD at /fields/1/dependsOn']);
  });

  it('rejects a formula referencing an unknown field', () => {
    const object = objectWith({
      name: 'total',
      type: 'formula',
      label: { en: 'Total' },
      resultType: 'number',
      expression: { '*': [{ var: 'price' }, 2] },
    });
    expect(issuesOf(object)).toEqual(['UNKNOWN_FIELD at /fields/1/expression/*/0/var']);
  });

  it('detects a formula cycle between two fields', () => {
    const object = objectWith(
      formula('a', { '+': [{ var: 'b' }, 1] }),
      formula('b', { '+': [{ var: 'a' }, 1] }),
    );
    const result = validateDocument(object);
    expect(result).toMatchObject({
      ok: false,
      issues: [
        { path: '/fields/1/expression', code: 'FORMULA_CYCLE', params: { cycle: ['a', 'b', 'a'] } },
        { path: '/fields/2/expression', code: 'FORMULA_CYCLE' },
      ],
    });
  });

  it('detects a formula reading itself', () => {
    expect(issuesOf(objectWith(formula('a', { '+': [{ var: 'a' }, 1] })))).toEqual([
      'FORMULA_CYCLE at /fields/1/expression',
    ]);
  });

  it('accepts a chain of formulas without a cycle', () => {
    const object = objectWith(
      { name: 'price', type: 'number', label: { en: 'Price' } },
      formula('a', { '+': [{ var: 'price' }, 1] }),
      formula('b', { '*': [{ var: 'a' }, 2] }),
    );
    expect(issuesOf(object)).toEqual([]);
  });

  it('rejects a formula path through a field that is not a lookup', () => {
    const object = objectWith(formula('a', { var: 'name.length' }));
    expect(issuesOf(object)).toEqual(['NOT_A_RELATION at /fields/1/expression/var']);
  });

  it('rejects a default rule referencing an unknown field', () => {
    const object = objectWith({
      name: 'due',
      type: 'date',
      label: { en: 'Due' },
      default: { rule: { var: 'start' } },
    });
    expect(issuesOf(object)).toEqual(['UNKNOWN_FIELD at /fields/1/default/rule/var']);
  });

  it('rejects a default with both a value and a rule', () => {
    const object = objectWith({
      name: 'due',
      type: 'date',
      label: { en: 'Due' },
      default: { value: '2024-01-01', rule: { var: 'name' } } as never,
    });
    expect(issuesOf(object)).toEqual(['TOO_MANY at /fields/1/default']);
  });

  it('rejects a validation rule attached to an unknown field', () => {
    const { contract } = sampleDocuments();
    contract.validationRules![0]!.field = 'price';
    expect(issuesOf(contract)).toEqual(['UNKNOWN_FIELD at /validationRules/0/field']);
  });

  it('rejects a validation rule reading an unknown field', () => {
    const { contract } = sampleDocuments();
    contract.validationRules![0]!.errorWhen = { '<=': [{ var: 'price' }, 0] };
    expect(issuesOf(contract)).toEqual(['UNKNOWN_FIELD at /validationRules/0/errorWhen/<=/0/var']);
  });

  it('rejects two validation rules with the same name', () => {
    const { contract } = sampleDocuments();
    contract.validationRules!.push(contract.validationRules![0]!);
    expect(issuesOf(contract)).toEqual(['DUPLICATE_NAME at /validationRules/1/name']);
  });

  it('rejects a minimum above the maximum', () => {
    const object = objectWith({
      name: 'qty',
      type: 'integer',
      label: { en: 'Qty' },
      min: 10,
      max: 1,
    });
    expect(issuesOf(object)).toEqual(['INVALID_RANGE at /fields/1/min']);
  });
});

function formula(name: string, expression: object) {
  return {
    name,
    type: 'formula' as const,
    label: { en: name },
    resultType: 'number' as const,
    expression: expression as never,
  };
}

function dependentSelects(parent: string) {
  return [
    {
      name: 'area',
      type: 'single_select' as const,
      label: { en: 'Area' },
      options: [
        { value: 'north', label: { en: 'North' } },
        { value: 'south', label: { en: 'South' } },
      ],
    },
    {
      name: 'city',
      type: 'single_select' as const,
      label: { en: 'City' },
      dependsOn: 'area',
      options: [{ value: 'beijing', label: { en: 'Beijing' }, parents: [parent] }],
    },
  ];
}
