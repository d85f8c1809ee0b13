// The benchmark's printed table and its JSON results.
import { TARGETS } from './storage-bench.mjs';

const ms = (value) => `${value.toFixed(2)} ms`;
const verdict = (ok) => (ok ? 'pass' : 'FAIL');

/** The rows of the storage table: measurement, records, native, ratio, target, verdict. */
export function storageRows(storage) {
  const query = (key, result, target) => [
    result.name,
    `${ms(result.records.medianMs)} (p95 ${ms(result.records.p95Ms)})`,
    `${ms(result.native.medianMs)} (p95 ${ms(result.native.p95Ms)})`,
    `${result.ratio.toFixed(2)}×${result.identical ? '' : ' (results differ!)'}`,
    target,
    verdict(storage.pass[key]),
  ];
  const add = storage.addField;
  // The single-row insert in the form the product sends carries the target (see storage-bench).
  const insertRow = (result, judged) => [
    `${result.name} (${result.inserts} each)`,
    `${result.records.rowsPerSecond} rows/s`,
    `${result.native.rowsPerSecond} rows/s`,
    `${result.ratio.toFixed(2)}×`,
    judged ? `≥ ${TARGETS.insertRate.minRatio}×` : '— (not the form the product sends)',
    judged ? verdict(storage.pass.insertRate) : '—',
  ];
  const prepared = storage.preparedInsertRate ?? null;
  return [
    ['measurement', 'records (median)', 'native (median)', 'ratio', 'target', 'result'],
    query('firstPage', storage.firstPage, `≤ ${TARGETS.firstPage.maxRatio}×`),
    query('deepPage', storage.deepPage, `≤ ${TARGETS.deepPage.maxRatio}×`),
    query('lookupPage', storage.lookupPage, `≤ ${TARGETS.lookupPage.maxRatio}×`),
    insertRow(storage.insertRate, prepared === null),
    ...(prepared === null ? [] : [insertRow(prepared, true)]),
    [
      `${add.name}${add.recordsTableUntouched ? '' : ' (records table changed!)'}`,
      `${ms(add.medianMs)} (p95 ${ms(add.p95Ms)})`,
      '—',
      '—',
      `< ${TARGETS.addField.maxMs} ms`,
      verdict(storage.pass.addField),
    ],
  ];
}

/** `rows` as a Markdown table (also readable in a terminal). */
export function markdownTable(rows) {
  const [head, ...body] = rows;
  const line = (cells) => `| ${cells.join(' | ')} |`;
  return [line(head), line(head.map(() => '---')), ...body.map(line)].join('\n');
}

/** The results without the id lists kept for the equality check. */
export function withoutIds(storage) {
  const strip = ({ recordIds, nativeIds, ...rest }) => rest;
  return {
    ...storage,
    firstPage: strip(storage.firstPage),
    deepPage: strip(storage.deepPage),
    lookupPage: strip(storage.lookupPage),
    preparedInsertRate: storage.preparedInsertRate,
  };
}
