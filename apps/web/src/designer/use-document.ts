import type { MetadataEntry } from '@tangram/client';
import type { MetadataDocument } from '@tangram/schema';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../api/api-client';

/** The query key of one document as the designer edits it (its draft, else its published version). */
export const documentKey = (kind: string, name: string) => ['metadata', 'doc', kind, name] as const;

/** Reads a document's effective state: the draft if there is one, else the published version. */
export function useDocument<D extends MetadataDocument>(kind: string, name: string | undefined) {
  return useQuery({
    queryKey: documentKey(kind, name ?? ''),
    enabled: name !== undefined && name !== '',
    queryFn: () =>
      api.metadata.get(kind, name!, { state: 'effective' }) as Promise<MetadataEntry<D>>,
  });
}

/** Everything cached about metadata becomes stale (after a save, publish or revert). */
export function useInvalidateMetadata() {
  const client = useQueryClient();
  return () => client.invalidateQueries({ queryKey: ['metadata'] });
}

/** Saves a document as a draft, guarded by the revision read (none for a new document). */
export function useSaveDraft() {
  const client = useQueryClient();
  const invalidate = useInvalidateMetadata();
  return useMutation({
    mutationFn: ({ document, revision }: { document: MetadataDocument; revision?: number }) =>
      api.metadata.saveDraft(document, revision === undefined ? {} : { ifMatch: revision }),
    onSuccess: (result, { document }) => {
      // The saved draft is what the server now holds: show it at once, with the revision to send next.
      client.setQueryData<MetadataEntry>(documentKey(result.kind, result.name), (old) => ({
        kind: result.kind,
        name: result.name,
        revision: result.revision,
        state: 'draft',
        version: null,
        publishedVersion: old?.publishedVersion ?? null,
        hasDraft: true,
        document,
      }));
      return invalidate();
    },
  });
}

/** Publishes the drafts of the documents given, with a message. */
export function usePublish() {
  const invalidate = useInvalidateMetadata();
  return useMutation({
    mutationFn: ({
      documents,
      message,
    }: {
      documents: { kind: string; name: string }[];
      message?: string;
    }) => api.metadata.publish({ documents, ...(message ? { message } : {}) }),
    onSuccess: () => invalidate(),
  });
}
