// Writes and checks over the pipeline of `samplePipeline` (testing.ts), for tests of rollup
// maintenance against the memory store and the SQL stores alike.
import type { RecordStore } from '../ports/record-store.js';
import type { RecordContext, RecordService } from './record-service.js';

/** The rollups each team must have, computed from its live deals; keyed by team id. */
export async function expectedPipelineRollups(
  records: RecordService,
  ctx: RecordContext,
  teams: readonly string[],
): Promise<Record<string, Record<string, number>>> {
  const deals = (await records.query(ctx, 'deal', { limit: 200 })).records;
  const sum = (values: number[]) => values.reduce((total, value) => total + value, 0);
  const amounts = (list: typeof deals) =>
    list.flatMap((deal) => (typeof deal.amount === 'number' ? [deal.amount] : []));
  const expected: Record<string, Record<string, number>> = {};
  for (const id of teams) {
    const mine = deals.filter((deal) => deal.team === id);
    const wins = mine.filter((deal) => deal.stage === 'won');
    expected[id] = {
      won_total: sum(amounts(wins)),
      won_count: wins.length,
      open_deals: mine.filter((deal) => deal.stage !== 'won' && deal.stage !== 'lost').length,
      big_total: sum(amounts(mine).filter((amount) => amount >= 1000)),
    };
  }
  return expected;
}

/**
 * Writes deals of two teams through every path that moves a rollup (create, update of the stage,
 * the amount and the team, delete, restore, bulk create, update and delete, a cascade delete),
 * calling `check` with the team ids after each step.
 */
export async function runPipelineWrites(
  records: RecordService,
  ctx: RecordContext,
  check: (teams: readonly string[]) => Promise<void>,
): Promise<void> {
  const team = async (name: string) => (await records.create(ctx, 'team', { name })).id;
  const teams = [await team('A'), await team('B')];
  const [a, b] = teams;
  const deal = (title: string, fields: Record<string, unknown>) =>
    records.create(ctx, 'deal', { title, ...fields });
  const update = (id: string, version: number, patch: Record<string, unknown>) =>
    records.update(ctx, 'deal', id, patch, { ifMatch: version });
  const d1 = await deal('D1', { team: a, stage: 'won', amount: 300 });
  const d2 = await deal('D2', { team: a, stage: 'lost', amount: 2000 });
  const d3 = await deal('D3', { team: a, stage: 'open', amount: 50.25 });
  const d4 = await deal('D4', { team: b, stage: 'won' });
  await deal('D5', { team: b });
  await check(teams);
  await update(d3.id, 1, { stage: 'won' });
  await update(d1.id, 1, { amount: 1500 });
  await update(d4.id, 1, { amount: 10 });
  await check(teams);
  await update(d1.id, 2, { team: b });
  await update(d2.id, 1, { stage: 'open', amount: 999.99 });
  await update(d4.id, 2, { stage: null, amount: null });
  await check(teams);
  await records.remove(ctx, 'deal', d1.id, { ifMatch: 3 });
  await records.remove(ctx, 'deal', d3.id, { ifMatch: 2 });
  await check(teams);
  await records.restore(ctx, 'deal', d1.id);
  await check(teams);
  const created = await records.bulkCreate(ctx, 'deal', [
    { title: 'B1', team: a, stage: 'won', amount: 1000 },
    { title: 'B2', team: b, stage: 'lost', amount: 5 },
    { title: 'B3', team: a, stage: 'won' },
    { title: 'B4', team: b, stage: 'open', amount: 4000 },
  ]);
  await check(teams);
  const [b1 = '', b2 = '', , b4 = ''] = created.map((result) => String(result.record?.id));
  const updated = await records.bulkUpdate(ctx, 'deal', [
    { id: b1, patch: { team: b }, ifMatch: 1 },
    { id: b2, patch: { stage: 'won' }, ifMatch: 1 },
    { id: b4, patch: { amount: 4001 }, ifMatch: 7 },
    { id: b4, patch: { stage: 'won' }, ifMatch: 1 },
  ]);
  if (updated.map((result) => result.ok).join() !== 'true,true,false,true') {
    throw new Error(`unexpected bulk update results: ${JSON.stringify(updated)}`);
  }
  await check(teams);
  await records.bulkRemove(ctx, 'deal', [{ id: b2 }, { id: d2.id }, { id: b4 }]);
  await check(teams);
  const project = await records.create(ctx, 'project', { name: 'P' });
  await records.bulkCreate(ctx, 'deal', [
    { title: 'P1', team: a, stage: 'won', amount: 1200, project: project.id },
    { title: 'P2', team: b, stage: 'open', project: project.id },
  ]);
  await check(teams);
  await records.remove(ctx, 'project', project.id, { ifMatch: 1 });
  await check(teams);
}

/**
 * A record store that counts the calls made through it and through its transactions (and the
 * transactions themselves); `args` keeps the arguments of each call by method.
 */
export function countingRecordStore(store: RecordStore): {
  readonly calls: Map<string, number>;
  readonly args: Map<string, unknown[][]>;
  readonly store: RecordStore;
} {
  const calls = new Map<string, number>();
  const args = new Map<string, unknown[][]>();
  const count = (name: string, called: unknown[] = []) => {
    calls.set(name, (calls.get(name) ?? 0) + 1);
    args.set(name, [...(args.get(name) ?? []), called]);
  };
  const counting = <T extends object>(target: T): T =>
    new Proxy(target, {
      get(object, name, receiver) {
        const member = Reflect.get(object, name, receiver);
        if (typeof name !== 'string' || typeof member !== 'function') return member;
        return (...called: unknown[]) => {
          count(name, called);
          return member.apply(object, called);
        };
      },
    });
  const counted: RecordStore = counting({
    ...store,
    transaction: (work) => store.transaction((tx) => work(counting(tx))),
  });
  return { calls, args, store: counted };
}
