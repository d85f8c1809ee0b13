import { readFileSync } from 'node:fs';
import type { Database } from '@tangram/db';
import { openTestDatabase, testBackends } from '@tangram/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type App, createApp } from './create-app.js';
import {
  addMember,
  publishDocs,
  type SignedInServer,
  signedIn,
  TEST_ADMIN,
} from './test-session.js';

const BOOT_TIMEOUT = 120_000;
const RECORDS = '/api/v1/objects/payment/records';
// An Alipay export as it comes, GBK with a 24-line preamble (see shared/data/SOURCES.md).
const ALIPAY = new URL(
  '../../../../shared/data/messy-csv/cn-exports/alipay-records.gbk.csv',
  import.meta.url,
);

const payment = {
  kind: 'object',
  schemaVersion: 1,
  name: 'payment',
  label: { en: 'Payment', 'zh-CN': '收支' },
  nameField: 'traded_at',
  fields: [
    { name: 'traded_at', type: 'text', label: { en: 'Traded at', 'zh-CN': '交易时间' } },
    { name: 'counterparty', type: 'text', label: { en: 'Counterparty', 'zh-CN': '交易对方' } },
    { name: 'direction', type: 'text', label: { en: 'Direction', 'zh-CN': '收/支' } },
    {
      name: 'amount',
      type: 'number',
      precision: 12,
      scale: 2,
      label: { en: 'Amount', 'zh-CN': '金额' },
    },
    { name: 'status', type: 'text', label: { en: 'Status', 'zh-CN': '交易状态' } },
    { name: 'checked', type: 'boolean', label: { en: 'Checked', 'zh-CN': '已核对' } },
    { name: 'note', type: 'text', label: { en: 'Note', 'zh-CN': '备注' } },
    // Read-only for both roles below; the Alipay export has no such column.
    { name: 'approved_by', type: 'text', label: { en: 'Approved by', 'zh-CN': '审批人' } },
  ],
};

function role(name: string, grants: object) {
  return {
    kind: 'role',
    schemaVersion: 1,
    name,
    label: { en: name },
    objects: {
      payment: {
        read: true,
        create: true,
        update: true,
        scope: 'own',
        fields: { approved_by: 'read' },
        ...grants,
      },
    },
  };
}

describe.each(testBackends())('record import on $name', (backend) => {
  let db: Database;
  let app: App;
  let importer: SignedInServer;
  let creator: SignedInServer;
  let importerId: string;

  const importCsv = (as: SignedInServer, body: string | Buffer, query = '') =>
    as.inject({
      method: 'POST',
      url: `${RECORDS}/import.csv${query}`,
      headers: { 'content-type': 'text/csv' },
      payload: body,
    });

  async function countOf(as: SignedInServer): Promise<number> {
    const page = await as.inject({
      method: 'POST',
      url: `${RECORDS}/query`,
      payload: { limit: 200, count: 'exact' },
    });
    return page.json().count.value;
  }

  beforeAll(async () => {
    db = await openTestDatabase(backend, { migrate: false });
    app = await createApp({ db, admin: TEST_ADMIN });
    const admin = await signedIn(app);
    await publishDocs(admin, [
      payment,
      role('payment_importer', { import: true }),
      role('payment_creator', {}),
    ]);
    const imp = await addMember(app, admin, 'importer', ['payment_importer']);
    importer = imp.server;
    importerId = imp.id;
    creator = (await addMember(app, admin, 'creator', ['payment_creator'])).server;
  }, BOOT_TIMEOUT);

  afterAll(async () => {
    await app.server.close();
    await db.close();
  });

  it('imports a GBK Alipay export by column labels, skipping its preamble', async () => {
    const response = await importCsv(importer, readFileSync(ALIPAY), '?headerRow=25');
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body).toMatchObject({ created: 10, failed: 0 });
    expect(body.ignoredColumns).toEqual([
      '交易分类',
      '对方账号',
      '商品说明',
      '收/付款方式',
      '交易订单号',
      '商家订单号',
    ]);
    expect(body.results.map((r: { line: number }) => r.line)).toEqual([
      26, 27, 28, 29, 30, 31, 32, 33, 34, 35,
    ]);
    const fund = body.results[3].record;
    expect(fund).toMatchObject({
      traded_at: '2023-02-02 15:24:35',
      counterparty: '蚂蚁财富-蚂蚁（杭州）基金销售有限公司',
      direction: '不计收支',
      owner_id: importerId,
    });
    const stored = (await importer.inject(`${RECORDS}/${fund.id}`)).json();
    expect(stored).toMatchObject({
      counterparty: '蚂蚁财富-蚂蚁（杭州）基金销售有限公司',
      amount: 99.34,
      status: '交易成功',
    });
    expect(await countOf(importer)).toBe(10);
  });

  it('answers per row: good rows are created, a bad row says why and where', async () => {
    const csv =
      '\uFEFFtraded_at,Amount,已核对\r\n2024-01-01,"1,234.50",是\r\n2024-01-02,lots,否\r\n,,\r\n';
    const response = await importCsv(importer, csv);
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body).toMatchObject({ created: 1, failed: 1, ignoredColumns: [] });
    expect(body.results[0]).toMatchObject({
      status: 201,
      line: 2,
      record: { checked: true },
    });
    const saved = await importer.inject(`${RECORDS}/${body.results[0].record.id}`);
    expect(saved.json()).toMatchObject({ traded_at: '2024-01-01', amount: 1234.5, checked: true });
    expect(body.results[1]).toMatchObject({ status: 422, line: 3 });
    expect(body.results).toHaveLength(2);
    expect(await countOf(importer)).toBe(11);
  });

  it('needs the import permission, and edit access to every column', async () => {
    const before = await countOf(creator);
    const denied = await importCsv(creator, 'traded_at\n2024-02-01\n');
    expect(denied.statusCode).toBe(403);
    expect(denied.json().error).toMatchObject({
      code: 'PERMISSION_DENIED',
      details: { object: 'payment', action: 'import' },
    });
    // Even a file without rows is refused.
    expect((await importCsv(creator, 'traded_at\n')).statusCode).toBe(403);
    expect(await countOf(creator)).toBe(before);
    const readOnly = await importCsv(importer, 'traded_at,审批人\n2024-02-01,mine\n');
    expect(readOnly.statusCode).toBe(403);
    expect(await countOf(importer)).toBe(11);
  });

  it('refuses a file naming a read-only field in its header even when every cell is empty', async () => {
    const before = await countOf(importer);
    const response = await importCsv(importer, 'traded_at,approved_by\n2024-02-02,\n2024-02-03,\n');
    expect(response.statusCode).toBe(403);
    expect(response.json().error).toMatchObject({
      code: 'PERMISSION_DENIED',
      details: { object: 'payment', fields: ['approved_by'], reason: 'not editable' },
    });
    expect(await countOf(importer)).toBe(before);
  });

  it('refuses the whole file when a read-only field is set only after the first 1,000 rows', async () => {
    const before = await countOf(importer);
    const rows = ['traded_at,审批人'];
    for (let i = 0; i < 1000; i += 1)
      rows.push(`2024-04-${String((i % 28) + 1).padStart(2, '0')},`);
    rows.push('2024-05-01,mine');
    const response = await importCsv(importer, rows.join('\n'));
    expect(response.statusCode).toBe(403);
    expect(response.json().error.details).toMatchObject({ fields: ['approved_by'] });
    expect(await countOf(importer)).toBe(before);
  }, 60_000);

  it('answers a cell whose exponent no number field can hold with its row’s issue', async () => {
    const response = await importCsv(importer, 'traded_at,amount\n2024-06-01,1e999999999\n');
    expect(response.statusCode).toBe(200);
    expect(response.json().results[0]).toMatchObject({
      status: 422,
      error: { details: { issues: [{ field: 'amount', code: 'PRECISION' }] } },
    });
  });

  it('refuses a file that is not in the encoding it claims, or names no field', async () => {
    const wrong = await importCsv(importer, readFileSync(ALIPAY), '?headerRow=25&encoding=utf-8');
    expect(wrong.statusCode).toBe(400);
    expect((await importCsv(importer, 'nothing,here\n1,2\n')).statusCode).toBe(400);
    expect((await importCsv(importer, 'traded_at,交易时间\n1,2\n')).statusCode).toBe(400);
  });

  it('refuses a row whose cell holds a NUL byte, and creates the others', async () => {
    const before = await countOf(importer);
    const csv = Buffer.from(
      'traded_at,交易对方\n2024-03-01,ok\n2024-03-02,bad\u0000byte\n',
      'utf8',
    );
    const response = await importCsv(importer, csv, '?encoding=utf-8');
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body).toMatchObject({ created: 1, failed: 1 });
    expect(body.results[1]).toMatchObject({
      status: 422,
      line: 3,
      error: { details: { issues: [{ field: 'counterparty', code: 'UNSUPPORTED_CHARACTER' }] } },
    });
    expect(await countOf(importer)).toBe(before + 1);
  });

  it('audits every import', async () => {
    const rows = await db.kysely
      .selectFrom('audit_log')
      .select(['actor_id', 'details', 'target'])
      .where('action', '=', 'record.imported')
      .execute();
    const mine = rows.filter((row) => row.actor_id === importerId);
    expect(mine.map((row) => row.details)).toEqual(
      expect.arrayContaining([
        { rows: 10, created: 10, failed: 0 },
        { rows: 2, created: 1, failed: 1 },
      ]),
    );
  });
});
