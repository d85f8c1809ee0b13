import { useInfiniteQuery } from '@tanstack/react-query';
import { useCallback, useMemo } from 'react';
import { queryRecords, type RecordsQuery } from './app-api';

/**
 * Keyset pages of one object's records as one growing list: the first page asks for the count,
 * exact below a thousand records and the planner's estimate above (an exact count reads every
 * record the filter selects, on every list shown), each next page starts at the previous page's
 * cursor.
 */
export function useRecordPages(object: string | undefined, query: RecordsQuery, enabled = true) {
  const result = useInfiniteQuery({
    queryKey: ['records', object, query],
    enabled: enabled && object !== undefined,
    initialPageParam: undefined as string | undefined,
    queryFn: async ({ pageParam }) => {
      const page = await queryRecords(object as string, {
        ...query,
        ...(pageParam === undefined ? { count: 'estimate' as const } : { cursor: pageParam }),
      });
      // The benchmark measures from here (data in hand) to the frame that shows it.
      performance.mark(`tangram:records-data:${object}`);
      return page;
    },
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const pages = result.data?.pages;
  // The same list while the pages are the same, so that memoized lists skip re-rendering.
  const records = useMemo(() => (pages ?? []).flatMap((p) => p.records), [pages]);
  const { isFetchingNextPage, fetchNextPage } = result;
  const loadMore = useCallback(() => {
    if (!isFetchingNextPage) void fetchNextPage();
  }, [isFetchingNextPage, fetchNextPage]);
  return {
    records,
    count: pages?.[0]?.count,
    hasMore: result.hasNextPage,
    loadMore,
    loading: result.isLoading || result.isFetchingNextPage,
    refetch: result.refetch,
    error: result.error,
  };
}
