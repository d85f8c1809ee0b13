import type { FieldDef, ObjectDoc } from '@tangram/schema';
import { Alert, Button, Collapse, Input, Select, Space, Table, Typography } from 'antd';
import { type ChangeEvent, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { LOCALES } from '../i18n/i18n';
import {
  type BulkFieldError,
  bulkFieldDefs,
  parseBulkFields,
  setLineType,
  typeKey,
} from './bulk-fields';
import { initialOptions } from './field-options/field-option-editors';
import { FIELD_TYPES } from './field-types';

/**
 * Several fields at once: one a line (label, type, select options), checked row by row in a grid
 * where each row's type can be picked, then added to the draft in one step.
 */
export function BulkFieldsPanel(props: {
  readonly object: ObjectDoc;
  readonly saving: boolean;
  readonly onAdd: (fields: FieldDef[]) => Promise<unknown>;
}) {
  const { object } = props;
  const { t, i18n } = useTranslation();
  const locale = i18n.language;
  const [text, setText] = useState('');
  const typeOf = useMemo(() => {
    const map = new Map<string, FieldDef['type']>();
    for (const type of FIELD_TYPES) {
      map.set(typeKey(type), type);
      for (const lng of LOCALES) {
        const label = i18n.getResource(lng, 'shell', `type_${type}`);
        if (typeof label === 'string' && !map.has(typeKey(label))) map.set(typeKey(label), type);
      }
    }
    return map;
  }, [i18n]);
  const rows = useMemo(
    () => parseBulkFields(text, typeOf, object.fields),
    [text, typeOf, object.fields],
  );
  const valid = rows.length > 0 && rows.every((row) => row.errors.length === 0);
  const errorText = (error: BulkFieldError) => t(`bulk_${error.code}`, error);
  const add = async () => {
    await props.onAdd(
      bulkFieldDefs(rows, locale, (type) => initialOptions(type, object.name, locale)),
    );
    setText('');
  };
  return (
    <Collapse
      defaultActiveKey={object.fields.length <= 1 ? ['bulk'] : []}
      items={[
        {
          key: 'bulk',
          label: t('bulkFields'),
          children: (
            <Space direction="vertical" style={{ width: '100%' }} data-testid="bulk-fields">
              <Typography.Text type="secondary">{t('bulkFieldsHelp')}</Typography.Text>
              <Input.TextArea
                data-testid="bulk-fields-text"
                autoSize={{ minRows: 4, maxRows: 16 }}
                placeholder={t('bulkFieldsPlaceholder')}
                value={text}
                onChange={(event: ChangeEvent<HTMLTextAreaElement>) => setText(event.target.value)}
              />
              {rows.length > 0 ? (
                <Table
                  size="small"
                  pagination={false}
                  rowKey="line"
                  dataSource={rows}
                  data-testid="bulk-fields-preview"
                  onRow={(row) => ({ 'data-testid': `bulk-row-${row.line}` }) as object}
                  columns={[
                    { title: t('fieldLabel'), dataIndex: 'label' },
                    { title: t('machineName'), dataIndex: 'name' },
                    {
                      title: t('fieldType'),
                      key: 'type',
                      render: (_, row) => (
                        <Select
                          size="small"
                          showSearch
                          optionFilterProp="label"
                          style={{ width: 200 }}
                          data-testid={`bulk-row-${row.line}-type`}
                          status={row.type === null ? 'error' : ''}
                          {...(row.type === null ? {} : { value: row.type })}
                          placeholder={row.typeText}
                          onChange={(type: FieldDef['type']) =>
                            setText(setLineType(text, row.line, type))
                          }
                          options={FIELD_TYPES.map((v) => ({
                            value: v,
                            label: `${t(`type_${v}`)} · ${v}`,
                          }))}
                        />
                      ),
                    },
                    {
                      title: t('selectOptions'),
                      key: 'options',
                      render: (_, row) => row.options.join(', '),
                    },
                    {
                      title: '',
                      key: 'errors',
                      render: (_, row) =>
                        row.errors.length > 0 ? (
                          <Typography.Text type="danger" data-testid={`bulk-row-${row.line}-error`}>
                            {row.errors.map(errorText).join(' ')}
                          </Typography.Text>
                        ) : null,
                    },
                  ]}
                />
              ) : null}
              {rows.length > 0 && !valid ? (
                <Alert type="warning" showIcon message={t('bulkFieldsFix')} />
              ) : null}
              <Button
                type="primary"
                data-testid="bulk-fields-add"
                disabled={!valid}
                loading={props.saving}
                onClick={() => void add().catch(() => {})}
              >
                {t('bulkFieldsAdd', { count: rows.length })}
              </Button>
            </Space>
          ),
        },
      ]}
    />
  );
}
