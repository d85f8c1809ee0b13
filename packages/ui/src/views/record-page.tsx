import type { ObjectDoc } from '@tangram/schema';
import { Card, Col, Row, Space, Tag, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { localize } from '../localize.js';
import { formatValue, type RecordRow, type ValueNames } from './format-value.js';

/** The parts of a record page; each is drawn by its own component and passed in. */
export interface RecordPageProps {
  readonly object: ObjectDoc;
  readonly record: RecordRow;
  readonly locale: string;
  /** Fields shown under the name in the header. */
  readonly keyFields: readonly string[];
  /** Buttons of the header (edit, delete …). */
  readonly actions?: ReactNode;
  readonly details: ReactNode;
  readonly related?: ReactNode;
  readonly timeline?: ReactNode;
  readonly names?: ValueNames;
}

/**
 * A record page: a header with the record's name, key fields and actions; the details beside the
 * related lists and the timeline on wide screens, all in one column on a phone.
 */
export function RecordPage(props: RecordPageProps) {
  const { object, record, locale, names } = props;
  const { t } = useTranslation('views');
  const fields = new Map(object.fields.map((f) => [f.name, f]));
  const nameField = fields.get(object.nameField);
  return (
    <div data-testid="record-page">
      <Card style={{ marginBottom: 12 }}>
        <Space direction="vertical" size={4} style={{ width: '100%' }}>
          <Space wrap style={{ justifyContent: 'space-between', width: '100%' }}>
            <Space wrap>
              <Tag>{localize(object.label, locale, object.name)}</Tag>
              <Typography.Title level={4} style={{ margin: 0 }} data-testid="record-title">
                {nameField ? formatValue(nameField, record, locale, names) : record.id}
              </Typography.Title>
            </Space>
            <Space wrap>{props.actions}</Space>
          </Space>
          <Space wrap size={[16, 4]}>
            {props.keyFields.flatMap((name) => {
              const field = fields.get(name);
              if (!field || name === object.nameField) return [];
              const text = formatValue(field, record, locale, names);
              return [
                <span key={name} data-testid={`key-${name}`}>
                  <Typography.Text type="secondary">
                    {localize(field.label, locale, name)}:{' '}
                  </Typography.Text>
                  <Typography.Text>{text || '—'}</Typography.Text>
                </span>,
              ];
            })}
          </Space>
        </Space>
      </Card>
      <Row gutter={[12, 12]}>
        <Col xs={24} lg={15}>
          <Card title={t('details')} size="small" style={{ marginBottom: 12 }}>
            {props.details}
          </Card>
          {props.related}
        </Col>
        <Col xs={24} lg={9}>
          <Card title={t('timeline')} size="small">
            {props.timeline}
          </Card>
        </Col>
      </Row>
    </div>
  );
}
