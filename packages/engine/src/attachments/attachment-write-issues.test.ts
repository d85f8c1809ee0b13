import { describe, expect, it } from 'vitest';
import type { OwnUpload } from '../ports/attachment-store.js';
import {
  type AttachmentField,
  attachmentWriteIssues,
  mayListFiles,
  newlyListedIds,
} from './attachment-write-issues.js';

const FILES: AttachmentField = { name: 'files', type: 'attachment', label: { en: 'Files' } };
const SCANS: AttachmentField = { name: 'scans', type: 'attachment', label: { en: 'Scans' } };
const FIELDS = [FILES, SCANS];

const ref = (id: string, size = 10) => ({ id, name: `${id}.txt`, size, contentType: 'text/plain' });

function upload(id: string, listed = false, size = 10): OwnUpload {
  return {
    attachment: {
      tenantId: 't',
      id,
      name: `${id}.txt`,
      contentType: 'text/plain',
      size,
      sha256: '0'.repeat(64),
      createdBy: 'alice',
      createdAt: '2026-03-15T04:00:00.000Z',
    },
    listed,
  };
}

/** The refused ids of each field with an issue, by row: `{ 0: { files: ['b'] } }`. */
function refusedOf(issues: ReturnType<typeof attachmentWriteIssues>) {
  return Object.fromEntries(
    [...issues].map(([index, list]) => [
      index,
      Object.fromEntries(
        list.map((issue) => {
          expect(issue.code).toBe('FILE_NOT_ATTACHABLE');
          expect(issue.path).toBe(`/${issue.field}`);
          return [issue.field, issue.params?.ids];
        }),
      ),
    ]),
  );
}

describe('attachmentWriteIssues', () => {
  it('accepts an upload of the writer that no record lists yet', () => {
    const issues = attachmentWriteIssues(FIELDS, [{ input: { files: [ref('a')] } }], [upload('a')]);
    expect(issues.size).toBe(0);
  });

  it('refuses a file that is not among the writer’s uploads, on its field', () => {
    const issues = attachmentWriteIssues(
      FIELDS,
      [{ input: { files: [ref('a')], scans: [ref('theirs')] } }],
      [upload('a')],
    );
    expect(refusedOf(issues)).toEqual({ 0: { scans: ['theirs'] } });
  });

  it('refuses an upload of the writer that a record lists already', () => {
    const issues = attachmentWriteIssues(
      FIELDS,
      [{ input: { files: [ref('a')] } }],
      [upload('a', true)],
    );
    expect(refusedOf(issues)).toEqual({ 0: { files: ['a'] } });
  });

  it('accepts a listed upload of the writer when told to (a keyed create retried)', () => {
    const issues = attachmentWriteIssues(
      FIELDS,
      [{ input: { files: [ref('a')] } }],
      [upload('a', true)],
      { allowListed: true },
    );
    expect(issues.size).toBe(0);
  });

  it('keeps, reorders and drops the files the field holds, whoever uploaded them', () => {
    const existing = { files: [ref('x'), ref('y'), ref('z')] };
    const issues = attachmentWriteIssues(
      FIELDS,
      [{ input: { files: [ref('z'), ref('x')] }, existing }],
      [],
    );
    expect(issues.size).toBe(0);
  });

  it('refuses a file another field of the same record holds', () => {
    const issues = attachmentWriteIssues(
      FIELDS,
      [{ input: { scans: [ref('x')] }, existing: { files: [ref('x')], scans: null } }],
      [],
    );
    expect(refusedOf(issues)).toEqual({ 0: { scans: ['x'] } });
  });

  it('puts one upload into one field of one row of a write', () => {
    const issues = attachmentWriteIssues(
      FIELDS,
      [{ input: { files: [ref('a')], scans: [ref('a')] } }, { input: { files: [ref('a')] } }],
      [upload('a')],
    );
    expect(refusedOf(issues)).toEqual({ 0: { scans: ['a'] }, 1: { files: ['a'] } });
  });

  it('refuses a reference whose size or type is not the upload’s or the held file’s', () => {
    const issues = attachmentWriteIssues(
      FIELDS,
      [
        { input: { files: [{ ...ref('a'), size: 1 }] } },
        { input: { files: [{ ...ref('b'), contentType: 'image/png' }] } },
        { input: { files: [{ ...ref('x'), size: 1 }] }, existing: { files: [ref('x')] } },
      ],
      [upload('a'), upload('b')],
    );
    expect(refusedOf(issues)).toEqual({
      0: { files: ['a'] },
      1: { files: ['b'] },
      2: { files: ['x'] },
    });
  });

  it('accepts a reference without a content type, which only narrows what `accept` admits', () => {
    const { contentType: _contentType, ...bare } = ref('a');
    const issues = attachmentWriteIssues(FIELDS, [{ input: { files: [bare] } }], [upload('a')]);
    expect(issues.size).toBe(0);
  });

  it('leaves values that are no list of files to the field type', () => {
    const issues = attachmentWriteIssues(
      FIELDS,
      [{ input: { files: 'a.txt' } }, { input: { files: [{ name: 'a' }] } }, { input: null }],
      [],
    );
    expect(issues.size).toBe(0);
  });
});

describe('newlyListedIds', () => {
  it('names the ids a write adds to fields that do not hold them yet', () => {
    const ids = newlyListedIds(FIELDS, [
      { input: { files: [ref('x'), ref('a')], name: 'n' }, existing: { files: [ref('x')] } },
      { input: { scans: [ref('x'), ref('b')] } },
    ]);
    expect(ids.sort()).toEqual(['a', 'b', 'x']);
  });
});

describe('mayListFiles', () => {
  it('tells writes that hold a list of objects from writes that cannot list a file', () => {
    expect(mayListFiles([{ name: 'n', tags: ['a'] }, { files: [] }])).toBe(false);
    expect(mayListFiles([{ name: 'n' }, { files: [ref('a')] }])).toBe(true);
  });
});
