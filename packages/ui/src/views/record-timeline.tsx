import type { FieldDef, ObjectDoc } from '@tangram/schema';
import { Button, Empty, Timeline, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { localize } from '../localize.js';
import { formatDate, formatValue, type RecordRow, type ValueNames } from './format-value.js';

/** One timeline entry as the timeline API answers it. */
export type TimelineEntry =
  | {
      readonly kind: 'change';
      readonly action: 'create' | 'update' | 'delete' | 'restore';
      readonly version: number;
      readonly actorId: string;
      readonly at: string;
      readonly changes: Readonly<Record<string, readonly [unknown, unknown]>>;
    }
  | {
      readonly kind: 'record';
      readonly at: string;
      readonly object: string;
      readonly via: string;
      readonly record: RecordRow;
    };

/** What the timeline shows. */
export interface RecordTimelineProps {
  readonly object: ObjectDoc;
  /** Objects of related records in the timeline, by name. */
  readonly objects: Readonly<Record<string, ObjectDoc>>;
  readonly items: readonly TimelineEntry[];
  readonly locale: string;
  readonly hasMore: boolean;
  readonly onLoadMore: () => void;
  readonly onOpen?: (object: string, record: RecordRow) => void;
  readonly names?: ValueNames;
}

const ACTION_KEY = {
  create: 'created',
  update: 'updated',
  delete: 'deleted',
  restore: 'restored',
} as const;

function valueText(
  field: FieldDef | undefined,
  value: unknown,
  locale: string,
  names: ValueNames | undefined,
  empty: string,
) {
  if (value === null || value === undefined || value === '') return empty;
  if (!field) return String(value);
  return formatValue(field, { id: '', version: 0, [field.name]: value }, locale, names) || empty;
}

/**
 * The 360° timeline of a record, newest first: the follow-ups and other records linked to it,
 * and every change of its own fields (from the audit trail) with before → after values.
 */
export function RecordTimeline(props: RecordTimelineProps) {
  const { object, objects, items, locale, names } = props;
  const { t } = useTranslation('views');
  const fields = new Map(object.fields.map((f) => [f.name, f]));
  if (items.length === 0) return <Empty description={t('noTimeline')} />;
  return (
    <div data-testid="record-timeline">
      <Timeline
        items={items.map((item) => {
          const when = formatDate(item.at, locale, true);
          if (item.kind === 'record') {
            const target = objects[item.object];
            const nameField = target?.fields.find((f) => f.name === target.nameField);
            const name = nameField
              ? formatValue(nameField, item.record, locale, names)
              : item.record.id;
            const typeField = target?.fields.find(
              (f) => f.name === 'type' && f.type === 'single_select',
            );
            const type = typeField ? formatValue(typeField, item.record, locale, names) : '';
            return {
              color: 'green',
              children: (
                <div data-testid="timeline-record">
                  <Typography.Link onClick={() => props.onOpen?.(item.object, item.record)}>
                    {t('relatedCreated', {
                      object: localize(target?.label, locale, item.object),
                      name,
                    })}
                  </Typography.Link>
                  {type ? <Typography.Text type="secondary"> · {type}</Typography.Text> : null}
                  <div>
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {when}
                    </Typography.Text>
                  </div>
                </div>
              ),
            };
          }
          const changed = Object.keys(item.changes).filter((name) => fields.has(name));
          const labels = changed.map((name) => localize(fields.get(name)?.label, locale, name));
          return {
            color: item.action === 'delete' ? 'red' : 'blue',
            children: (
              <div data-testid="timeline-change" data-action={item.action}>
                <Typography.Text>
                  {t(ACTION_KEY[item.action], {
                    actor: names?.user?.(item.actorId) ?? item.actorId.slice(0, 12),
                    fields: labels.join(', '),
                  })}
                </Typography.Text>
                {item.action === 'update'
                  ? changed.map((name) => {
                      const [from, to] = item.changes[name] ?? [null, null];
                      const field = fields.get(name);
                      return (
                        <div key={name} style={{ fontSize: 13 }}>
                          <Typography.Text type="secondary">
                            {t('changeLine', {
                              field: localize(field?.label, locale, name),
                              from: valueText(field, from, locale, names, t('empty')),
                              to: valueText(field, to, locale, names, t('empty')),
                            })}
                          </Typography.Text>
                        </div>
                      );
                    })
                  : null}
                <div>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {when}
                  </Typography.Text>
                </div>
              </div>
            ),
          };
        })}
      />
      {props.hasMore ? (
        <Button onClick={props.onLoadMore} style={{ minHeight: 44 }}>
          {t('loadOlder')}
        </Button>
      ) : null}
    </div>
  );
}
