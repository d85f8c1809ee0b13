/** The tokens of an autonumber pattern: date parts and one counter written as a run of zeros. */
const TOKEN = /\{(YYYY|YY|MM|DD|0+)\}/g;

/**
 * The counter period of a pattern on a date: the date tokens it uses (`HT-{YYYY}-{0000}` counts
 * per year, `{YYYY}{MM}-{000}` per month), '' for a counter that never restarts.
 */
export function autonumberPeriod(pattern: string, today: string): string {
  const [year = '', month = '', day = ''] = today.split('-');
  const parts: string[] = [];
  if (pattern.includes('{YYYY}') || pattern.includes('{YY}')) parts.push(year);
  if (pattern.includes('{MM}')) parts.push(month);
  if (pattern.includes('{DD}')) parts.push(day);
  return parts.join('-');
}

/** The text of an autonumber: the pattern with the date (YYYY-MM-DD) and the padded counter. */
export function formatAutonumber(pattern: string, today: string, counter: number): string {
  const [year = '', month = '', day = ''] = today.split('-');
  return pattern.replace(TOKEN, (_, token: string) => {
    switch (token) {
      case 'YYYY':
        return year;
      case 'YY':
        return year.slice(-2);
      case 'MM':
        return month;
      case 'DD':
        return day;
      default:
        return String(counter).padStart(token.length, '0');
    }
  });
}
