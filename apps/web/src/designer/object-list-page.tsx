import { localize } from '@tangram/ui';
import { useQuery } from '@tanstack/react-query';
import { Button, Card, Table, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api } from '../api/api-client';
import { NewObjectDialog } from './new-object-dialog';

/** The designer's start page: every object of the tenant with its state. */
export function ObjectListPage() {
  const { t, i18n } = useTranslation();
  const objects = useQuery({
    queryKey: ['metadata', 'list', 'object'],
    queryFn: () => api.metadata.list({ kind: 'object' }),
  });
  const [creating, setCreating] = useState(false);
  const taken = new Set((objects.data ?? []).map((o) => o.name));
  return (
    <Card
      title={t('objects')}
      extra={
        <Button type="primary" data-testid="new-object" onClick={() => setCreating(true)}>
          {t('newObject')}
        </Button>
      }
    >
      <NewObjectDialog open={creating} onClose={() => setCreating(false)} taken={taken} />
      <Table
        rowKey="name"
        loading={objects.isLoading}
        dataSource={objects.data ?? []}
        pagination={false}
        columns={[
          {
            title: t('objectLabel'),
            key: 'label',
            render: (_, row) => (
              <Link to={`/designer/objects/${row.name}`}>
                {localize(row.label as Record<string, string>, i18n.language, row.name)}
              </Link>
            ),
          },
          { title: t('machineName'), dataIndex: 'name' },
          {
            title: t('state'),
            key: 'state',
            render: (_, row) => (
              <>
                {row.publishedVersion ? <Tag color="green">v{row.publishedVersion}</Tag> : null}
                {row.hasDraft ? <Tag color="orange">{t('draft')}</Tag> : null}
              </>
            ),
          },
        ]}
      />
    </Card>
  );
}
