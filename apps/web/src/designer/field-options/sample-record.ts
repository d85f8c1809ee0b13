import type { FieldDef, ObjectDoc } from '@tangram/schema';

const SAMPLES: Partial<Record<FieldDef['type'], unknown>> = {
  text: 'Sample',
  long_text: 'Sample text',
  integer: 3,
  number: 12.5,
  currency: 1000,
  percent: 30,
  date: '2026-03-01',
  datetime: '2026-03-01T10:00:00.000Z',
  boolean: true,
  email: 'someone@example.com',
  phone: '13800000000',
  url: 'https://example.com',
  rating: 4,
};

/** A record with a plausible value in every plain field, for previewing a formula or rule. */
export function sampleRecord(object: ObjectDoc, except?: string): Record<string, unknown> {
  const record: Record<string, unknown> = {};
  for (const field of object.fields) {
    if (field.name === except) continue;
    if (field.type === 'single_select') record[field.name] = field.options[0]?.value ?? null;
    else if (field.type === 'multi_select')
      record[field.name] = field.options.slice(0, 1).map((o) => o.value);
    else if (field.name in record || SAMPLES[field.type] === undefined) continue;
    else record[field.name] = SAMPLES[field.type];
  }
  return record;
}
