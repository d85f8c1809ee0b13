import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { launchBrowser, signIn, useE2eServer } from './e2e-harness';

/**
 * Opens the user menu (a dropdown shown on hover) and returns the motion classes its popup went
 * through while opening: rc-motion marks a popup `…-appear`, `…-appear-prepare`, then, when it
 * animates, `…-appear-start` and `…-appear-active`.
 */
async function motionClassesOfUserMenu(page: Page): Promise<string[]> {
  await page.evaluate(() => {
    const seen: string[] = [];
    (window as unknown as { motionSeen: string[] }).motionSeen = seen;
    const record = (node: Node) => {
      if (!(node instanceof Element)) return;
      for (const name of node.classList) if (/-(appear|enter)(-|$)/.test(name)) seen.push(name);
    };
    new MutationObserver((mutations) => {
      for (const mutation of mutations) {
        record(mutation.target);
        for (const node of mutation.addedNodes) {
          record(node);
          if (node instanceof Element) node.querySelectorAll('*').forEach(record);
        }
      }
    }).observe(document.body, {
      subtree: true,
      childList: true,
      attributes: true,
      attributeFilter: ['class'],
    });
  });
  await page.hover('[data-testid=user-menu]');
  await page.locator('.ant-dropdown:not(.ant-dropdown-hidden) .ant-dropdown-menu').waitFor();
  // Longer than antd's popup animations (0.2 s), so that every class they set was seen.
  await page.waitForTimeout(600);
  return page.evaluate(() => (window as unknown as { motionSeen: string[] }).motionSeen);
}

describe('motion and the user’s preference for reduced motion', () => {
  const server = useE2eServer();

  for (const [preference, animated] of [
    ['no-preference', true],
    ['reduce', false],
  ] as const) {
    it(`${animated ? 'animates' : 'does not animate'} popups when the user prefers ${preference}`, async () => {
      const browser = await launchBrowser({ reducedMotion: preference });
      try {
        const page = await browser.context.newPage();
        await signIn(page, server.url);
        await page.locator('[data-testid=user-menu]').waitFor();
        const classes = await motionClassesOfUserMenu(page);
        // rc-motion prepares every popup, but runs the animation (`…-appear-active`) only with motion.
        const running = classes.filter((name) => name.endsWith('-appear-active'));
        if (animated) expect(running).not.toEqual([]);
        else expect(running).toEqual([]);
      } finally {
        await browser.close();
      }
    }, 60_000);
  }
});
