import { BAD_REQUEST } from '@tangram/errors';

const REVISION = /^(?:W\/)?"?(0|[1-9][0-9]{0,9})"?$/;

/** The largest version or revision: they are PostgreSQL integers. */
export const MAX_VERSION = 2_147_483_647;

/** The entity tag of a document head: its revision, quoted as HTTP wants it. */
export function formatEtag(revision: number): string {
  return `"${revision}"`;
}

/** Reads the revision out of an If-Match header (`"3"`, `3` or `W/"3"`); undefined when absent. */
export function parseIfMatch(header: string | string[] | undefined): number | undefined {
  if (header === undefined) return undefined;
  const value = Array.isArray(header) ? header.join(',') : header;
  const match = REVISION.exec(value.trim());
  if (!match?.[1] || Number(match[1]) > MAX_VERSION) {
    throw BAD_REQUEST({ header: 'if-match', reason: 'expected the quoted revision, e.g. "3"' });
  }
  return Number(match[1]);
}
