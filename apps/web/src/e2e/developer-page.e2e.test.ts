import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { launchBrowser, signIn, useE2eServer } from './e2e-harness';

const TEMPLATE_DIR = fileURLToPath(new URL('../../../../examples/crm-sales/', import.meta.url));
const SCREENSHOT_DIR = process.env.TANGRAM_E2E_SCREENSHOTS ?? '/tmp';
const FLOW_TIMEOUT = 240_000;
const TOKEN_NAME = 'ERP 同步';

/** An antd select's option, in the one open dropdown. */
function option(page: Page, text: string) {
  return page
    .locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option', {
      hasText: text,
    })
    .first();
}

// The integrator's page of the designer: the API document, its TypeScript types, and a token made,
// used and revoked without leaving the browser.
describe('the developer page of the designer', () => {
  const server = useE2eServer({ templateDir: TEMPLATE_DIR });

  it(
    'downloads the types, creates a scoped token shown once, and revokes it',
    async () => {
      const base = server.url;
      const browser = await launchBrowser();
      const page = await browser.context.newPage();
      const errors: string[] = [];
      page.on('pageerror', (error) => errors.push(error.message));
      const records = (object: string, secret: string) =>
        fetch(`${base}/api/v1/objects/${object}/records?limit=1`, {
          headers: { authorization: `Bearer ${secret}` },
        }).then((response) => response.status);
      try {
        await signIn(page, base);
        await page.goto(`${base}/designer`);
        await page.click('[data-testid=nav-developer]');
        await page.waitForURL(/\/designer\/developer$/);

        // The TypeScript types of this tenant, as the download button saves them.
        const [download] = await Promise.all([
          page.waitForEvent('download'),
          page.click('[data-testid=download-types]'),
        ]);
        expect(download.suggestedFilename()).toBe('tangram-api.ts');
        const types = await readFile((await download.path()) as string, 'utf8');
        expect(types).toContain('export type TangramObjects = {');
        expect(types).toMatch(/readonly opportunity: \{\n\s+readonly record: Opportunity;/);
        const document = await page.request.get(
          `${base}${await page.getAttribute('[data-testid=open-openapi]', 'href')}`,
        );
        expect((await document.json()).openapi).toBe('3.1.0');

        // A token for opportunities only, to read and create.
        await page.click('[data-testid=new-token]');
        await page.fill('[data-testid=token-name]', TOKEN_NAME);
        await page.click('[data-testid=token-objects]');
        await option(page, '商机').click();
        await page.keyboard.press('Escape');
        await page.getByRole('checkbox', { name: '新建' }).check();
        await page.click('[data-testid=create-token]');
        const secret = (await page.locator('[data-testid=token-secret] code').textContent()) ?? '';
        expect(secret).toMatch(/^tgm_/);
        await page.screenshot({ path: `${SCREENSHOT_DIR}/developer-token-secret.png` });

        expect(await records('opportunity', secret)).toBe(200);
        // Out of its objects: refused.
        expect(await records('account', secret)).toBe(403);

        // Closed, the secret is gone for good: the list shows the token without it.
        await page.click('[data-testid=token-done]');
        const row = page.locator(`[data-testid="token-${TOKEN_NAME}"]`);
        await expect.poll(() => row.textContent()).toContain('有效');
        expect(await row.textContent()).toContain('商机');
        expect(await page.locator('body').textContent()).not.toContain(secret);

        await row.locator(`[data-testid="revoke-${TOKEN_NAME}"]`).click();
        await page.click('[data-testid=confirm-revoke]');
        await expect.poll(() => row.textContent()).toContain('已撤销');
        expect(await records('opportunity', secret)).toBe(401);
        await page.screenshot({ path: `${SCREENSHOT_DIR}/developer-token-revoked.png` });
        expect(errors).toEqual([]);
      } finally {
        await browser.close();
      }
    },
    FLOW_TIMEOUT,
  );
});
