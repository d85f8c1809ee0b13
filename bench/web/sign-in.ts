import type { Page } from 'playwright-core';

/** Signs a page in through the web app's sign-in page. */
export async function signInPage(
  page: Page,
  base: string,
  admin: { email: string; password: string },
) {
  await page.goto(base);
  await page.fill('input[autocomplete=username]', admin.email);
  await page.fill('input[type=password]', admin.password);
  await page.click('button[type=submit]');
  await page.waitForURL(/\/designer/);
}
