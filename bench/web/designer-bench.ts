import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import type { Page } from '../../apps/web/src/e2e/e2e-harness.js';
import type { FieldDef, FormDoc, ObjectDoc } from '../../packages/schema/src/index.js';

const WEB_DIST = fileURLToPath(new URL('../../apps/web/dist/', import.meta.url));

/** How much of the designer benchmark to run. */
export interface DesignerBenchOptions {
  /** Fields on the form (the issue asks for 150). */
  readonly fields: number;
  /** Pointer drags measured, after one warm-up drag. */
  readonly drags: number;
  /** Keystrokes typed into the live preview, after a warm-up. */
  readonly keystrokes: number;
}

/** Median, p95 and max of a list of milliseconds. */
export interface Timing {
  readonly n: number;
  readonly median: number;
  readonly p95: number;
  readonly max: number;
}

/** What one run measured. */
export interface DesignerBenchResult {
  readonly fields: number;
  /** One drag-reorder on the canvas: drop handler start to the next frame (React has drawn). */
  readonly drop: Timing;
  /** One keystroke in the preview: the change handler to the committed re-render. */
  readonly keystroke: Timing;
  /** End-user first load of /apps: every script fetched, in bytes as stored and gzipped. */
  readonly endUserScripts: {
    readonly files: string[];
    readonly bytes: number;
    readonly gzipBytes: number;
  };
  /** Whether the end-user first load fetched the monaco chunk (it must not). */
  readonly endUserLoadedMonaco: boolean;
  /** The monaco chunk, loaded on demand by the designer only. */
  readonly monacoChunk: { readonly file: string; readonly gzipBytes: number } | null;
}

/** Median, p95 and max of the values. */
export function timing(values: readonly number[]): Timing {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) =>
    sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
  return { n: sorted.length, median: at(0.5), p95: at(0.95), max: sorted.at(-1) ?? Number.NaN };
}

/** An object with `count` fields (text, number, date, select in turn) and its two-section form. */
export function benchDocuments(count: number): { object: ObjectDoc; form: FormDoc } {
  const fields: FieldDef[] = [{ name: 'name', type: 'text', label: { en: 'Name' } }];
  const kinds = ['text', 'number', 'date', 'single_select'] as const;
  for (let i = 1; i < count; i++) {
    const type = kinds[i % kinds.length]!;
    const base = { name: `f${i}`, label: { en: `Field ${i}` } };
    fields.push(
      type === 'single_select'
        ? {
            ...base,
            type,
            options: [
              { value: 'a', label: { en: 'A' } },
              { value: 'b', label: { en: 'B' } },
            ],
          }
        : ({ ...base, type } as FieldDef),
    );
  }
  const items = fields.map((f, i) => ({
    type: 'field' as const,
    id: `i_${f.name}`,
    field: f.name,
    // Every fifth field is shown only when Name is filled in: the preview evaluates rules as it types.
    ...(i % 5 === 4 ? { rules: { visible: { '!!': [{ var: 'name' }] } } } : {}),
  }));
  const half = Math.ceil(items.length / 2);
  return {
    object: {
      kind: 'object',
      schemaVersion: 1,
      name: 'bench_wide',
      label: { en: 'Wide' },
      nameField: 'name',
      fields,
    },
    form: {
      kind: 'form',
      schemaVersion: 1,
      name: 'bench_wide_form',
      label: { en: 'Wide form' },
      object: 'bench_wide',
      items: [
        { type: 'section', id: 'one', columns: 2, items: items.slice(0, half) },
        { type: 'section', id: 'two', columns: 2, items: items.slice(half) },
      ],
    },
  };
}

async function saveDraft(page: Page, base: string, document: ObjectDoc | FormDoc): Promise<void> {
  const response = await page.request.put(
    `${base}/api/v1/metadata/${document.kind}/${document.name}`,
    {
      data: document,
      headers: { 'x-requested-with': 'tangram' },
    },
  );
  if (response.status() >= 300)
    throw new Error(`saving ${document.name}: ${response.status()} ${await response.text()}`);
}

async function measures(page: Page, name: string): Promise<number[]> {
  return page.evaluate(
    (n) => performance.getEntriesByName(n, 'measure').map((e) => e.duration),
    name,
  );
}

async function pointerDrag(page: Page, from: string, to: string): Promise<void> {
  const source = page.locator(from);
  await source.scrollIntoViewIfNeeded();
  const a = await source.boundingBox();
  const b = await page.locator(to).boundingBox();
  if (!a || !b) throw new Error(`cannot drag ${from} to ${to}`);
  await page.mouse.move(a.x + a.width / 2, a.y + a.height / 2);
  await page.mouse.down();
  await page.mouse.move(a.x + a.width / 2 + 10, a.y + a.height / 2 + 10, { steps: 3 });
  await page.mouse.move(b.x + b.width / 2, b.y + b.height / 2, { steps: 8 });
  await page.mouse.up();
}

async function gzipOf(file: string): Promise<number> {
  return gzipSync(await readFile(join(WEB_DIST, 'assets', file))).length;
}

/**
 * Runs the designer benchmark in a signed-in page of the server at `base`: a form of `fields`
 * fields in the designer, drag-reorders on its canvas and keystrokes in its preview read from
 * the designer's performance measures, and the scripts an end user's first load fetches.
 */
export async function runDesignerBench(
  page: Page,
  base: string,
  options: DesignerBenchOptions,
): Promise<DesignerBenchResult> {
  const { object, form } = benchDocuments(options.fields);
  await saveDraft(page, base, object);
  await saveDraft(page, base, form);

  // The end user's first load: a fresh page on /apps, every script it fetches.
  const scripts: string[] = [];
  const endUser = await page.context().newPage();
  endUser.on('response', (response) => {
    const url = response.url();
    if (url.startsWith(base) && url.endsWith('.js'))
      scripts.push(url.slice(url.lastIndexOf('/') + 1));
  });
  await endUser.goto(`${base}/apps`, { waitUntil: 'networkidle' });
  await endUser.close();
  let bytes = 0;
  let gzipBytes = 0;
  for (const file of scripts) {
    bytes += (await readFile(join(WEB_DIST, 'assets', file))).length;
    gzipBytes += await gzipOf(file);
  }
  const monacoFile = (await readdir(join(WEB_DIST, 'assets'))).find((f) =>
    /^monaco-.*\.js$/.test(f),
  );

  await page.goto(`${base}/designer/forms/${form.name}`);
  await page.locator('[data-testid=form-designer]').waitFor();
  await page.locator(`[data-testid=canvas-item-i_f${options.fields - 1}]`).waitFor();

  // Drags: the Name item goes to the end of section two, then back to the end of section one, …
  for (let i = 0; i <= options.drags; i++) {
    const target = i % 2 === 0 ? 'two' : 'one';
    await pointerDrag(
      page,
      '[data-testid=canvas-item-i_name]',
      `[data-testid=section-end-${target}]`,
    );
    await page.waitForTimeout(50);
    if (i === 0) await page.evaluate(() => performance.clearMeasures('tangram:designer-drop'));
  }
  const drops = await measures(page, 'tangram:designer-drop');

  // Keystrokes in the preview's Name input.
  const input = page.locator('[data-testid=preview] #field-i_name');
  await input.scrollIntoViewIfNeeded();
  await input.click();
  await page.keyboard.type('w');
  await page.evaluate(() => performance.clearMeasures('tangram:preview-keystroke'));
  for (let i = 0; i < options.keystrokes; i++) {
    await page.keyboard.type(String.fromCharCode(97 + (i % 26)));
  }
  await page.waitForTimeout(100);
  const keys = await measures(page, 'tangram:preview-keystroke');

  return {
    fields: options.fields,
    drop: timing(drops),
    keystroke: timing(keys),
    endUserScripts: { files: scripts, bytes, gzipBytes },
    endUserLoadedMonaco: scripts.some((f) => f.startsWith('monaco')),
    monacoChunk: monacoFile ? { file: monacoFile, gzipBytes: await gzipOf(monacoFile) } : null,
  };
}
