import type { FormDoc, ObjectDoc } from '@tangram/schema';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { launchBrowser, signIn, useE2eServer } from './e2e-harness';

const object: ObjectDoc = {
  kind: 'object',
  schemaVersion: 1,
  name: 'ticket',
  label: { en: 'Ticket', 'zh-CN': '工单' },
  nameField: 'name',
  fields: ['name', 'priority', 'channel', 'notes'].map((name) => ({
    name,
    type: 'text',
    label: { en: name },
  })),
};

const form: FormDoc = {
  kind: 'form',
  schemaVersion: 1,
  name: 'ticket_default',
  label: { en: 'Ticket' },
  object: 'ticket',
  items: [
    {
      type: 'section',
      id: 'main',
      columns: 1,
      items: ['name', 'priority', 'channel'].map((field) => ({
        type: 'field',
        id: `f_${field}`,
        field,
      })),
    },
  ],
};

async function put(page: Page, url: string, document: ObjectDoc | FormDoc) {
  const response = await page.request.put(
    `${url}/api/v1/metadata/${document.kind}/${document.name}`,
    {
      data: document,
      headers: { 'x-requested-with': 'tangram' },
    },
  );
  expect(response.status()).toBeLessThan(300);
}

const canvasOrder = (page: Page) =>
  page
    .locator('[data-testid=canvas-section-main] [data-field]')
    .evaluateAll((nodes) => nodes.map((n) => n.getAttribute('data-field')));

describe('the form designer without a mouse, the raw JSON editor, field type changes, bulk add', () => {
  const server = useE2eServer();

  it('moves a field with the keyboard, undoes and redoes it, and edits the form as JSON', async () => {
    const browser = await launchBrowser();
    const page = await browser.context.newPage();
    try {
      await signIn(page, server.url);
      await put(page, server.url, object);
      await put(page, server.url, form);
      await page.goto(`${server.url}/designer/forms/ticket_default`);
      await page.locator('[data-testid=form-designer]').waitFor();
      expect(await canvasOrder(page)).toEqual(['name', 'priority', 'channel']);

      // dnd-kit's keyboard sensor: Space picks the item up, arrows move it, Space drops it.
      await page.focus('[data-testid=canvas-item-f_name]');
      for (const key of ['Space', 'ArrowDown', 'ArrowDown', 'Space']) {
        await page.keyboard.press(key);
        // The sensor moves the item on the next animation frame; a person pauses at least as long.
        await page.waitForTimeout(200);
      }
      await expect.poll(() => canvasOrder(page)).toEqual(['priority', 'channel', 'name']);

      await page.click('[data-testid=undo]');
      await expect.poll(() => canvasOrder(page)).toEqual(['name', 'priority', 'channel']);
      await page.click('[data-testid=redo]');
      await expect.poll(() => canvasOrder(page)).toEqual(['priority', 'channel', 'name']);
      await page.locator('[data-testid=canvas]').click({ position: { x: 2, y: 2 } });
      await page.keyboard.press('Control+z');
      await expect.poll(() => canvasOrder(page)).toEqual(['name', 'priority', 'channel']);

      // The raw editor loads monaco on demand and checks the document against its schema.
      const scripts: string[] = [];
      page.on('request', (request) => {
        if (request.resourceType() === 'script') scripts.push(request.url());
      });
      await page.click('[data-testid=open-raw]');
      await page.locator('[data-testid=monaco-json] .monaco-editor').waitFor();
      expect(scripts.some((url) => /\/assets\/monaco-[^/]+\.js$/.test(url))).toBe(true);
      await page.locator('[data-testid=monaco-json] .view-lines').click();
      await page.keyboard.press('Control+a');
      await page.keyboard.press('Delete');
      await page.keyboard.insertText(
        JSON.stringify({ ...form, label: { en: 'Ticket as JSON' }, extra: 1 }),
      );
      await page.locator('[data-testid=raw-issues]', { hasText: '/extra' }).waitFor();
      // Said in the UI language (zh-CN by default), not in the validator's English.
      await page.locator('[data-testid=raw-issues]', { hasText: '这里不允许这个属性' }).waitFor();
      expect(await page.locator('[data-testid=save-raw]').isDisabled()).toBe(true);
      // A syntax error is placed and said in Chinese too, not in the browser's own English.
      await page.keyboard.press('Control+a');
      await page.keyboard.press('Delete');
      await page.keyboard.insertText('{"kind": "form" "name": 1}');
      await page
        .locator('[data-testid=raw-issues]', { hasText: 'JSON 格式不正确：第 1 行第 17 列' })
        .waitFor();
      expect(await page.locator('[data-testid=save-raw]').isDisabled()).toBe(true);
      await page.keyboard.press('Control+a');
      await page.keyboard.press('Delete');
      await page.keyboard.insertText(JSON.stringify({ ...form, label: { en: 'Ticket as JSON' } }));
      await expect.poll(() => page.locator('[data-testid=save-raw]').isDisabled()).toBe(false);
      await page.click('[data-testid=save-raw]');
      await expect
        .poll(async () => {
          const response = await page.request.get(
            `${server.url}/api/v1/metadata/form/ticket_default?state=draft`,
          );
          return ((await response.json()) as { document: FormDoc }).document.label;
        })
        .toEqual({ en: 'Ticket as JSON' });
    } catch (error) {
      await page.screenshot({ path: '/tmp/designer-keyboard.png', fullPage: true });
      throw error;
    } finally {
      await browser.close();
    }
  }, 180_000);

  it('previews the stored values a type change cannot convert, then applies it keeping them', async () => {
    const browser = await launchBrowser();
    const page = await browser.context.newPage();
    const headers = { 'x-requested-with': 'tangram' };
    try {
      await signIn(page, server.url);
      const lead: ObjectDoc = {
        kind: 'object',
        schemaVersion: 1,
        name: 'lead',
        label: { en: 'Lead' },
        nameField: 'name',
        fields: [
          { name: 'name', type: 'text', label: { en: 'Name' } },
          { name: 'code', type: 'text', label: { en: 'Code' } },
        ],
      };
      await put(page, server.url, lead);
      const published = await page.request.post(`${server.url}/api/v1/metadata/publish`, {
        data: { documents: [{ kind: 'object', name: 'lead' }] },
        headers,
      });
      expect(published.status()).toBe(200);
      for (const record of [
        { name: 'A', code: '12' },
        { name: 'B', code: 'abc' },
      ]) {
        const created = await page.request.post(`${server.url}/api/v1/objects/lead/records`, {
          data: record,
          headers,
        });
        expect(created.status()).toBe(201);
      }

      await page.goto(`${server.url}/designer/objects/lead`);
      await page.click('[data-testid=edit-field-code]');
      await page.click('[data-testid=field-type]');
      await page.locator('[data-testid=field-type] input').fill('integer');
      await page
        .locator(
          '.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option-active',
          {
            hasText: 'integer',
          },
        )
        .waitFor();
      await page.keyboard.press('Enter');
      await page.click('[data-testid=save-field]');
      // Nothing has changed yet: the preview lists the one value that is not an integer.
      const preview = page.locator('[data-testid=type-change-preview]');
      await preview.waitFor();
      await preview.locator('td', { hasText: '"abc"' }).waitFor();
      // Why, in the UI language (zh-CN by default), not in the server's English.
      await preview
        .locator('tr', { hasText: '"abc"' })
        .locator('td', { hasText: '应为数字' })
        .waitFor();
      const before = await page.request.get(
        `${server.url}/api/v1/metadata/object/lead?state=published`,
      );
      expect(((await before.json()) as { document: ObjectDoc }).document.fields[1]?.type).toBe(
        'text',
      );

      await page.click('[data-testid=apply-type-change]');
      await preview.waitFor({ state: 'detached' });
      const after = await page.request.get(
        `${server.url}/api/v1/metadata/object/lead?state=published`,
      );
      expect(((await after.json()) as { document: ObjectDoc }).document.fields[1]?.type).toBe(
        'integer',
      );
      const records = await page.request.get(`${server.url}/api/v1/objects/lead/records?sort=name`);
      const rows = ((await records.json()) as { records: { name: string; code: unknown }[] })
        .records;
      expect(rows.find((r) => r.name === 'A')?.code).toBe(12);
    } catch (error) {
      await page.screenshot({ path: '/tmp/designer-type-change.png', fullPage: true });
      throw error;
    } finally {
      await browser.close();
    }
  }, 180_000);

  it('adds several fields at once, showing each row’s problem and fixing a type in the grid', async () => {
    const browser = await launchBrowser();
    const page = await browser.context.newPage();
    try {
      await signIn(page, server.url);
      await put(page, server.url, {
        kind: 'object',
        schemaVersion: 1,
        name: 'contact',
        label: { en: 'Contact' },
        nameField: 'name',
        fields: [{ name: 'name', type: 'text', label: { en: 'Name' } }],
      });
      await page.goto(`${server.url}/designer/objects/contact`);
      const text = page.locator('[data-testid=bulk-fields-text]');
      await text.fill(
        'Priority: nope\nname\nChannel: single_select: Web, Phone\nDue: date\n渠道备注',
      );
      await page.locator('[data-testid=bulk-row-0-error]').waitFor();
      await page.locator('[data-testid=bulk-row-1-error]').waitFor();
      expect(await page.locator('[data-testid=bulk-row-2-error]').count()).toBe(0);
      expect(await page.locator('[data-testid=bulk-fields-add]').isDisabled()).toBe(true);

      // The unknown type picked in the row's own type box rewrites that line.
      const typeBox = page.locator('[data-testid=bulk-row-0-type]');
      await typeBox.click();
      await typeBox.locator('input').fill('integer');
      await page
        .locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option', {
          hasText: 'integer',
        })
        .first()
        .click();
      await expect.poll(() => text.inputValue()).toMatch(/^Priority: integer\n/);
      await page.locator('[data-testid=bulk-row-0-error]').waitFor({ state: 'detached' });

      await text.fill((await text.inputValue()).replace('\nname\n', '\n'));
      await expect.poll(() => page.locator('[data-testid=bulk-fields-add]').isEnabled()).toBe(true);
      await page.click('[data-testid=bulk-fields-add]');
      await page.locator('[data-testid=fields-table]', { hasText: '渠道备注' }).waitFor();
      await expect.poll(() => text.inputValue()).toBe('');

      const stored = (await (
        await page.request.get(`${server.url}/api/v1/metadata/object/contact?state=effective`)
      ).json()) as { document: ObjectDoc };
      expect(stored.document.fields.map((f) => [f.name, f.type])).toEqual([
        ['name', 'text'],
        ['priority', 'integer'],
        ['channel', 'single_select'],
        ['due', 'date'],
        ['field_5', 'text'],
      ]);
      const channel = stored.document.fields[2]!;
      expect(channel.type === 'single_select' && channel.options.map((o) => o.value)).toEqual([
        'web',
        'phone',
      ]);
    } finally {
      await browser.close();
    }
  }, 180_000);
});
