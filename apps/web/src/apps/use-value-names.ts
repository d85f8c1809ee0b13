import type { ObjectDoc } from '@tangram/schema';
import type { RecordRow, ValueNames } from '@tangram/ui';
import { useQueries, useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { regionPath } from './app-api';
import { widgetServices } from './widget-services';

/**
 * Names for values the records API holds as codes and ids: people of user fields, and the
 * province/city/district path of region codes on the records shown (each code read once).
 */
export function useValueNames(
  object: ObjectDoc | undefined,
  records: readonly RecordRow[],
): ValueNames {
  const users = useQuery({
    queryKey: ['users'],
    queryFn: () => widgetServices.listUsers(),
    staleTime: 300_000,
  });
  const regionFields = (object?.fields ?? []).filter((f) => f.type === 'region').map((f) => f.name);
  const codes = [
    ...new Set(
      records.flatMap((r) =>
        regionFields.map((name) => r[name]).filter((v): v is string => typeof v === 'string'),
      ),
    ),
  ];
  const paths = useQueries({
    queries: codes.map((code) => ({
      queryKey: ['region', code],
      queryFn: () => regionPath(code),
      staleTime: Number.POSITIVE_INFINITY,
    })),
  });
  const regionKey = paths.map((p) => p.data?.join('') ?? '').join('|');
  // biome-ignore lint/correctness/useExhaustiveDependencies: regionKey stands for the loaded paths.
  return useMemo(() => {
    const people = new Map((users.data ?? []).map((u) => [u.id, u.name]));
    const regions = new Map(
      codes.flatMap((code, i) => (paths[i]?.data ? [[code, paths[i].data.join(' / ')]] : [])),
    );
    return { user: (id) => people.get(id), region: (code) => regions.get(code) };
  }, [users.data, regionKey]);
}
