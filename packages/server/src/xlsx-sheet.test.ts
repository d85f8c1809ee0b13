import { crc32 } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { xlsxSheet } from './xlsx-sheet.js';

/** The entries of a stored ZIP, read from its local headers, each CRC checked. */
function entries(zip: Buffer): Map<string, string> {
  const found = new Map<string, string>();
  let at = 0;
  while (zip.readUInt32LE(at) === 0x04034b50) {
    const crc = zip.readUInt32LE(at + 14);
    const size = zip.readUInt32LE(at + 18);
    const nameLength = zip.readUInt16LE(at + 26);
    const name = zip.subarray(at + 30, at + 30 + nameLength).toString('utf8');
    const data = zip.subarray(at + 30 + nameLength, at + 30 + nameLength + size);
    expect([name, crc32(data)]).toEqual([name, crc]);
    found.set(name, data.toString('utf8'));
    at += 30 + nameLength + size;
  }
  expect(zip.readUInt32LE(zip.length - 22)).toBe(0x06054b50);
  return found;
}

describe('xlsxSheet', () => {
  it('packs a workbook with one sheet whose cells hold the rows', () => {
    const zip = xlsxSheet('Audit', [
      ['action', 'count'],
      ['auth.login', 3],
    ]);
    const files = entries(zip);
    expect([...files.keys()].sort()).toEqual([
      '[Content_Types].xml',
      '_rels/.rels',
      'xl/_rels/workbook.xml.rels',
      'xl/workbook.xml',
      'xl/worksheets/sheet1.xml',
    ]);
    const sheet = files.get('xl/worksheets/sheet1.xml') ?? '';
    expect(sheet).toContain(
      '<c r="A2" t="inlineStr"><is><t xml:space="preserve">auth.login</t></is></c>',
    );
    expect(sheet).toContain('<c r="B2"><v>3</v></c>');
  });

  it('escapes markup and keeps Chinese text and formula-like text as plain strings', () => {
    const sheet = entries(xlsxSheet('审计', [['<b>&"x"', '=HYPERLINK("x")', '张三']])).get(
      'xl/worksheets/sheet1.xml',
    );
    expect(sheet).toContain('&lt;b&gt;&amp;&quot;x&quot;');
    expect(sheet).toContain('t="inlineStr"><is><t xml:space="preserve">=HYPERLINK(&quot;x&quot;)');
    expect(sheet).not.toContain('<f>');
    expect(sheet).toContain('张三');
  });
});
