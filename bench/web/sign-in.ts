import { type Page, signIn } from '../../apps/web/src/e2e/e2e-harness.js';

/** Signs a page in as the e2e administrator (kept for the apps benchmark; see signIn). */
export async function signInPage(page: Page, base: string, _admin?: unknown): Promise<void> {
  await signIn(page, base);
}
