import { fileURLToPath } from 'node:url';
import type { APIRequestContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type E2eServer, launchBrowser, signIn, startE2eServer } from './e2e-harness';

const TEMPLATE_DIR = fileURLToPath(new URL('../../../../examples/crm-sales/', import.meta.url));
const SCREENSHOT_DIR = process.env.TANGRAM_E2E_SCREENSHOTS ?? '/tmp';
const FLOW_TIMEOUT = 240_000;
const HEADERS = { 'x-requested-with': 'tangram' };
const REP = { email: 'rep@example.com', password: 'rep password 123', name: 'Rep' };

/** What the rep must never see: the hidden amount (and the formula made of it) by label. */
const HIDDEN_LABELS = ['预计金额', '加权金额'];
/** The amounts of the rep's own deal and of the other deal, as digits and as formatted. */
const HIDDEN_VALUES = ['456789', '456,789', '987654', '987,654'];
const OWN_DEAL = '自己的商机 E2E';
const OTHER_DEAL = '别人的机密商机 E2E';

/** A sales rep who may read and edit their own opportunities, but never their amount. */
const ROLE = {
  kind: 'role',
  schemaVersion: 1,
  name: 'rep_no_amount',
  label: { 'zh-CN': '无金额销售', en: 'Rep without amounts' },
  objects: {
    opportunity: {
      read: true,
      create: true,
      update: true,
      scope: 'own',
      fields: { amount: 'none', weighted_amount: 'none' },
    },
    account: { read: true, scope: 'company' },
  },
};

async function ok<T>(response: Awaited<ReturnType<APIRequestContext['get']>>): Promise<T> {
  if (!response.ok())
    throw new Error(`${response.url()}: ${response.status()} ${await response.text()}`);
  return (await response.json()) as T;
}

/** Fails when any text the page shows names something the rep must not see. */
async function expectNothingHidden(page: Page, where: string, forbidden: readonly string[]) {
  const text = (await page.locator('body').textContent()) ?? '';
  for (const word of forbidden)
    expect([where, word, text.includes(word)]).toEqual([where, word, false]);
}

describe('field and record permissions in the end-user app', () => {
  let server: E2eServer;

  beforeAll(async () => {
    server = await startE2eServer({ templateDir: TEMPLATE_DIR });
  }, 180_000);

  afterAll(async () => {
    await server?.close();
  });

  it(
    'never shows a hidden field or another user’s record anywhere in the UI',
    async () => {
      const base = server.url;
      const adminBrowser = await launchBrowser();
      const repBrowser = await launchBrowser();
      const page = await repBrowser.context.newPage();
      const errors: string[] = [];
      page.on('pageerror', (error) => errors.push(error.message));
      // Asking for what the user may not read shows up as a refused call.
      const refused: string[] = [];
      page.on('response', (r) => {
        if (r.status() === 403 && r.url().includes('/objects/')) refused.push(r.url());
      });
      try {
        // As the administrator, through the API: the role, the rep, and a deal of someone else.
        const adminPage = await adminBrowser.context.newPage();
        await signIn(adminPage, base);
        const admin = adminPage.request;
        await ok(
          await admin.put(`${base}/api/v1/metadata/role/${ROLE.name}`, {
            headers: HEADERS,
            data: ROLE,
          }),
        );
        await ok(
          await admin.post(`${base}/api/v1/metadata/publish`, { headers: HEADERS, data: {} }),
        );
        const rep = await ok<{ id: string }>(
          await admin.post(`${base}/api/v1/identity/users`, {
            headers: HEADERS,
            data: { ...REP, roles: [ROLE.name] },
          }),
        );
        const adminId = (
          await ok<{ user: { id: string } }>(await admin.get(`${base}/api/v1/auth/me`))
        ).user.id;
        const accounts = await ok<{ records: { id: string }[] }>(
          await admin.get(`${base}/api/v1/objects/account/records?limit=1&fields=name`),
        );
        const account = accounts.records[0]?.id;
        const deal = (name: string, owner: string, amount?: number) => ({
          name,
          account,
          stage: 'proposal',
          expected_close_date: '2027-03-31',
          sales_rep: owner,
          ...(amount === undefined ? {} : { amount }),
        });
        const other = await ok<{ id: string }>(
          await admin.post(`${base}/api/v1/objects/opportunity/records`, {
            headers: HEADERS,
            data: deal(OTHER_DEAL, adminId, 987654),
          }),
        );
        // Every other deal (the template's seed) belongs to someone else too.
        const othersNames = (
          await ok<{ records: { name: string }[] }>(
            await admin.get(`${base}/api/v1/objects/opportunity/records?limit=200&fields=name`),
          )
        ).records.map((r) => r.name);
        expect(othersNames).toContain(OTHER_DEAL);
        expect(othersNames.length).toBeGreaterThan(1);

        // The rep signs in and creates a deal of their own; the administrator gives it an amount.
        await signIn(page, base, REP);
        const own = await ok<{ id: string; version: number }>(
          await page.request.post(`${base}/api/v1/objects/opportunity/records`, {
            headers: HEADERS,
            data: deal(OWN_DEAL, rep.id),
          }),
        );
        await ok(
          await admin.patch(`${base}/api/v1/objects/opportunity/records/${own.id}`, {
            headers: { ...HEADERS, 'if-match': `"${own.version}"` },
            data: { amount: 456789 },
          }),
        );
        const forbidden = [...HIDDEN_LABELS, ...HIDDEN_VALUES, ...othersNames];

        try {
          // The app menu and home page: objects without read permission are not offered.
          await page.goto(`${base}/apps/crm_sales`);
          const menu = page.locator('[data-testid=app-menu]');
          await expect.poll(() => menu.textContent()).toContain('商机');
          expect(await menu.textContent()).toContain('客户');
          for (const label of ['线索', '产品', '合同', '回款'])
            expect(await menu.textContent()).not.toContain(label);
          await page.locator('[data-testid=home-page]').waitFor();
          await page.waitForLoadState('networkidle');
          await expectNothingHidden(page, 'home', forbidden);

          // The list: own deal listed, columns, sort headers and count without the amount.
          await page.goto(`${base}/apps/crm_sales/o/opportunity?view=all_opportunities`);
          const rows = page.locator('[data-testid=record-list] tbody tr.ant-table-row');
          await rows.filter({ hasText: OWN_DEAL }).waitFor();
          // The table may redraw while later pages or expansions arrive: poll, don't sample once.
          await expect.poll(() => rows.count()).toBe(1);
          expect(await page.locator('[data-testid=record-list] thead').textContent()).toContain(
            '商机名称',
          );
          await expectNothingHidden(page, 'list', forbidden);
          expect(await page.locator('[data-testid=new-record]').count()).toBe(1);

          // The column chooser offers every readable field but not the hidden ones.
          await page.getByRole('button', { name: '显示列' }).click();
          const chooser = page.locator('[data-testid=column-chooser]');
          await chooser.waitFor();
          expect(await chooser.textContent()).toContain('销售阶段');
          await expectNothingHidden(page, 'column chooser', forbidden);
          await page.keyboard.press('Escape');

          // The filter builder's field choices: search them, and scroll through them all.
          await page.click('[data-testid=open-filter]');
          await page.click('[data-testid=filter-add]');
          const field = page
            .locator('[data-testid=filter-row]')
            .nth(0)
            .locator('[data-testid=filter-field]');
          await field.click();
          const options = page.locator(
            '.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option',
          );
          await page.keyboard.type('阶段');
          await expect.poll(() => options.allTextContents()).toContain('销售阶段');
          await page.keyboard.press('Control+A');
          await page.keyboard.press('Backspace');
          await page.keyboard.type('金额');
          await page.waitForTimeout(300);
          for (const text of await options.allTextContents())
            for (const label of HIDDEN_LABELS) expect(text).not.toContain(label);
          await page.keyboard.press('Control+A');
          await page.keyboard.press('Backspace');
          const seen = new Set<string>();
          for (let step = 0; step < 40; step++) {
            for (const text of await options.allTextContents()) seen.add(text);
            await page.keyboard.press('ArrowDown');
          }
          expect(seen.has('商机名称')).toBe(true);
          expect(seen.size).toBeGreaterThan(8);
          for (const text of seen)
            for (const label of HIDDEN_LABELS) expect(text).not.toContain(label);
          await page.keyboard.press('Escape');
          await page.keyboard.press('Escape');

          // The kanban: own card only, no amount on cards or in lane totals.
          await page.goto(`${base}/apps/crm_sales/o/opportunity?view=opportunity_pipeline`);
          const cards = page.locator('[data-testid=kanban-card]');
          await cards.filter({ hasText: OWN_DEAL }).waitFor();
          expect(await cards.count()).toBe(1);
          await expectNothingHidden(page, 'kanban', forbidden);

          // The record page: details, key fields and timeline (the amount was changed) without it.
          await page.goto(`${base}/apps/crm_sales/o/opportunity/${own.id}`);
          await expect.poll(() => page.textContent('[data-testid=record-title]')).toBe(OWN_DEAL);
          await page.locator('[data-testid=record-details]').waitFor();
          await page.locator('[data-testid=record-timeline]').waitFor();
          await page.waitForLoadState('networkidle');
          expect(await page.locator('[data-testid=record-details]').textContent()).toContain(
            '销售阶段',
          );
          await expectNothingHidden(page, 'record page', forbidden);

          // The edit form.
          await page.click('[data-testid=record-edit]');
          await page.locator('[data-testid=record-form]').waitFor();
          expect(await page.locator('[data-testid=record-form]').textContent()).toContain(
            '销售阶段',
          );
          await expectNothingHidden(page, 'edit form', forbidden);

          // Another user's record by its address: not found, and nothing of it shown.
          await page.goto(`${base}/apps/crm_sales/o/opportunity/${other.id}`);
          await page.getByText('记录不存在或无权查看').waitFor();
          await page.waitForLoadState('networkidle');
          await expectNothingHidden(page, 'other record', forbidden);

          // Global search finds the own deal and no one else's.
          await page.goto(`${base}/apps/crm_sales`);
          await page.getByPlaceholder('搜索客户、联系人、商机…').fill('商机');
          const found = page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden)');
          await expect.poll(() => found.textContent().catch(() => '')).toContain(OWN_DEAL);
          await expectNothingHidden(page, 'global search', forbidden);
          expect(errors.join(' | ')).toBe('');
          expect(refused).toEqual([]);
        } catch (error) {
          const path = `${SCREENSHOT_DIR}/tangram-field-access-failure.png`;
          await page.screenshot({ path, fullPage: true }).catch(() => undefined);
          throw new Error(`${(error as Error).message}\nat ${page.url()}, screenshot ${path}`, {
            cause: error,
          });
        }
      } finally {
        await repBrowser.close();
        await adminBrowser.close();
      }
    },
    FLOW_TIMEOUT,
  );
});
