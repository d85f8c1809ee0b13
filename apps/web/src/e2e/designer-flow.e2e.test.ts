import type { FormDoc, ObjectDoc } from '@tangram/schema';
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { afterDrop, E2E_ADMIN, launchBrowser, useE2eServer } from './e2e-harness';

const FLOW_TIMEOUT = 300_000;

/** The words of the flow in each UI language: what a user types and what they click. */
const WORDS = {
  en: {
    object: 'Customer',
    english: 'English',
    fields: [
      ['Amount', 'currency'],
      ['Employees', 'integer'],
      ['Score', 'number'],
      ['Since', 'date'],
      ['Active', 'boolean'],
      ['Level', 'single_select'],
      ['Email', 'email'],
      ['Phone', 'phone'],
      ['Notes', 'long_text'],
    ],
    level: 'Level',
    vip: 'VIP',
    normal: 'Normal',
    /** The bulk-add lines, type words as the user would write them. */
    lines: [
      'Amount: currency',
      'Employees: integer',
      'Score: Number',
      'Since: date',
      'Active: boolean',
      'Level: single select: VIP, Normal',
      'Email: email',
      'Phone: phone',
      'Notes: long text',
    ],
  },
  'zh-CN': {
    object: '客户',
    english: null,
    fields: [
      ['金额', 'currency'],
      ['员工数', 'integer'],
      ['评分', 'number'],
      ['起始日期', 'date'],
      ['有效', 'boolean'],
      ['等级', 'single_select'],
      ['邮箱地址', 'email'],
      ['电话', 'phone'],
      ['备注', 'long_text'],
    ],
    level: '等级',
    vip: '重要客户',
    normal: '普通客户',
    lines: [
      '金额：金额',
      '员工数：整数',
      '评分：数字',
      '起始日期：日期',
      '有效：是/否',
      '等级：单选：重要客户，普通客户',
      '邮箱地址：邮箱',
      '电话：电话',
      '备注：多行文本',
    ],
  },
} as const;

type Locale = keyof typeof WORDS;

/** Counts what a user does: each click, choice, typed entry, drag or opened address is one. */
class ActionCounter {
  count = 0;
  constructor(readonly page: Page) {}
  async click(target: Locator | string) {
    this.count++;
    await (typeof target === 'string' ? this.page.locator(target) : target).click();
  }
  async fill(target: Locator | string, text: string) {
    this.count++;
    await (typeof target === 'string' ? this.page.locator(target) : target).fill(text);
  }
  async press(target: Locator | string, key: string) {
    this.count++;
    await (typeof target === 'string' ? this.page.locator(target) : target).press(key);
  }
  async goto(url: string) {
    this.count++;
    await this.page.goto(url);
  }
  /** Opens an antd select and picks the option shown with `text`: two actions. */
  async choose(select: Locator | string, text: string) {
    await this.click(select);
    this.count++;
    await this.page
      .locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option', {
        hasText: text,
      })
      .first()
      .click();
  }
  /** Opens an antd select, types to search and takes the first match with Enter: two actions. */
  async search(select: Locator | string, text: string) {
    const root = typeof select === 'string' ? this.page.locator(select) : select;
    await this.click(root);
    this.count++;
    await root.locator('input').fill(text);
    // Enter takes the active option once the list shows the match.
    await this.page
      .locator(
        '.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option-active',
        { hasText: text },
      )
      .waitFor();
    await this.page.keyboard.press('Enter');
    await expect.poll(() => root.textContent()).toContain(text);
  }
  /** A real pointer drag: press on the source, move in steps onto the target, release. */
  async drag(source: Locator | string, target: Locator | string) {
    this.count++;
    const from = typeof source === 'string' ? this.page.locator(source) : source;
    const to = typeof target === 'string' ? this.page.locator(target) : target;
    await to.scrollIntoViewIfNeeded();
    await from.scrollIntoViewIfNeeded();
    const a = await from.boundingBox();
    if (!a) throw new Error('drag source is not visible');
    await this.page.mouse.move(a.x + a.width / 2, a.y + a.height / 2);
    await this.page.mouse.down();
    await this.page.mouse.move(a.x + a.width / 2 + 8, a.y + a.height / 2 + 8, { steps: 4 });
    const b = await to.boundingBox();
    if (!b) throw new Error('drop target is not visible');
    await this.page.mouse.move(b.x + b.width / 2, b.y + b.height / 2, { steps: 12 });
    await this.page.mouse.up();
    await afterDrop(this.page);
  }
}

async function readDoc<D>(
  page: Page,
  kind: string,
  name: string,
): Promise<{ document: D; revision: number }> {
  const response = await page.request.get(
    new URL(`/api/v1/metadata/${kind}/${name}?state=effective`, page.url()).href,
  );
  expect(response.status()).toBe(200);
  return (await response.json()) as { document: D; revision: number };
}

function sectionFields(form: FormDoc): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const block of form.items) {
    const sections = block.type === 'section' ? [block] : block.tabs.flatMap((tab) => tab.items);
    for (const s of sections)
      out[s.id] = s.items.flatMap((i) => (i.type === 'field' ? [i.field] : []));
  }
  return out;
}

describe('building an object and a conditional form in the designer', () => {
  const server = useE2eServer();

  it.each(['en', 'zh-CN'] as const)(
    'in %s: fields, drag and drop into two sections, a rule, publish, end user, revert',
    async (locale: Locale) => {
      const words = WORDS[locale];
      const browser = await launchBrowser();
      const page = await browser.context.newPage();
      const act = new ActionCounter(page);
      const errors: string[] = [];
      page.on('pageerror', (error) => errors.push(error.message));
      try {
        // Sign in (the page starts in zh-CN, the default; the English run switches first).
        await act.goto(server.url);
        if (words.english)
          await act.click(page.locator('[data-testid=language-switch]').getByText(words.english));
        await act.fill('input[autocomplete=username]', E2E_ADMIN.email);
        await act.fill('input[type=password]', E2E_ADMIN.password);
        await act.click('button[type=submit]');
        await page.waitForURL(/\/designer/);

        // A new object; it starts with its name field.
        await act.click('[data-testid=new-object]');
        await act.fill('[data-testid=object-label]', words.object);
        await act.press('[data-testid=object-label]', 'Enter');
        await page.waitForURL(/\/designer\/objects\//);
        const objectName = decodeURIComponent(page.url().split('/designer/objects/')[1] ?? '');

        // Nine more fields in one step: one a line with its type (the select with its options),
        // checked row by row in the preview grid before they are added.
        await act.fill('[data-testid=bulk-fields-text]', words.lines.join('\n'));
        await expect
          .poll(() => page.locator('[data-testid=bulk-fields-preview] tbody tr').count())
          .toBe(9);
        expect(
          await page.locator('[data-testid=bulk-fields-preview] [data-testid$=-error]').count(),
        ).toBe(0);
        await act.click('[data-testid=bulk-fields-add]');
        await page.locator('[data-testid=fields-table]', { hasText: words.fields[8][0] }).waitFor();

        const object = (await readDoc<ObjectDoc>(page, 'object', objectName)).document;
        expect(object.fields).toHaveLength(10);
        expect(object.fields.map((f) => f.type).sort()).toEqual(
          ['text', ...words.fields.map(([, type]) => type)].sort(),
        );
        const byLabel = (label: string) =>
          object.fields.find((f) => Object.values(f.label).includes(label))!;
        const level = byLabel(words.level);
        const notes = byLabel(words.fields[8][0]);
        expect(level.type === 'single_select' && level.options.map((o) => o.value)).toHaveLength(2);
        const vipValue = level.type === 'single_select' ? level.options[0]!.value : '';

        // A form: it starts with one two-column section; a second two-column section is dragged in.
        await act.click('[data-testid=next-design-form]');
        await page.waitForURL(/\/designer\/forms\//);
        const formName = decodeURIComponent(page.url().split('/designer/forms/')[1] ?? '');
        await page.locator('[data-testid=form-designer]').waitFor();
        await act.drag('[data-testid=palette-section-2]', '[data-testid=gap-1]');
        await page.locator('[data-testid=canvas-section-section]').waitFor();

        // Every field dragged from the palette: five into each section.
        for (let i = 0; i < 10; i++) {
          const target = i < 5 ? 'basic' : 'section';
          await act.drag(
            page.locator('[data-testid^=palette-field-]').first(),
            `[data-testid=section-end-${target}]`,
          );
          await expect
            .poll(() => page.locator('[data-testid^=palette-field-]').count())
            .toBe(9 - i);
        }
        await expect
          .poll(() => page.locator('[data-testid=canvas-section-basic] [data-field]').count())
          .toBe(5);
        await expect
          .poll(() => page.locator('[data-testid=canvas-section-section] [data-field]').count())
          .toBe(5);

        // "Show Notes when Level = VIP", built with the condition builder in the inspector.
        const notesItem = `f_${notes.name}`;
        await act.click(`[data-testid=canvas-item-${notesItem}]`);
        await act.search(`[data-testid=${notesItem}-visible-0-field]`, words.level);
        await act.choose(`[data-testid=${notesItem}-visible-0-value]`, words.vip);
        // The live preview follows the rule as soon as it is made.
        await expect
          .poll(() => page.locator(`[data-testid=preview] [data-field=${notes.name}]`).count())
          .toBe(0);

        // Publish the form with its object.
        await act.click('[data-testid=publish-now]');
        await expect
          .poll(async () => (await readDoc<FormDoc>(page, 'form', formName)).document)
          .toMatchObject({
            name: formName,
          });
        await expect
          .poll(async () =>
            (
              await page.request.get(
                `${server.url}/api/v1/metadata/form/${formName}?state=published`,
              )
            ).status(),
          )
          .toBe(200);
        const v1 = (await (
          await page.request.get(`${server.url}/api/v1/metadata/form/${formName}?state=published`)
        ).json()) as {
          document: FormDoc;
          version: number;
        };
        expect(v1.version).toBe(1);
        expect(v1.document.items).toHaveLength(2);
        expect(JSON.stringify(v1.document)).toContain(
          JSON.stringify({ '==': [{ var: level.name }, vipValue] }),
        );
        const layoutV1 = sectionFields(v1.document);

        // As an end user: Notes appears when Level is VIP and disappears otherwise.
        await act.goto(`${server.url}/apps/_/o/${objectName}/new`);
        const form = page.locator('[data-testid=record-form]');
        // The published form's two sections, drawn by the same FormRenderer as the designer's preview.
        await form.locator('[data-section=section]').waitFor();
        expect(await form.locator(`[data-field=${notes.name}]`).count()).toBe(0);
        await act.choose(form.locator(`[data-field=${level.name}] .ant-select`), words.vip);
        await form.locator(`[data-field=${notes.name}]`).waitFor();
        await act.choose(form.locator(`[data-field=${level.name}] .ant-select`), words.normal);
        await form.locator(`[data-field=${notes.name}]`).waitFor({ state: 'detached' });

        // A second version moves Notes into the first section; then the form goes back to version 1.
        await act.goto(`${server.url}/designer/forms/${formName}`);
        await act.drag(`[data-testid=canvas-item-${notesItem}]`, '[data-testid=section-end-basic]');
        await expect
          .poll(() => page.locator('[data-testid=canvas-section-basic] [data-field]').count())
          .toBe(6);
        await act.click('[data-testid=publish-now]');
        await expect
          .poll(async () => (await readDoc<FormDoc>(page, 'form', formName)).document.items)
          .not.toEqual(v1.document.items);
        await page.locator('[data-testid=draft-tag]').waitFor({ state: 'detached' });
        await act.click('[data-testid=open-history]');
        await act.click('[data-testid=revert-1]');
        await act.click('[data-testid=confirm-revert]');
        await expect
          .poll(async () =>
            sectionFields((await readDoc<FormDoc>(page, 'form', formName)).document),
          )
          .toEqual(layoutV1);
        // The designer shows the old layout again.
        await expect
          .poll(() => page.locator('[data-testid=canvas-section-basic] [data-field]').count())
          .toBe(5);
        expect(
          await page
            .locator(`[data-testid=canvas-section-section] [data-testid=canvas-item-${notesItem}]`)
            .count(),
        ).toBe(1);

        console.log(`designer flow (${locale}): ${act.count} UI actions`);
        expect(errors).toEqual([]);
      } catch (error) {
        await page.screenshot({ path: `/tmp/designer-flow-${locale}.png`, fullPage: true });
        throw error;
      } finally {
        await browser.close();
      }
    },
    FLOW_TIMEOUT,
  );
});
