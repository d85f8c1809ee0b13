import type { FieldDef, ObjectDoc } from '@tangram/schema';
import { localize } from '@tangram/ui';
import { Button, Input, Select, Space, Table, Tag, Typography } from 'antd';
import { type ChangeEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { BulkFieldsPanel } from './bulk-fields-panel';
import { ErrorAlert } from './error-alert';
import { FieldEditor } from './field-editor';
import { initialOptions } from './field-options/field-option-editors';
import { FIELD_TYPES } from './field-types';
import { machineNameFrom } from './machine-name';
import { MoveButtons } from './move-buttons';
import { useObjectForms } from './object-forms-tab';
import { useSaveDraft } from './use-document';
import { useNewForm } from './use-new-form';

/** The types offered as one-click buttons beside the quick-add row: type a label, click its type. */
const QUICK_TYPES: readonly FieldDef['type'][] = [
  'text',
  'long_text',
  'integer',
  'number',
  'currency',
  'percent',
  'date',
  'datetime',
  'boolean',
  'single_select',
  'multi_select',
  'email',
  'phone',
  'url',
  'lookup',
  'user',
];

/** The fields of an object: quick add, edit in a drawer, reorder and remove, all into the draft. */
export function ObjectFieldsTab(props: {
  readonly object: ObjectDoc;
  readonly revision: number;
  readonly publishedTypes: ReadonlyMap<string, FieldDef['type']>;
  readonly objects: readonly { readonly name: string; readonly label: unknown }[];
}) {
  const { object, revision } = props;
  const { t, i18n } = useTranslation();
  const locale = i18n.language;
  const save = useSaveDraft();
  const navigate = useNavigate();
  const forms = useObjectForms(object.name);
  const newForm = useNewForm(object);
  const designForm = async () => {
    const first = forms.data?.[0];
    if (first) navigate(`/designer/forms/${first.name}`);
    else await newForm.create();
  };
  const [editing, setEditing] = useState<FieldDef | null | 'new'>(null);
  const [label, setLabel] = useState('');
  const [type, setType] = useState<FieldDef['type']>('text');
  const writeFields = (fields: FieldDef[]) =>
    save.mutateAsync({ document: { ...object, fields }, revision });
  const quickAdd = async (as: FieldDef['type'] = type) => {
    if (label.trim() === '') {
      setType(as);
      return;
    }
    const taken = new Set(object.fields.map((f) => f.name));
    const name = machineNameFrom(label, `field_${object.fields.length + 1}`, taken);
    const field = {
      name,
      type: as,
      label: { [locale]: label.trim() },
      ...initialOptions(as, object.name, locale),
    };
    await writeFields([...object.fields, field as unknown as FieldDef]);
    setLabel('');
  };
  const move = (index: number, by: number) => {
    const fields = [...object.fields];
    const [field] = fields.splice(index, 1);
    fields.splice(index + by, 0, field!);
    void writeFields(fields).catch(() => {});
  };
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <ErrorAlert error={save.error ?? newForm.error} />
      <BulkFieldsPanel
        object={object}
        saving={save.isPending}
        onAdd={(fields) => writeFields([...object.fields, ...fields])}
      />
      <Space.Compact style={{ width: '100%', maxWidth: 640 }}>
        <Input
          placeholder={t('newFieldLabel')}
          data-testid="quick-field-label"
          value={label}
          onChange={(event: ChangeEvent<HTMLInputElement>) => setLabel(event.target.value)}
          onPressEnter={() => void quickAdd().catch(() => {})}
        />
        <Select
          showSearch
          optionFilterProp="label"
          style={{ width: 220 }}
          data-testid="quick-field-type"
          value={type}
          onChange={setType}
          options={FIELD_TYPES.map((v) => ({ value: v, label: `${t(`type_${v}`)} · ${v}` }))}
        />
        <Button
          type="primary"
          data-testid="quick-field-add"
          loading={save.isPending}
          onClick={() => void quickAdd().catch(() => {})}
        >
          {t('addField')}
        </Button>
      </Space.Compact>
      <Space size={4} wrap>
        <Typography.Text type="secondary">{t('quickTypes')}</Typography.Text>
        {QUICK_TYPES.map((quick) => (
          <Button
            key={quick}
            size="small"
            data-testid={`quick-type-${quick}`}
            onClick={() => void quickAdd(quick).catch(() => {})}
          >
            {t(`type_${quick}`)}
          </Button>
        ))}
      </Space>
      <Table
        rowKey="name"
        size="small"
        pagination={false}
        dataSource={object.fields}
        data-testid="fields-table"
        onRow={(field) => ({ onDoubleClick: () => setEditing(field) })}
        columns={[
          {
            title: t('fieldLabel'),
            key: 'label',
            render: (_, field) => (
              <Button
                type="link"
                data-testid={`edit-field-${field.name}`}
                onClick={() => setEditing(field)}
              >
                {localize(field.label, locale, field.name)}
              </Button>
            ),
          },
          { title: t('machineName'), dataIndex: 'name' },
          {
            title: t('fieldType'),
            key: 'type',
            render: (_, field) => `${t(`type_${field.type}`)} · ${field.type}`,
          },
          {
            title: t('flags'),
            key: 'flags',
            render: (_, field) => (
              <Space size={2} wrap>
                {field.name === object.nameField ? <Tag color="gold">{t('recordName')}</Tag> : null}
                {(['required', 'unique', 'indexed', 'searchable'] as const).map((flag) =>
                  field[flag] ? <Tag key={flag}>{t(`flag_${flag}`)}</Tag> : null,
                )}
                {field.sensitive ? <Tag color="red">{t('flag_sensitive')}</Tag> : null}
              </Space>
            ),
          },
          {
            title: '',
            key: 'actions',
            render: (_, field, index) => (
              <MoveButtons
                type="text"
                index={index}
                count={object.fields.length}
                onMove={(by) => move(index, by)}
                onRemove={() =>
                  void writeFields(object.fields.filter((f) => f.name !== field.name)).catch(
                    () => {},
                  )
                }
                canRemove={field.name !== object.nameField}
              />
            ),
          },
        ]}
      />
      <Space wrap>
        <Button onClick={() => setEditing('new')} data-testid="new-field">
          {t('newField')}
        </Button>
        <Button
          type="primary"
          data-testid="next-design-form"
          disabled={forms.isLoading}
          loading={newForm.isPending}
          onClick={() => void designForm().catch(() => {})}
        >
          {t('nextDesignForm')}
        </Button>
      </Space>
      {editing !== null ? (
        <FieldEditor
          object={object}
          revision={revision}
          field={editing === 'new' ? null : editing}
          publishedTypes={props.publishedTypes}
          objects={props.objects}
          onClose={() => setEditing(null)}
        />
      ) : null}
    </Space>
  );
}
