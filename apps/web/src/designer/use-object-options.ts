import { localize } from '@tangram/ui';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../api/api-client';

/** The tenant's published objects as select options: machine name and label in the UI language. */
export function useObjectOptions(): { value: string; label: string }[] {
  const { i18n } = useTranslation();
  const objects = useQuery({
    queryKey: ['metadata', 'list', 'object'],
    queryFn: () => api.metadata.list({ kind: 'object' }),
  });
  return (objects.data ?? [])
    .filter((object) => object.publishedVersion !== null)
    .map((object) => ({
      value: object.name,
      label: localize(object.label as Record<string, string>, i18n.language, object.name),
    }));
}
