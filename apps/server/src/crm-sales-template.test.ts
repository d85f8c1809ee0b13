import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Database } from '@tangram/db';
import { openTestDatabase, testBackends } from '@tangram/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type App, createApp } from './create-app.js';
import { type SignedInServer, signedIn } from './test-session.js';

const TEMPLATE_DIR = fileURLToPath(new URL('../../../examples/crm-sales/', import.meta.url));
const SEED_DIR = `${TEMPLATE_DIR}seed/`;

/** Record count per object in the template's seed files, read independently of the installer. */
function seedCounts(): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const file of readdirSync(SEED_DIR).filter((f) => f.endsWith('.json'))) {
    const seed = JSON.parse(readFileSync(`${SEED_DIR}${file}`, 'utf8')) as {
      object: string;
      records: unknown[];
    };
    counts[seed.object] = (counts[seed.object] ?? 0) + seed.records.length;
  }
  return counts;
}

describe.each(testBackends())('the sales CRM template installed on $name', (backend) => {
  let db: Database;
  let app: App;
  let api: SignedInServer;

  beforeAll(async () => {
    db = await openTestDatabase(backend, { migrate: false });
    app = await createApp({ db, templateDir: TEMPLATE_DIR });
    api = await signedIn(app);
  }, 180_000);

  afterAll(async () => {
    await app?.server.close();
    await db?.close();
  });

  it('creates every seed record through the record service', async () => {
    const expected = seedCounts();
    const total = Object.values(expected).reduce((sum, n) => sum + n, 0);
    expect(app.seed).toEqual({ created: total, existing: 0 });
    for (const [object, count] of Object.entries(expected)) {
      const response = await api.inject(`/api/v1/objects/${object}/records?count=exact&limit=1`);
      expect([object, response.json().count.value]).toEqual([object, count]);
    }
  });

  it('computes the contract paid amount from confirmed payments and the unpaid formula', async () => {
    const page = (
      await api.inject(
        '/api/v1/objects/contract/records?fields=contract_no,amount,paid_amount,unpaid_amount&limit=200',
      )
    ).json();
    const payments = (
      await api.inject('/api/v1/objects/payment/records?fields=contract,amount,status&limit=200')
    ).json().records as Array<{ contract: string; amount: number; status: string }>;
    for (const contract of page.records) {
      const paid = payments
        .filter((p) => p.contract === contract.id && p.status === 'confirmed')
        .reduce((sum, p) => sum + Number(p.amount), 0);
      expect(Number(contract.paid_amount ?? 0)).toBeCloseTo(paid, 2);
      expect(Number(contract.unpaid_amount)).toBeCloseTo(Number(contract.amount) - paid, 2);
      expect(contract.contract_no).toMatch(/^HT-\d{4}-\d{4}$/);
    }
  });

  it('filters opportunities through the account lookup', async () => {
    const filter = {
      kind: 'condition',
      field: 'account.industry',
      op: 'eq',
      value: 'manufacturing',
    };
    const url = `/api/v1/objects/opportunity/records?fields=account&limit=200&filter=${encodeURIComponent(JSON.stringify(filter))}`;
    const opportunities = (await api.inject(url)).json().records as Array<{
      account: string;
    }>;
    const accounts = (
      await api.inject('/api/v1/objects/account/records?fields=industry&limit=200')
    ).json().records as Array<{ id: string; industry: string }>;
    const manufacturing = new Set(
      accounts.filter((a) => a.industry === 'manufacturing').map((a) => a.id),
    );
    expect(opportunities.length).toBeGreaterThan(0);
    for (const opportunity of opportunities)
      expect(manufacturing.has(opportunity.account)).toBe(true);
  });
});
