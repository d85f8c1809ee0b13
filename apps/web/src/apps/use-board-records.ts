import type { ObjectDoc } from '@tangram/schema';
import type { RecordRow } from '@tangram/ui';
import i18next from 'i18next';
import { useEffect, useMemo, useState } from 'react';
import { describeError, fieldLabeller } from '../api/describe-error';
import { updateRecord } from './app-api';
import { useRecordPages } from './use-records';

/** Most cards a board or calendar loads (in pages of 200). */
const MAX_CARDS = 1000;

/** The records of a board or calendar with the saves made on it applied over them. */
export function useBoardRecords(object: ObjectDoc, query: Parameters<typeof useRecordPages>[1]) {
  const pages = useRecordPages(object.name, query);
  const [saved, setSaved] = useState<ReadonlyMap<string, RecordRow>>(new Map());
  useEffect(() => {
    if (pages.hasMore && !pages.loading && pages.records.length < MAX_CARDS) pages.loadMore();
  }, [pages]);
  const records = useMemo(
    () =>
      pages.records.map((r) => {
        // A save made here wins until a fresher read of the record arrives.
        const mine = saved.get(r.id);
        return mine && mine.version > r.version ? mine : r;
      }),
    [pages.records, saved],
  );
  /** Saves a patch with the version read; a refusal rejects with the server's reason. */
  const save = async (record: RecordRow, patch: Record<string, unknown>) => {
    try {
      const next = await updateRecord(object.name, record.id, record.version, patch);
      // The answer names no lookups; keep the names read with the page.
      setSaved((m) =>
        new Map(m).set(record.id, { ...record, ...next, $expanded: record.$expanded } as RecordRow),
      );
    } catch (error) {
      throw new Error(describeError(error, undefined, fieldLabeller(object, i18next.language)));
    }
  };
  return { records, save };
}
