import { ClientError } from '@tangram/client';
import { allocateSlots, RECORD_ISSUE_CODES, validateRecord } from '@tangram/engine';
import { listErrorDefinitions } from '@tangram/errors';
import {
  type FieldDef,
  METADATA_ISSUE_CODES,
  type ObjectDoc,
  validateDocument,
} from '@tangram/schema';
import i18next from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import '@tangram/server-app';
import {
  describeError,
  describeIssue,
  describeMetadataIssue,
  fieldLabeller,
  issuesByField,
  type Translate,
} from './describe-error';
import { errorMessages } from './error-messages';

const translators: Record<'zh-CN' | 'en', Translate> = {} as never;

beforeAll(async () => {
  for (const locale of ['zh-CN', 'en'] as const) {
    const instance = i18next.createInstance();
    await instance.init({
      lng: locale,
      resources: { [locale]: { errors: errorMessages[locale] } },
      interpolation: { escapeValue: false },
    });
    translators[locale] = (key, options = {}) => instance.t(key, options) as string;
  }
});

const zh = (): Translate => translators['zh-CN'];
const en = (): Translate => translators.en;

/** The keys of one group of words without their variants (`TYPE_date` → `TYPE`). */
function baseKeys(group: Record<string, string>, codes: ReadonlySet<string>): Set<string> {
  const base = (key: string) =>
    [...codes]
      .filter((code) => key === code || key.startsWith(`${code}_`))
      .sort((a, b) => b.length - a.length)[0] ?? key;
  return new Set(Object.keys(group).map(base));
}

function placeholders(text: string): string[] {
  return [...text.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1] as string).sort();
}

function field(name: string, type: string, options: Record<string, unknown> = {}): FieldDef {
  return { name, type, label: { en: name }, ...options } as FieldDef;
}

/** An object whose fields each refuse something, so the engine's own issues can be read. */
const specimen: ObjectDoc = allocateSlots(
  {
    kind: 'object',
    schemaVersion: 1,
    name: 'specimen',
    label: { en: 'Specimen' },
    nameField: 'name',
    fields: [
      field('name', 'text', { required: true, maxLength: 5, minLength: 2 }),
      field('code', 'text', { pattern: '^[A-Z]+$' }),
      field('amount', 'currency', { currency: 'CNY', min: 0, max: 100, precision: 6, scale: 2 }),
      field('closes', 'date', { min: '2026-01-01' }),
      field('count', 'integer'),
      field('email', 'email'),
      field('site', 'url'),
      field('mobile', 'phone', { format: 'cn_mobile' }),
      field('flag', 'boolean'),
      field('tags', 'multi_select', {
        maxSelected: 1,
        options: [
          { value: 'a', label: { en: 'A' } },
          { value: 'b', label: { en: 'B' } },
        ],
      }),
      field('stage', 'single_select', {
        options: [
          { value: 'open', label: { en: 'Open' } },
          { value: 'old', label: { en: 'Old' }, inactive: true },
        ],
      }),
      field('province', 'region', { level: 'province' }),
    ],
  },
  [],
);

const refused = {
  name: 'x'.repeat(6),
  code: 'abc',
  amount: 1000,
  closes: '2025-12-31',
  count: 'many',
  email: 'not-an-email',
  site: 'ftp://example.com',
  mobile: '123',
  flag: 'yes',
  tags: ['a', 'b'],
  stage: 'old',
  province: '99',
  id: 'mine',
  nonsense: 1,
};

function engineIssues(input: Record<string, unknown>) {
  const result = validateRecord(specimen, input, { mode: 'create', now: new Date() });
  if (result.ok) throw new Error('expected issues');
  return result.issues;
}

describe('the words for API errors', () => {
  it('word every error code the product defines in both languages, and no other code', () => {
    const defined = new Set(listErrorDefinitions().map((d) => d.code));
    defined.add('UNEXPECTED_RESPONSE');
    for (const locale of ['zh-CN', 'en'] as const) {
      expect([...baseKeys(errorMessages[locale].code, defined)].sort()).toEqual(
        [...defined].sort(),
      );
    }
  });

  it('word every record issue code in both languages, and no other code', () => {
    const codes = new Set<string>(RECORD_ISSUE_CODES);
    for (const locale of ['zh-CN', 'en'] as const) {
      expect([...baseKeys(errorMessages[locale].issue, codes)].sort()).toEqual([...codes].sort());
    }
  });

  it('word every metadata issue code in both languages, and no other code', () => {
    const codes = new Set<string>(METADATA_ISSUE_CODES);
    for (const locale of ['zh-CN', 'en'] as const) {
      expect(Object.keys(errorMessages[locale].metadataIssue).sort()).toEqual([...codes].sort());
    }
  });

  it('interpolate the same values in both languages', () => {
    for (const group of ['code', 'issue', 'metadataIssue'] as const) {
      const chinese = errorMessages['zh-CN'][group] as Record<string, string>;
      const english = errorMessages.en[group] as Record<string, string>;
      expect(Object.keys(english).sort()).toEqual(Object.keys(chinese).sort());
      for (const key of Object.keys(chinese)) {
        expect([key, placeholders(english[key] ?? '')]).toEqual([key, placeholders(chinese[key]!)]);
      }
    }
  });
});

describe('describeIssue', () => {
  it('words every issue the engine gives for refused values, filling in every value', () => {
    const issues = engineIssues(refused);
    expect(new Set(issues.map((i) => i.code)).size).toBeGreaterThanOrEqual(11);
    for (const issue of issues) {
      for (const t of [zh(), en()]) {
        // With the server's words unknown, every issue must still be worded.
        const words = describeIssue({ ...issue, message: 'NO WORDS' }, t);
        expect([issue.field, issue.code, words]).not.toEqual([issue.field, issue.code, 'NO WORDS']);
        expect(words).not.toMatch(/\{\{|errors:/);
      }
    }
  });

  it('says how long a text may be, in Chinese by default', () => {
    const [tooLong] = engineIssues({ name: 'x'.repeat(6) });
    expect(describeIssue(tooLong!, zh())).toBe('最多 5 个字符');
    expect(describeIssue(tooLong!, en())).toBe('At most 5 characters.');
  });

  it('picks the words of an issue’s variant from its params', () => {
    const byField = new Map(engineIssues(refused).map((i) => [i.field, describeIssue(i, zh())]));
    expect(byField.get('closes')).toBe('不能早于 2026-01-01');
    expect(byField.get('amount')).toBe('不能大于 100');
    expect(byField.get('count')).toBe('应为数字');
    expect(byField.get('mobile')).toBe('请输入中国大陆手机号');
    expect(byField.get('tags')).toBe('最多选 1 项');
    expect(byField.get('stage')).toBe('这个选项已停用');
  });

  it('counts the digits a decimal may have before its point', () => {
    const [precision] = engineIssues({ name: 'ab', amount: 12345.5 });
    expect(precision?.code).toBe('PRECISION');
    expect(describeIssue(precision!, zh())).toBe('小数点前最多 4 位');
  });

  it('keeps a validation rule’s own message and the server’s words for an unknown code', () => {
    expect(
      describeIssue({ code: 'VALIDATION_RULE', message: '赢单必须填写金额', params: {} }, en()),
    ).toBe('赢单必须填写金额');
    expect(describeIssue({ code: 'SOMETHING_NEW', message: 'Server words.' }, zh())).toBe(
      'Server words.',
    );
  });
});

function apiError(code: string, status: number, details?: unknown): ClientError {
  return new ClientError(code, status, `English ${code}`, details, { method: 'POST', url: '/x' });
}

describe('describeError', () => {
  it('words an error by its code in the UI language', () => {
    expect(describeError(apiError('RECORD_STALE', 412), zh())).toBe(
      '记录已被他人修改，请重新加载后再改',
    );
    expect(describeError(apiError('RECORD_STALE', 412), en())).toBe(
      'Someone else changed this record. Reload it and apply your change again.',
    );
  });

  it('words the limit that was exceeded, with its figures', () => {
    const error = apiError('LIMIT_EXCEEDED', 400, { limit: 'bulkSize', max: 1000, actual: 1200 });
    expect(describeError(error, zh())).toBe('一次最多处理 1000 条记录，本次 1200 条');
    const unnamed = apiError('LIMIT_EXCEEDED', 400, { limit: 'other', max: 3, actual: 4 });
    expect(describeError(unnamed, zh())).toBe('超出上限：最多 3，实际 4');
  });

  it('follows the error with its first issues', () => {
    const error = apiError('RECORD_INVALID', 422, { issues: engineIssues({ name: 'x' }) });
    expect(describeError(error, zh())).toBe('记录未通过校验（name：至少 2 个字符）');
  });

  it('names each issue’s field by its label in the UI language where the object is known', () => {
    const labelled: ObjectDoc = {
      ...specimen,
      fields: specimen.fields.map((f) =>
        f.name === 'name' ? { ...f, label: { 'zh-CN': '名称', en: 'Name' } } : f,
      ),
    };
    const error = apiError('RECORD_INVALID', 422, { issues: engineIssues({ name: 'x' }) });
    expect(describeError(error, zh(), fieldLabeller(labelled, 'zh-CN'))).toBe(
      '记录未通过校验（名称：至少 2 个字符）',
    );
    expect(describeError(error, en(), fieldLabeller(labelled, 'en'))).toBe(
      'The record is not valid. Name: At least 2 characters.',
    );
  });

  it('words a bulk row’s error, and keeps what is not an API error as it is', () => {
    expect(describeError({ code: 'RECORD_NOT_FOUND', message: 'gone' }, zh())).toBe(
      '记录不存在或无权查看',
    );
    expect(describeError({ code: 'BRAND_NEW', message: 'Server words.' }, zh())).toBe(
      'Server words.',
    );
    expect(describeError(new TypeError('Failed to fetch'), zh())).toBe('Failed to fetch');
  });

  it('words an answer that is not the API’s with its status', () => {
    expect(describeError(apiError('UNEXPECTED_RESPONSE', 502), zh())).toBe(
      '服务器返回了无法识别的结果（HTTP 502）',
    );
  });
});

describe('issuesByField', () => {
  it('puts each issue under its field, joining a field’s issues', () => {
    const error = apiError('RECORD_INVALID', 422, {
      issues: [
        ...engineIssues({ name: 'x', email: 'nope' }),
        { path: '/name', field: 'name', code: 'UNIQUE', message: 'taken' },
      ],
    });
    expect(issuesByField(error, zh())).toEqual({
      name: '至少 2 个字符；已有记录使用了这个值',
      email: '请输入有效的邮箱地址',
    });
  });

  it('shows a duplicate at the unique fields it names, and other errors for the whole record', () => {
    expect(issuesByField(apiError('RECORD_DUPLICATE', 409, { fields: ['name'] }), zh())).toEqual({
      name: '已有记录使用了这个值',
    });
    expect(issuesByField(apiError('PERMISSION_DENIED', 403), zh())).toEqual({
      '': '你没有执行此操作的权限',
    });
  });
});

describe('describeMetadataIssue', () => {
  it('words what the validator finds in a broken object, at each path', () => {
    const validation = validateDocument({
      kind: 'object',
      schemaVersion: 1,
      name: 'deal',
      label: { en: 'Deal' },
      surprise: true,
      fields: [
        { name: 'title', type: 'text', label: { en: 'Title' } },
        { name: 'title', type: 'text', label: { en: 'Again' } },
        { name: 'size', type: 'nonsense', label: { en: 'Size' } },
      ],
    });
    if (validation.ok) throw new Error('expected issues');
    expect(validation.issues.length).toBeGreaterThanOrEqual(2);
    for (const issue of validation.issues) {
      const words = describeMetadataIssue({ ...issue, message: 'NO WORDS' }, zh());
      expect(words.startsWith(issue.path || '/')).toBe(true);
      expect([issue.code, words]).not.toEqual([issue.code, `${issue.path || '/'} NO WORDS`]);
    }
    const unknown = validation.issues.find((issue) => issue.code === 'UNKNOWN_PROPERTY');
    expect(describeMetadataIssue(unknown!, zh())).toBe('/surprise 这里不允许这个属性');
  });

  it('names the document an issue of a whole app is in, and keeps unworded messages', () => {
    expect(
      describeMetadataIssue(
        { path: '/items/0/field', code: 'UNKNOWN_FIELD', message: 'x', document: { name: 'f1' } },
        zh(),
      ),
    ).toBe('f1 /items/0/field 字段不存在');
    expect(describeMetadataIssue({ code: 'JSON', message: 'Unexpected token' }, zh())).toBe(
      'Unexpected token',
    );
  });
});
