import type { AppDoc, ViewDoc } from '@tangram/schema';
import { formatValue, localize } from '@tangram/ui';
import { useQueries, useQuery } from '@tanstack/react-query';
import { Card, Col, Empty, List, Row, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { useSession } from '../auth/session-store';
import { queryRecords, recentRecords } from './app-api';
import { useAppViews, useObjectDocs } from './app-queries';

/**
 * The app's home: the records the user changed last across the app's objects, and what is
 * coming up in the next seven days on the app's calendar views (follow-ups, tasks).
 */
export function HomePage(props: { readonly app: AppDoc; readonly basePath: string }) {
  const { app, basePath } = props;
  const { t, i18n } = useTranslation('apps');
  const locale = i18n.language;
  const navigate = useNavigate();
  const me = useSession((s) => s.user);
  const docs = useObjectDocs(app.objects ?? []);
  const calendars = useAppViews(app).filter(
    (v): v is ViewDoc & { calendar: NonNullable<ViewDoc['calendar']> } =>
      v.type === 'calendar' && v.calendar !== undefined,
  );
  // From the audit log on the server: one index walk, whatever the size of the objects.
  const appObjects = app.objects ?? [];
  const recent = useQuery({
    queryKey: ['records', 'recent', me?.id, appObjects],
    queryFn: () => recentRecords(appObjects),
    enabled: appObjects.length > 0,
  });
  const recentRows = (recent.data ?? []).flatMap((item) => {
    const object = docs[item.object];
    return object === undefined ? [] : [{ object, item }];
  });

  const upcoming = useQueries({
    queries: calendars.map((view) => ({
      queryKey: ['records', view.object, 'upcoming', view.name],
      queryFn: () =>
        queryRecords(view.object, {
          filter: {
            kind: 'and' as const,
            children: [
              ...(view.filter ? [view.filter] : []),
              {
                kind: 'condition' as const,
                field: view.calendar.dateField,
                op: 'in_next' as const,
                value: { unit: 'day', amount: 7 },
              },
            ],
          },
          sort: [{ field: view.calendar.dateField, direction: 'asc' }],
          limit: 10,
        }),
    })),
  });
  const tasks = upcoming.flatMap((result, index) => {
    const view = calendars[index];
    const object = view ? docs[view.object] : undefined;
    return view && object
      ? (result.data?.records ?? []).map((record) => ({ view, object, record }))
      : [];
  });

  return (
    <Row gutter={[12, 12]} data-testid="home-page">
      <Col xs={24} md={12}>
        <Card title={t('recentRecords')} size="small" data-testid="home-recent">
          {recentRows.length === 0 ? (
            <Empty description={t('nothingRecent')} />
          ) : (
            <List
              size="small"
              dataSource={recentRows}
              renderItem={({ object, item }) => {
                return (
                  <List.Item
                    onClick={() => navigate(`${basePath}/o/${object.name}/${item.id}`)}
                    style={{ cursor: 'pointer', minHeight: 44 }}
                  >
                    <Typography.Link>{item.name ?? item.id}</Typography.Link>
                    <Typography.Text type="secondary">
                      {localize(object.label, locale, object.name)}
                    </Typography.Text>
                  </List.Item>
                );
              }}
            />
          )}
        </Card>
      </Col>
      <Col xs={24} md={12}>
        <Card title={t('upcoming')} size="small">
          {tasks.length === 0 ? (
            <Empty description={t('nothingUpcoming')} />
          ) : (
            <List
              size="small"
              dataSource={tasks}
              renderItem={({ view, object, record }) => {
                const title = object.fields.find((f) => f.name === view.calendar.titleField);
                const date = object.fields.find((f) => f.name === view.calendar.dateField);
                return (
                  <List.Item
                    onClick={() => navigate(`${basePath}/o/${object.name}/${record.id}`)}
                    style={{ cursor: 'pointer', minHeight: 44 }}
                  >
                    <Typography.Link>
                      {title ? formatValue(title, record, locale) : record.id}
                    </Typography.Link>
                    <Typography.Text type="secondary">
                      {date ? formatValue(date, record, locale) : ''}
                    </Typography.Text>
                  </List.Item>
                );
              }}
            />
          )}
        </Card>
      </Col>
    </Row>
  );
}
