import { localize } from '@tangram/ui';
import { useQuery } from '@tanstack/react-query';
import { Card, List, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { api } from '../api/api-client';

/**
 * The end-user area under /apps/*: the entry point the end-user apps plug into (they replace
 * this page's body with their own routes). Lists the published apps for now.
 */
export function AppsArea() {
  const { t, i18n } = useTranslation();
  const apps = useQuery({
    queryKey: ['metadata', 'list', 'app'],
    queryFn: () => api.metadata.list({ kind: 'app' }),
  });
  return (
    <Card title={t('apps')}>
      <Typography.Paragraph type="secondary">{t('appsComingSoon')}</Typography.Paragraph>
      <List
        loading={apps.isLoading}
        dataSource={apps.data ?? []}
        renderItem={(app) => (
          <List.Item>
            {localize(app.label as Record<string, string>, i18n.language, app.name)}
          </List.Item>
        )}
      />
    </Card>
  );
}
