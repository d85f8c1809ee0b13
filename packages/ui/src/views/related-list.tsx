import { PlusOutlined } from '@ant-design/icons';
import type { ObjectDoc } from '@tangram/schema';
import { Button, Card, List, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { localize } from '../localize.js';
import { formatValue, type RecordRow, type ValueNames } from './format-value.js';

/** The child records of one relation on a record page, and a button to add one. */
export interface RelatedListProps {
  readonly object: ObjectDoc;
  /** The relation field of the child pointing at the parent (left out of the lines). */
  readonly via: string;
  readonly records: readonly RecordRow[];
  /** Fields shown under each record's name. */
  readonly fields: readonly string[];
  readonly locale: string;
  readonly total?: number | undefined;
  readonly onOpen: (record: RecordRow) => void;
  readonly onCreate?: () => void;
  readonly names?: ValueNames;
}

/** A card listing related records by name with a few fields, and "New" for inline create. */
export function RelatedList(props: RelatedListProps) {
  const { object, records, locale, names } = props;
  const { t } = useTranslation('views');
  const fields = new Map(object.fields.map((f) => [f.name, f]));
  const nameField = fields.get(object.nameField);
  const title = `${localize(object.pluralLabel ?? object.label, locale, object.name)} (${props.total ?? records.length})`;
  return (
    <Card
      size="small"
      title={title}
      data-testid={`related-${object.name}`}
      style={{ marginBottom: 12 }}
      extra={
        props.onCreate ? (
          <Button
            size="small"
            icon={<PlusOutlined />}
            onClick={props.onCreate}
            data-testid={`related-new-${object.name}`}
            style={{ minHeight: 32 }}
          >
            {t('newRecord')}
          </Button>
        ) : null
      }
    >
      <List
        size="small"
        dataSource={records as RecordRow[]}
        locale={{ emptyText: t('noRecords') }}
        renderItem={(record) => (
          <List.Item
            onClick={() => props.onOpen(record)}
            style={{ cursor: 'pointer', minHeight: 44 }}
          >
            <div style={{ minWidth: 0 }}>
              <Typography.Link>
                {nameField ? formatValue(nameField, record, locale, names) : record.id}
              </Typography.Link>
              <div>
                <Typography.Text type="secondary" style={{ fontSize: 13 }}>
                  {props.fields
                    .filter((name) => name !== props.via)
                    .flatMap((name) => {
                      const field = fields.get(name);
                      const text = field ? formatValue(field, record, locale, names) : '';
                      return text === '' ? [] : [text];
                    })
                    .join(' · ')}
                </Typography.Text>
              </div>
            </div>
          </List.Item>
        )}
      />
    </Card>
  );
}
