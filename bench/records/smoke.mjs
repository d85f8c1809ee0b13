// The smoke-scale benchmark on an already migrated database, for the test suite: small enough
// to run in seconds, complete enough that the benchmark cannot rot unnoticed.
import { generateDataset } from './dataset.mjs';
import { scales } from './scales.mjs';
import { createSqlExecutor } from './sql-executor.mjs';
import { runStorageBench } from './storage-bench.mjs';

/** Generates the smoke dataset into `db` and runs every storage measurement on it. */
export async function runSmokeBench(db) {
  const sql = createSqlExecutor(db);
  const dataset = await generateDataset(sql, scales.smoke);
  const storage = await runStorageBench(sql, db, scales.smoke);
  return { scale: scales.smoke, dataset, storage };
}
