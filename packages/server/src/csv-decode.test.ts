import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodeCsv } from './csv-decode.js';

const CN = new URL('../../../../shared/data/messy-csv/cn-exports/', import.meta.url);
const read = (name: string) => new Uint8Array(readFileSync(new URL(name, CN)));

describe('decodeCsv', () => {
  it('reads an Alipay export saved as GBK, by name and when guessing', () => {
    const bytes = read('alipay-records.gbk.csv');
    for (const text of [decodeCsv(bytes, 'gbk'), decodeCsv(bytes)]) {
      expect(text).toContain('交易时间');
      expect(text).toContain('蚂蚁财富-蚂蚁（杭州）基金销售有限公司');
      expect(text).not.toContain('\ufffd');
    }
  });

  it('refuses GBK bytes declared as UTF-8', () => {
    expect(() => decodeCsv(read('alipay-records.gbk.csv'), 'utf-8')).toThrow(
      expect.objectContaining({ code: 'BAD_REQUEST' }),
    );
  });

  it('drops the byte-order mark of a UTF-8 export', () => {
    const bytes = read('jd-records.utf8bom.csv');
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(decodeCsv(bytes).charCodeAt(0)).not.toBe(0xfeff);
  });
});
