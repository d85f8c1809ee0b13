import { describe, expect, it } from 'vitest';
import { csvCell } from './audit-routes.js';

describe('csvCell', () => {
  it('quotes text and doubles inner quotes', () => {
    expect(csvCell('say "hi", then go')).toBe('"say ""hi"", then go"');
  });

  it('neutralises text a spreadsheet would run as a formula', () => {
    for (const formula of ['=1+1', '+SUM(A1)', '-2', '@cmd']) {
      expect(csvCell(formula).startsWith(`"'`)).toBe(true);
    }
  });

  it('writes objects as JSON and empties as an empty cell', () => {
    expect(csvCell({ email: 'a@b.c' })).toBe('"{""email"":""a@b.c""}"');
    expect(csvCell(null)).toBe('""');
  });
});
