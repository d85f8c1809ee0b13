import { BAD_REQUEST } from '@tangram/errors';

/** Encodings an uploaded CSV may be in; `auto` takes UTF-8 when the bytes are valid UTF-8, else GBK. */
export const CSV_ENCODINGS = ['auto', 'utf-8', 'gbk'] as const;

/** One of CSV_ENCODINGS. */
export type CsvEncoding = (typeof CSV_ENCODINGS)[number];

/**
 * The text of CSV bytes without a byte-order mark. Excel in China saves CSV as GBK; `gbk` is
 * decoded as GB 18030, its superset. Bytes that are not valid UTF-8 when `utf-8` is named are a
 * BAD_REQUEST, never replacement characters in the records.
 */
export function decodeCsv(bytes: Uint8Array, encoding: CsvEncoding = 'auto'): string {
  const utf8 = (): string | undefined => {
    try {
      return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
    } catch {
      return undefined;
    }
  };
  if (encoding !== 'gbk') {
    const text = utf8();
    if (text !== undefined) return text;
    if (encoding === 'utf-8') {
      throw BAD_REQUEST({ parameter: 'encoding', reason: 'the file is not valid UTF-8' });
    }
  }
  return new TextDecoder('gb18030').decode(bytes);
}
