import type { Page } from '../../apps/web/src/e2e/e2e-harness.js';
import { type Timing, timing } from './designer-bench.js';

/** How much of the end-user apps benchmark to run. */
export interface AppsBenchOptions {
  /** Opportunities put in the first kanban lane (the issue asks for 500). */
  readonly cards: number;
  /** List pages drawn by re-sorting, after a warm-up. */
  readonly listRuns: number;
  /** Pointer moves of the measured kanban drag. */
  readonly dragMoves: number;
}

/** What one run measured. */
export interface AppsBenchResult {
  /** A fresh page on a list: navigation start to the first rows on screen, and load events. */
  readonly firstLoad: {
    readonly toRows: number;
    readonly domContentLoaded: number;
    readonly load: number;
  };
  /** A 50-row list page: its data in hand to the frame that shows it. */
  readonly listRender: Timing;
  readonly kanban: {
    readonly cards: number;
    /** Time between consecutive frames while a card is dragged over the board. */
    readonly frameInterval: Timing;
    /** Frames that took longer than one 60 Hz frame (16.7 ms) plus 2 ms of slack. */
    readonly slowFrames: number;
    /** Long animation frames (over 50 ms) Chromium reported during the drag. */
    readonly longAnimationFrames: number;
  };
}

const API_HEADERS = { 'x-requested-with': 'tangram' };

async function apiJson<T>(
  page: Page,
  method: 'GET' | 'POST',
  url: string,
  data?: unknown,
): Promise<T> {
  const response = await page.request.fetch(url, {
    method,
    headers: API_HEADERS,
    ...(data ? { data } : {}),
  });
  if (response.status() >= 300)
    throw new Error(`${method} ${url}: ${response.status()} ${await response.text()}`);
  return (await response.json()) as T;
}

/** Puts `count` open opportunities of the sales template in the first stage, in bulk. */
async function seedOpportunities(page: Page, base: string, count: number): Promise<void> {
  const me = await apiJson<{ user: { id: string } }>(page, 'GET', `${base}/api/v1/auth/me`);
  const accounts = await apiJson<{ records: { id: string }[] }>(
    page,
    'GET',
    `${base}/api/v1/objects/account/records?limit=1&fields=name`,
  );
  const account = accounts.records[0]?.id;
  if (!account) throw new Error('the sales template has no account');
  for (let done = 0; done < count; done += 500) {
    const records = Array.from({ length: Math.min(500, count - done) }, (_, i) => ({
      name: `Bench deal ${done + i}`,
      account,
      stage: 'initial_contact',
      amount: 1000 + i,
      expected_close_date: '2027-06-30',
      sales_rep: me.user.id,
    }));
    const answer = await apiJson<{ failed: number }>(
      page,
      'POST',
      `${base}/api/v1/objects/opportunity/records/bulk`,
      { op: 'create', records },
    );
    if (answer.failed > 0) throw new Error(`${answer.failed} bench opportunities were refused`);
  }
}

/**
 * Runs the end-user benchmark in a signed-in page of a server with the sales template: the first
 * load of a list page, list pages drawn after their data arrives (the apps area's performance
 * measures), and frame intervals while a card is dragged over a kanban board of `cards` cards.
 */
export async function runAppsBench(
  page: Page,
  base: string,
  options: AppsBenchOptions,
): Promise<AppsBenchResult> {
  await seedOpportunities(page, base, options.cards);
  const listUrl = `${base}/apps/crm_sales/o/opportunity?view=all_opportunities`;

  // First load in a new page (the browser's cache is warm from signing in, as for a returning user).
  const fresh = await page.context().newPage();
  await fresh.goto(listUrl);
  await fresh.locator('[data-testid=record-list] tbody tr.ant-table-row').first().waitFor();
  const firstLoad = await fresh.evaluate(() => {
    const nav = performance.getEntriesByType('navigation')[0] as
      | PerformanceNavigationTiming
      | undefined;
    return {
      toRows: performance.now(),
      domContentLoaded: nav?.domContentLoadedEventEnd ?? Number.NaN,
      load: nav?.loadEventEnd ?? Number.NaN,
    };
  });
  await fresh.close();

  // List pages: each click sorts by the next sortable column, which fetches 50 rows and draws
  // them (a sort seen before is answered from react-query's cache and draws no new page).
  await page.goto(listUrl);
  await page.locator('[data-testid=record-list] tbody tr.ant-table-row').first().waitFor();
  const headers = page.locator('[data-testid=record-list] th.ant-table-column-has-sorters');
  const columns = await headers.count();
  for (let i = 0; i <= options.listRuns; i++) {
    await headers.nth(i % columns).click();
    await page.waitForLoadState('networkidle');
    await page.waitForTimeout(50);
    if (i === 0) await page.evaluate(() => performance.clearMeasures('tangram:list-render'));
  }
  const renders = await page.evaluate(() =>
    performance.getEntriesByName('tangram:list-render', 'measure').map((e) => e.duration),
  );

  // The kanban board with every card loaded, then one slow drag across it.
  await page.goto(`${base}/apps/crm_sales/o/opportunity`);
  const lane = page.locator(
    '[data-testid=kanban-lane][data-lane="initial_contact"] [data-testid=kanban-card]',
  );
  await page.waitForFunction(
    (n) =>
      document.querySelectorAll(
        '[data-testid=kanban-lane][data-lane="initial_contact"] [data-testid=kanban-card]',
      ).length >= n,
    options.cards,
    { timeout: 60_000 },
  );
  const cards = await page.locator('[data-testid=kanban-card]').count();
  const first = await lane.first().boundingBox();
  const target = await page
    .locator('[data-testid=kanban-lane][data-lane="needs_confirmed"]')
    .boundingBox();
  if (!first || !target) throw new Error('no card or lane to drag');
  await page.evaluate(() => {
    const state = { frames: [] as number[], long: 0, running: true };
    (globalThis as unknown as { __frames: typeof state }).__frames = state;
    const tick = (t: number) => {
      state.frames.push(t);
      if (state.running) requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
    try {
      new PerformanceObserver((list) => {
        state.long += list.getEntries().length;
      }).observe({ type: 'long-animation-frame' });
    } catch {
      // Chromium without the Long Animation Frames API: only the intervals are reported.
    }
  });
  const x0 = first.x + first.width / 2;
  const y0 = first.y + 20;
  await page.mouse.move(x0, y0);
  await page.mouse.down();
  for (let i = 1; i <= options.dragMoves; i++) {
    const f = i / options.dragMoves;
    await page.mouse.move(x0 + (target.x + 100 - x0) * f, y0 + 200 * Math.sin(f * Math.PI));
  }
  const recorded = await page.evaluate(() => {
    const state = (
      globalThis as unknown as { __frames: { frames: number[]; long: number; running: boolean } }
    ).__frames;
    state.running = false;
    return { frames: state.frames, long: state.long };
  });
  await page.keyboard.press('Escape');
  await page.mouse.up();
  const intervals = recorded.frames.slice(1).map((t, i) => t - (recorded.frames[i] ?? t));
  return {
    firstLoad,
    listRender: timing(renders),
    kanban: {
      cards,
      frameInterval: timing(intervals),
      slowFrames: intervals.filter((d) => d > 16.7 + 2).length,
      longAnimationFrames: recorded.long,
    },
  };
}
