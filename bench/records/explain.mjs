#!/usr/bin/env node
// Prints the PostgreSQL plans of the records queries the storage benchmark measures, as the record
// store compiles them, on a database a previous run kept:
//   node bench/records/run.mjs --scale medium --keep --no-api   # prints the kept database URL
//   node bench/records/explain.mjs --database-url <that URL>
// The statement is captured from the `pg` client while the store runs the plan, then explained
// with the same bound values (EXPLAIN (ANALYZE, BUFFERS), JIT off as in the runtime). Then each
// query is timed three ways, alternating, 41 runs after 3 warm-ups: through the store (plan
// compiled, run, rows decoded: what the benchmark reports), the captured SQL alone, and native,
// which splits a records/native ratio into the store's JavaScript and the server's work.
import { createRequire } from 'node:module';
import { parseArgs } from 'node:util';
import { createDatabase } from '../../packages/db/dist/index.js';
import { INDUSTRIES, STAGES, tenantIdSql } from './dataset.mjs';
import { summarize, timed } from './measure.mjs';
import {
  nativeIndustryPage,
  nativeStagePage,
  nativeStageRowAt,
  PAGE_SIZE,
  recordsIndustryPage,
  recordsStagePage,
} from './queries.mjs';

const requireFromDb = createRequire(new URL('../../packages/db/package.json', import.meta.url));
const pg = requireFromDb('pg');

const { values: args } = parseArgs({ options: { 'database-url': { type: 'string' } } });
if (args['database-url'] === undefined) throw new Error('--database-url is required');

// Records every statement sent through any pg client of this process.
const sent = [];
const query = pg.Client.prototype.query;
pg.Client.prototype.query = function capture(config, values, ...rest) {
  if (typeof config === 'string') sent.push({ text: config, values: values ?? [] });
  else if (config?.text) sent.push({ text: config.text, values: config.values ?? values ?? [] });
  return query.call(this, config, values, ...rest);
};

const db = await createDatabase({ databaseUrl: args['database-url'], pool: { max: 1 } });
try {
  const [{ id: tenantId }] = (
    await db.kysely.executeQuery({
      sql: `SELECT ${tenantIdSql(1)}::text AS id`,
      parameters: [],
      query: { kind: 'RawNode' },
    })
  ).rows;
  const raw = async (text, parameters) =>
    (await db.kysely.executeQuery({ sql: text, parameters, query: { kind: 'RawNode' } })).rows;
  const cursorQuery = nativeStageRowAt(tenantId, STAGES[0], 199 * PAGE_SIZE);
  const [cursorRow] = await raw(cursorQuery.text, cursorQuery.params);
  const cursor = { amount: String(cursorRow.amount), id: String(cursorRow.id) };
  const queries = {
    [`stage = ${STAGES[4]}, amount desc`]: [
      recordsStagePage(db, tenantId, STAGES[4]),
      nativeStagePage(tenantId, STAGES[4]),
    ],
    [`stage = ${STAGES[0]}, keyset page 200`]: [
      recordsStagePage(db, tenantId, STAGES[0], cursor),
      nativeStagePage(tenantId, STAGES[0], cursor),
    ],
    [`account.industry = ${INDUSTRIES[2]}, amount desc`]: [
      recordsIndustryPage(db, tenantId, INDUSTRIES[2]),
      nativeIndustryPage(tenantId, INDUSTRIES[2]),
    ],
  };
  for (const [name, [{ run }, native]] of Object.entries(queries)) {
    sent.length = 0;
    await run();
    const statement = sent.find((s) => /^\s*select/i.test(s.text));
    if (!statement) throw new Error(`no SELECT captured for ${name}`);
    const plan = await raw(
      `EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) ${statement.text}`,
      statement.values,
    );
    console.log(`── ${name}\n${statement.text}\n`);
    console.log(plan.map((row) => row['QUERY PLAN']).join('\n'));
    const ways = {
      store: run,
      'compiled SQL': () => raw(statement.text, statement.values),
      native: () => raw(native.text, native.params),
    };
    const durations = Object.fromEntries(Object.keys(ways).map((way) => [way, []]));
    for (let round = 0; round < 44; round++) {
      const order = Object.keys(ways);
      if (round % 2 === 1) order.reverse();
      for (const way of order) {
        const { ms } = await timed(ways[way]);
        if (round >= 3) durations[way].push(ms);
      }
    }
    for (const [way, values] of Object.entries(durations)) {
      const { medianMs, p95Ms } = summarize(values);
      console.log(`${way.padEnd(14)} median ${medianMs.toFixed(2)} ms  p95 ${p95Ms.toFixed(2)} ms`);
    }
    console.log();
  }
} finally {
  await db.close();
}
