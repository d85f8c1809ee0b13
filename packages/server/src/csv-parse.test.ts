import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseCsv } from './csv-parse.js';

// csv-spectrum's cases live in shared/data beside the checkout (see shared/data/SOURCES.md).
const SPECTRUM = new URL('../../../../shared/data/messy-csv/csv-spectrum/', import.meta.url);

function asObjects(rows: string[][]): Record<string, string>[] {
  const [header = [], ...body] = rows;
  return body.map((row) => Object.fromEntries(header.map((name, i) => [name, row[i] ?? ''])));
}

describe('parseCsv', () => {
  const cases = readdirSync(new URL('csvs/', SPECTRUM)).filter((name) => name.endsWith('.csv'));

  it('has the csv-spectrum cases to check against', () => {
    expect(cases.length).toBeGreaterThanOrEqual(11);
  });

  it.each(cases)('reads csv-spectrum %s as its expected JSON says', (name) => {
    const text = readFileSync(new URL(`csvs/${name}`, SPECTRUM), 'utf8');
    const expected = JSON.parse(
      readFileSync(new URL(`json/${name.replace(/\.csv$/, '.json')}`, SPECTRUM), 'utf8'),
    );
    expect(asObjects(parseCsv(text))).toEqual(expected);
  });

  it('ends rows at a lone CR and keeps empty trailing cells', () => {
    expect(parseCsv('a,b,\r1,,\r')).toEqual([
      ['a', 'b', ''],
      ['1', '', ''],
    ]);
    expect(parseCsv('')).toEqual([]);
  });
});
