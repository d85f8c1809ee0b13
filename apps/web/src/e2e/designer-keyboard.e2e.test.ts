import type { FormDoc, ObjectDoc } from '@tangram/schema';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type E2eServer, launchBrowser, signIn, startE2eServer } from './e2e-harness';

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

describe('the form designer without a mouse, and the raw JSON editor', () => {
  let server: E2eServer;
  beforeAll(async () => {
    server = await startE2eServer();
  }, 120_000);
  afterAll(async () => {
    await server?.close();
  });

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
});
