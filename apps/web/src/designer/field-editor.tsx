import { LocalizedTextInput } from '@tangram/designer';
import type { FieldDef, ObjectDoc } from '@tangram/schema';
import { Button, Checkbox, Drawer, Form, Input, Select, Space } from 'antd';
import { type ChangeEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from './error-alert';
import { FIELD_OPTION_EDITORS, initialOptions } from './field-options/field-option-editors';
import { withOption } from './field-options/field-options-props';
import { ScalarOptions } from './field-options/scalar-options';
import { changeFieldType, FIELD_TYPES } from './field-types';
import { machineNameFrom } from './machine-name';
import { TypeChangeDialog } from './type-change-dialog';
import { useInvalidateMetadata, useSaveDraft } from './use-document';

const FLAGS = [
  'required',
  'unique',
  'indexed',
  'searchable',
  'filterable',
  'sortable',
  'readOnly',
  'externalId',
] as const;
const MASKS = ['phone', 'id_card', 'bank_card', 'email', 'name', 'custom'] as const;
const LITERAL_DEFAULT_TYPES = new Set<FieldDef['type']>([
  'text',
  'long_text',
  'integer',
  'number',
  'currency',
  'percent',
  'date',
  'boolean',
  'single_select',
  'email',
  'phone',
  'url',
  'rating',
]);

function parseDefault(field: FieldDef, text: string): unknown {
  if (text === '') return undefined;
  if (field.type === 'boolean') return text === 'true';
  if (['integer', 'number', 'currency', 'percent', 'rating'].includes(field.type)) {
    const n = Number(text);
    return Number.isFinite(n) ? n : text;
  }
  return text;
}

/** The drawer editing one field of an object (or a new one), saved into the object's draft. */
export function FieldEditor(props: {
  readonly object: ObjectDoc;
  readonly revision: number;
  /** The field to edit; null to add one. */
  readonly field: FieldDef | null;
  /** Each published field's type, to tell a type change that must move stored values. */
  readonly publishedTypes: ReadonlyMap<string, FieldDef['type']>;
  readonly objects: readonly { readonly name: string; readonly label: unknown }[];
  readonly onClose: () => void;
}) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language;
  const save = useSaveDraft();
  const invalidate = useInvalidateMetadata();
  const isNew = props.field === null;
  const taken = new Set(props.object.fields.map((f) => f.name));
  const [field, setField] = useState<FieldDef>(
    () => props.field ?? ({ name: '', type: 'text', label: {} } as unknown as FieldDef),
  );
  const [nameTouched, setNameTouched] = useState(false);
  const [typeChange, setTypeChange] = useState<FieldDef | null>(null);
  const labelText = Object.values(field.label ?? {})[0] ?? '';
  const name =
    isNew && !nameTouched
      ? machineNameFrom(field.label?.en ?? labelText, `field_${taken.size + 1}`, taken)
      : field.name;
  const publishedType = props.field ? props.publishedTypes.get(props.field.name) : undefined;
  const OptionEditor = FIELD_OPTION_EDITORS[field.type];

  const submit = async () => {
    const next = { ...field, name } as FieldDef;
    if (publishedType !== undefined && publishedType !== next.type) {
      setTypeChange(next);
      return;
    }
    const fields = isNew
      ? [...props.object.fields, next]
      : props.object.fields.map((f) => (f.name === props.field?.name ? next : f));
    await save.mutateAsync({ document: { ...props.object, fields }, revision: props.revision });
    props.onClose();
  };

  const defaultText =
    field.default &&
    'value' in field.default &&
    field.default.value !== undefined &&
    field.default.value !== null
      ? String(field.default.value)
      : '';

  return (
    <Drawer
      open
      width={640}
      title={isNew ? t('newField') : t('editField', { name: field.name })}
      onClose={props.onClose}
      destroyOnHidden
      extra={
        <Space>
          <Button onClick={props.onClose}>{t('cancel')}</Button>
          <Button
            type="primary"
            data-testid="save-field"
            loading={save.isPending}
            disabled={labelText === ''}
            onClick={() => void submit().catch(() => {})}
          >
            {t('saveDraft')}
          </Button>
        </Space>
      }
    >
      <ErrorAlert error={save.error} />
      <Form layout="vertical" component="div">
        <Form.Item label={t('fieldLabel')} required>
          <LocalizedTextInput
            value={field.label}
            locale={locale}
            testId="field-label"
            onChange={(label) => setField({ ...field, label: label ?? {} } as FieldDef)}
          />
        </Form.Item>
        <Form.Item
          label={t('machineName')}
          help={isNew ? t('machineNameHelp') : t('machineNameFixed')}
        >
          <Input
            data-testid="field-name"
            value={name}
            disabled={!isNew}
            onChange={(event: ChangeEvent<HTMLInputElement>) => {
              setNameTouched(true);
              setField({ ...field, name: event.target.value } as FieldDef);
            }}
          />
        </Form.Item>
        <Form.Item
          label={t('fieldType')}
          help={publishedType && publishedType !== field.type ? t('typeChangeHint') : undefined}
        >
          <Select
            showSearch
            optionFilterProp="label"
            data-testid="field-type"
            value={field.type}
            onChange={(type: FieldDef['type']) =>
              setField(
                changeFieldType(field, type, initialOptions(type, props.object.name, locale)),
              )
            }
            options={FIELD_TYPES.map((type) => ({
              value: type,
              label: `${t(`type_${type}`)} · ${type}`,
            }))}
          />
        </Form.Item>
        <ScalarOptions
          field={field}
          onChange={setField}
          object={props.object}
          objects={props.objects}
          locale={locale}
        />
        {OptionEditor ? (
          <OptionEditor
            field={field}
            onChange={setField}
            object={props.object}
            objects={props.objects}
            locale={locale}
          />
        ) : null}
        <Form.Item label={t('helpText')}>
          <LocalizedTextInput
            value={field.helpText}
            locale={locale}
            onChange={(helpText) => setField(withOption(field, 'helpText', helpText))}
          />
        </Form.Item>
        <Form.Item label={t('description')}>
          <LocalizedTextInput
            multiline
            value={field.description}
            locale={locale}
            onChange={(description) => setField(withOption(field, 'description', description))}
          />
        </Form.Item>
        {LITERAL_DEFAULT_TYPES.has(field.type) ? (
          <Form.Item label={t('defaultValue')}>
            <Input
              data-testid="field-default"
              value={defaultText}
              placeholder={field.type === 'boolean' ? 'true / false' : ''}
              onChange={(event: ChangeEvent<HTMLInputElement>) => {
                const value = parseDefault(field, event.target.value);
                setField(withOption(field, 'default', value === undefined ? undefined : { value }));
              }}
            />
          </Form.Item>
        ) : null}
        <Form.Item label={t('flags')}>
          <Space wrap>
            {FLAGS.map((flag) => (
              <Checkbox
                key={flag}
                data-testid={`flag-${flag}`}
                checked={(field as unknown as Record<string, unknown>)[flag] === true}
                onChange={(event) =>
                  setField(withOption(field, flag, event.target.checked ? true : undefined))
                }
              >
                {t(`flag_${flag}`)}
              </Checkbox>
            ))}
          </Space>
        </Form.Item>
        <Form.Item label={t('flag_sensitive')}>
          <Space>
            <Select
              allowClear
              style={{ width: 160 }}
              value={field.sensitive?.mask ?? null}
              onChange={(mask: string | undefined) =>
                setField(
                  withOption(
                    field,
                    'sensitive',
                    mask ? { mask, ...(mask === 'custom' ? { pattern: '3*4' } : {}) } : undefined,
                  ),
                )
              }
              options={MASKS.map((m) => ({ value: m, label: t(`mask_${m}`) }))}
            />
            {field.sensitive?.mask === 'custom' ? (
              <Input
                style={{ width: 100 }}
                value={field.sensitive.pattern ?? ''}
                onChange={(event: ChangeEvent<HTMLInputElement>) =>
                  setField({
                    ...field,
                    sensitive: { mask: 'custom', pattern: event.target.value },
                  } as FieldDef)
                }
              />
            ) : null}
          </Space>
        </Form.Item>
      </Form>
      {typeChange ? (
        <TypeChangeDialog
          object={props.object.name}
          field={typeChange}
          onClose={() => setTypeChange(null)}
          onApplied={() => {
            setTypeChange(null);
            void invalidate();
            props.onClose();
          }}
        />
      ) : null}
    </Drawer>
  );
}
