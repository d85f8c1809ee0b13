import { useInfiniteQuery } from '@tanstack/react-query';
import { queryRecords, type RecordsQuery } from './app-api';

/**
 * Keyset pages of one object's records as one growing list: the first page asks for the exact
 * count, each next page starts at the previous page's cursor.
 */
export function useRecordPages(object: string | undefined, query: RecordsQuery, enabled = true) {
  const result = useInfiniteQuery({
    queryKey: ['records', object, query],
    enabled: enabled && object !== undefined,
    initialPageParam: undefined as string | undefined,
    queryFn: async ({ pageParam }) => {
      const page = await queryRecords(object as string, {
        ...query,
        ...(pageParam === undefined ? { count: 'exact' as const } : { cursor: pageParam }),
      });
      // The benchmark measures from here (data in hand) to the frame that shows it.
      performance.mark(`tangram:records-data:${object}`);
      return page;
    },
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const pages = result.data?.pages ?? [];
  return {
    records: pages.flatMap((p) => p.records),
    count: pages[0]?.count,
    hasMore: result.hasNextPage,
    loadMore: () => {
      if (!result.isFetchingNextPage) void result.fetchNextPage();
    },
    loading: result.isLoading || result.isFetchingNextPage,
    refetch: result.refetch,
    error: result.error,
  };
}
