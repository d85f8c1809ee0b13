import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  type MetadataDocument,
  type MetadataIssue,
  type ObjectDoc,
  validateApp,
  validateDocument,
  validateSeed,
} from './index.js';

// Template apps ship as data in /examples; every one of them must be installable as it stands.
const examplesDir = fileURLToPath(new URL('../../../examples/', import.meta.url));

/** One JSON file of a template, with the folder-relative path it was read from. */
interface TemplateFile {
  path: string;
  doc: Record<string, unknown>;
}

/** A template app: its folder name, every metadata document and every seed file it ships. */
interface Template {
  dir: string;
  files: TemplateFile[];
  seeds: TemplateFile[];
}

// Seed records are not metadata documents; validateSeed checks them against the objects.
const SEED_DIR = 'seed';
const notMetadata = new Set([SEED_DIR]);

// A template keeps each kind in a folder named like the manifest list of that kind.
const pluralOfKind: Record<string, string> = {
  object: 'objects',
  form: 'forms',
  view: 'views',
  workflow: 'workflows',
  report: 'reports',
  dashboard: 'dashboards',
  role: 'roles',
};

function listJsonFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) return notMetadata.has(entry.name) ? [] : listJsonFiles(full);
    return entry.name.endsWith('.json') ? [full] : [];
  });
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function readTemplateFile(root: string, full: string): TemplateFile {
  const doc: unknown = JSON.parse(readFileSync(full, 'utf8'));
  const path = relative(root, full).split(sep).join('/');
  if (!isRecord(doc)) throw new Error(`${root}/${path} is not a JSON object`);
  return { path, doc };
}

function listSeedFiles(root: string): string[] {
  const dir = join(root, SEED_DIR);
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((name) => name.endsWith('.json'))
    .map((name) => join(dir, name));
}

function loadTemplates(): Template[] {
  return readdirSync(examplesDir)
    .filter((name) => statSync(join(examplesDir, name)).isDirectory())
    .sort()
    .map((dir) => {
      const root = join(examplesDir, dir);
      const files = listJsonFiles(root)
        .sort()
        .map((full) => readTemplateFile(root, full));
      const seeds = listSeedFiles(root)
        .sort()
        .map((full) => readTemplateFile(root, full));
      return { dir, files, seeds };
    });
}

function issuesOf(doc: unknown): MetadataIssue[] {
  const result = validateDocument(doc);
  return result.ok ? [] : result.issues;
}

// validateApp expects documents that each passed validateDocument; the others fail on their own.
function validDocuments(template: Template): MetadataDocument[] {
  return template.files.flatMap((file) => {
    const result = validateDocument(file.doc);
    return result.ok ? [result.document] : [];
  });
}

function objectsOf(template: Template): ObjectDoc[] {
  return validDocuments(template).filter((doc): doc is ObjectDoc => doc.kind === 'object');
}

function manifestOf(template: Template): Record<string, unknown> {
  const manifest = template.files.find((file) => file.path === 'app.json');
  if (!manifest) throw new Error(`${template.dir} has no app.json`);
  return manifest.doc;
}

function stringList(value: unknown): string[] {
  return Array.isArray(value)
    ? value.filter((item): item is string => typeof item === 'string')
    : [];
}

// Keys whose value is always localized text, wherever they occur in a document.
const localizedKeys = new Set([
  'label',
  'pluralLabel',
  'description',
  'helpText',
  'placeholder',
  'message',
  'content',
  'title',
]);

/** Every localized text in a document with its JSON pointer. */
function localizedTexts(node: unknown, pointer = ''): { pointer: string; text: unknown }[] {
  if (Array.isArray(node))
    return node.flatMap((item, i) => localizedTexts(item, `${pointer}/${i}`));
  if (!isRecord(node)) return [];
  return Object.entries(node).flatMap(([key, value]) => {
    const at = `${pointer}/${key}`;
    if (isRecord(value) && (localizedKeys.has(key) || 'zh-CN' in value || 'en' in value)) {
      return [{ pointer: at, text: value }];
    }
    return localizedTexts(value, at);
  });
}

function hasBothLocales(text: unknown): boolean {
  if (!isRecord(text)) return false;
  const zh = text['zh-CN'];
  const en = text.en;
  return typeof zh === 'string' && zh.trim() !== '' && typeof en === 'string' && en.trim() !== '';
}

const templates = loadTemplates();

describe('example templates', () => {
  it('finds the crm-sales template', () => {
    expect(templates.map((template) => template.dir)).toContain('crm-sales');
  });

  describe.each(templates.map((template) => [template.dir, template] as const))(
    '%s',
    (_, template) => {
      it.each(template.files.map((file) => [file.path, file.doc] as const))(
        '%s passes its schema',
        (path, doc) => {
          const issues = issuesOf(doc);
          expect(issues, `${template.dir}/${path}: ${JSON.stringify(issues, null, 2)}`).toEqual([]);
        },
      );

      it('passes the cross-reference checks as a whole app', () => {
        const documents = validDocuments(template);
        expect(documents).toHaveLength(template.files.length);
        const issues = validateApp(documents);
        expect(issues, JSON.stringify(issues, null, 2)).toEqual([]);
      });

      it('keeps each document at <kind folder>/<name>.json', () => {
        const misplaced = template.files
          .filter((file) => file.path !== 'app.json')
          .filter((file) => {
            const folder = pluralOfKind[String(file.doc.kind)];
            return file.path !== `${folder}/${String(file.doc.name)}.json`;
          })
          .map((file) => file.path);
        expect(misplaced).toEqual([]);
      });

      it('labels everything in both zh-CN and en', () => {
        const texts = template.files.flatMap((file) =>
          localizedTexts(file.doc).map((found) => ({ ...found, path: file.path })),
        );
        expect(texts.length).toBeGreaterThan(template.files.length);
        const incomplete = texts
          .filter((found) => !hasBothLocales(found.text))
          .map((found) => `${found.path}#${found.pointer}`);
        expect(incomplete).toEqual([]);
      });

      it('seeds records that fit its objects', () => {
        const issues = validateSeed(
          template.seeds.map((seed) => seed.doc),
          objectsOf(template),
        );
        expect(issues, JSON.stringify(issues, null, 2)).toEqual([]);
      });

      it('keeps the records of each object it has at seed/<object>.json', () => {
        const objects = stringList(manifestOf(template).objects);
        const misplaced = template.seeds
          .filter(
            (seed) =>
              !objects.includes(String(seed.doc.object)) ||
              seed.path !== `${SEED_DIR}/${String(seed.doc.object)}.json`,
          )
          .map((seed) => seed.path);
        expect(misplaced).toEqual([]);
      });

      it('lists in its manifest exactly the documents in its folder', () => {
        const manifest = manifestOf(template);
        const listed = Object.entries(pluralOfKind)
          .flatMap(([kind, list]) => stringList(manifest[list]).map((name) => `${kind}:${name}`))
          .sort();
        const shipped = template.files
          .filter((file) => file.doc.kind !== 'app')
          .map((file) => `${String(file.doc.kind)}:${String(file.doc.name)}`)
          .sort();
        expect(listed).toEqual(shipped);
      });
    },
  );
});

describe('crm-sales template', () => {
  const template = templates.find((candidate) => candidate.dir === 'crm-sales');
  const docs = template?.files.map((file) => file.doc) ?? [];
  const objectDoc = (name: string) =>
    docs.find((doc) => doc.kind === 'object' && doc.name === name) ?? {};
  const fieldOf = (object: string, field: string) => {
    const fields = objectDoc(object).fields;
    return (Array.isArray(fields) ? fields : []).find(
      (candidate): candidate is Record<string, unknown> =>
        isRecord(candidate) && candidate.name === field,
    );
  };

  it('is the app crm_sales, version 1.0.0', () => {
    const manifest = template ? manifestOf(template) : {};
    expect(manifest).toMatchObject({ kind: 'app', name: 'crm_sales', version: '1.0.0' });
  });

  it('has the objects of a sales CRM with their Chinese names', () => {
    const labels = Object.fromEntries(
      docs
        .filter((doc) => doc.kind === 'object')
        .map((doc) => [doc.name, isRecord(doc.label) ? doc.label['zh-CN'] : undefined]),
    );
    expect(labels).toMatchObject({
      lead: '线索',
      account: '客户',
      contact: '联系人',
      opportunity: '商机',
      product: '产品',
      quote: '报价',
      contract: '合同',
      payment: '回款',
      activity: '跟进记录',
    });
  });

  it('has a form and an all-records list view for every object', () => {
    const objects = docs.filter((doc) => doc.kind === 'object').map((doc) => String(doc.name));
    const forms = docs.filter((doc) => doc.kind === 'form').map((doc) => String(doc.name));
    const lists = docs
      .filter((doc) => doc.kind === 'view' && doc.type === 'list' && doc.default === true)
      .map((doc) => String(doc.object));
    expect(forms.sort()).toEqual(objects.map((name) => `${name}_default`).sort());
    expect(lists.sort()).toEqual([...objects].sort());
  });

  it('runs opportunities through the six stages in order', () => {
    const stage = fieldOf('opportunity', 'stage');
    const options = Array.isArray(stage?.options) ? stage.options : [];
    expect(stage?.type).toBe('single_select');
    expect(options.map((option) => (isRecord(option) ? option.value : undefined))).toEqual([
      'initial_contact',
      'needs_confirmed',
      'proposal',
      'negotiation',
      'won',
      'lost',
    ]);
    expect(
      options.map((option) =>
        isRecord(option) && isRecord(option.label) ? option.label['zh-CN'] : undefined,
      ),
    ).toEqual(['初步接洽', '需求确认', '方案报价', '谈判审核', '赢单', '输单']);
  });

  it('rolls the contract paid amount up from its payments', () => {
    expect(fieldOf('contract', 'paid_amount')).toMatchObject({
      type: 'rollup',
      childObject: 'payment',
      relationField: 'contract',
      function: 'sum',
      field: 'amount',
    });
    expect(fieldOf('payment', 'contract')).toMatchObject({
      type: 'master_detail',
      target: 'contract',
    });
  });

  it('numbers contracts HT-{YYYY}-{0000}', () => {
    expect(fieldOf('contract', 'contract_no')).toMatchObject({
      type: 'autonumber',
      pattern: 'HT-{YYYY}-{0000}',
      unique: true,
    });
  });

  it('weights the opportunity amount by its win probability', () => {
    expect(fieldOf('opportunity', 'weighted_amount')).toMatchObject({
      type: 'formula',
      resultType: 'currency',
      currency: 'CNY',
    });
  });

  const seedRecords = (object: string): Record<string, unknown>[] => {
    const seed = template?.seeds.find((file) => file.doc.object === object);
    const records = seed?.doc.records;
    return Array.isArray(records) ? records.filter(isRecord) : [];
  };

  it('ships sample records for every object', () => {
    const objects = docs.filter((doc) => doc.kind === 'object').map((doc) => String(doc.name));
    const seeded = (template?.seeds ?? []).map((seed) => String(seed.doc.object));
    expect(seeded.sort()).toEqual(objects.sort());
    for (const object of objects) expect(seedRecords(object).length).toBeGreaterThanOrEqual(6);
  });

  it('has sample opportunities in every stage of the pipeline', () => {
    const stages = new Set(seedRecords('opportunity').map((record) => record.stage));
    expect([...stages].sort()).toEqual(
      ['initial_contact', 'needs_confirmed', 'proposal', 'negotiation', 'won', 'lost'].sort(),
    );
  });

  it('masks mobile numbers', () => {
    for (const object of ['lead', 'contact']) {
      expect(fieldOf(object, 'mobile')).toMatchObject({
        type: 'phone',
        format: 'cn_mobile',
        sensitive: { mask: 'phone' },
      });
    }
  });
});
