import type { FormDoc, FormSubtableItem, ObjectDoc } from '@tangram/schema';
import {
  COMPUTED_FIELD_TYPES,
  evaluateFormState,
  FormRenderer,
  findMissingRequired,
  localize,
  type RecordRow,
  SubtableEditor,
  type SubtableRow,
  subtableChanges,
  useWidgetServices,
  WidgetServicesProvider,
} from '@tangram/ui';
import { useQueryClient } from '@tanstack/react-query';
import { App as AntApp, Button, Drawer, Grid, Space } from 'antd';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { issuesByField } from '../api/describe-error';
import { useSession } from '../auth/session-store';
import { createRecord, deleteRecord, queryRecords, updateRecord } from './app-api';
import { useObjectDocs } from './app-queries';
import { canRead } from './object-access';
import { recordBoundServices } from './widget-services';

/** A form of every writable field, for objects whose app ships no form. */
function fallbackForm(object: ObjectDoc): FormDoc {
  return {
    kind: 'form',
    schemaVersion: 1,
    name: `${object.name}_auto`,
    label: object.label,
    object: object.name,
    items: [
      {
        type: 'section',
        id: 'main',
        columns: 2,
        items: object.fields
          .filter((f) => !COMPUTED_FIELD_TYPES.has(f.type))
          .map((f) => ({ type: 'field' as const, id: `f_${f.name}`, field: f.name })),
      },
    ],
  };
}

function subtablesOf(form: FormDoc): FormSubtableItem[] {
  return form.items.flatMap((block) => {
    const sections = block.type === 'section' ? [block] : block.tabs.flatMap((tab) => tab.items);
    return sections.flatMap((s) =>
      s.items.filter((i): i is FormSubtableItem => i.type === 'subtable'),
    );
  });
}

/** What the create/edit drawer needs. */
export interface RecordFormDrawerProps {
  readonly object: ObjectDoc;
  readonly form: FormDoc | undefined;
  /** The record to edit; a new record when absent. */
  readonly record?: RecordRow | undefined;
  /** Values a new record starts with (the parent of a related list). */
  readonly defaults?: Readonly<Record<string, unknown>>;
  readonly open: boolean;
  readonly onClose: () => void;
  readonly onSaved: (record: RecordRow) => void;
}

/**
 * Creates or edits a record through the published form (FormRenderer with the rich widgets):
 * rules evaluated as the user types, required fields checked before sending, the server's
 * validation issues placed on their fields, sub-tables of child records saved after the parent.
 */
export function RecordFormDrawer(props: RecordFormDrawerProps) {
  const { object, record, open } = props;
  const { t, i18n } = useTranslation('apps');
  const { message } = AntApp.useApp();
  const me = useSession((s) => s.user);
  const queryClient = useQueryClient();
  const screens = Grid.useBreakpoint();
  const form = useMemo(() => props.form ?? fallbackForm(object), [props.form, object]);
  const baseServices = useWidgetServices();
  const services = useMemo(
    () => (baseServices && record ? recordBoundServices(baseServices, object.name, record) : null),
    [baseServices, object.name, record],
  );
  // Sub-tables of child objects the user may not read are left out.
  const subtables = useMemo(() => subtablesOf(form).filter((s) => canRead(s.object)), [form]);
  const childDocs = useObjectDocs(subtables.map((s) => s.object));
  const [values, setValues] = useState<Record<string, unknown>>({});
  const [rows, setRows] = useState<Record<string, SubtableRow[]>>({});
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [saving, setSaving] = useState(false);

  // Start from the record (edit) or from defaults, with required user fields set to oneself.
  useEffect(() => {
    if (!open) return;
    if (record) {
      setValues({ ...record });
    } else {
      const start: Record<string, unknown> = { ...(props.defaults ?? {}) };
      for (const field of object.fields) {
        if (field.type === 'user' && field.required && me && start[field.name] === undefined)
          start[field.name] = field.multiple ? [me.id] : me.id;
        if (field.default && 'value' in field.default && start[field.name] === undefined)
          start[field.name] = field.default.value;
      }
      setValues(start);
    }
    setErrors({});
    setRows({});
  }, [open, record, object, props.defaults, me]);

  // Existing child rows of each sub-table, when editing.
  useEffect(() => {
    if (!open || !record) return;
    for (const sub of subtables) {
      void queryRecords(sub.object, {
        filter: { kind: 'condition', field: sub.relationField, op: 'eq', value: record.id },
        limit: 200,
      }).then((page) =>
        setRows((current) => ({
          ...current,
          [sub.id]: page.records.map((r) => ({
            key: r.id,
            id: r.id,
            version: r.version,
            values: r,
          })),
        })),
      );
    }
  }, [open, record, subtables]);

  const onChange = useCallback((field: string, value: unknown) => {
    setValues((v) => ({ ...v, [field]: value }));
    setErrors((e) => {
      if (!(field in e)) return e;
      const { [field]: _gone, ...rest } = e;
      return rest;
    });
  }, []);

  const state = useMemo(() => evaluateFormState(form, object, values), [form, object, values]);

  const save = async () => {
    const missing = findMissingRequired(form, state, values);
    if (missing.length > 0) {
      setErrors(Object.fromEntries(missing.map((name) => [name, t('required')])));
      return;
    }
    const writable = new Set(
      object.fields.filter((f) => !COMPUTED_FIELD_TYPES.has(f.type)).map((f) => f.name),
    );
    const input: Record<string, unknown> = {};
    for (const [name, value] of Object.entries(values)) {
      if (!writable.has(name)) continue;
      if (record && JSON.stringify(record[name] ?? null) === JSON.stringify(value ?? null))
        continue;
      input[name] = value;
    }
    setSaving(true);
    try {
      const saved = record
        ? await updateRecord(object.name, record.id, record.version, input)
        : await createRecord(object.name, input);
      for (const sub of subtables) {
        const changes = subtableChanges(rows[sub.id] ?? []);
        for (const row of changes.create)
          await createRecord(sub.object, { ...row.values, [sub.relationField]: saved.id });
        for (const row of changes.update) {
          const child = childDocs[sub.object];
          const patch = Object.fromEntries(
            sub.columns
              .filter((c) => child?.fields.some((f) => f.name === c))
              .map((c) => [c, row.values[c] ?? null]),
          );
          await updateRecord(sub.object, row.id as string, row.version ?? 1, patch);
        }
        for (const row of changes.remove)
          await deleteRecord(sub.object, row.id as string, row.version ?? 1);
      }
      await queryClient.invalidateQueries({ queryKey: ['records'] });
      void message.success(t('saved'));
      props.onSaved(saved);
    } catch (error) {
      const byField = issuesByField(error);
      setErrors(byField);
      const general = byField[''] ?? Object.values(byField)[0];
      if (general) void message.error(general);
    } finally {
      setSaving(false);
    }
  };

  const locale = i18n.language;
  const renderer = (
    <FormRenderer
      form={form}
      object={object}
      values={values}
      onChange={onChange}
      locale={locale}
      errors={errors}
      state={state}
      renderSubtable={(item) => {
        const child = childDocs[item.object];
        if (!child) return null;
        return (
          <SubtableEditor
            object={child}
            label={localize(item.label ?? child.pluralLabel ?? child.label, locale, item.object)}
            columns={item.columns.filter((c) => c !== item.relationField)}
            rows={rows[item.id] ?? []}
            onChange={(next) => setRows((r) => ({ ...r, [item.id]: next }))}
            locale={locale}
          />
        );
      }}
    />
  );
  return (
    <Drawer
      open={open}
      onClose={props.onClose}
      width={screens.md ? 720 : '100%'}
      title={t(record ? 'editTitle' : 'newTitle', {
        object: localize(object.label, locale, object.name),
      })}
      destroyOnClose
      extra={
        <Space>
          <Button onClick={props.onClose}>{t('cancel')}</Button>
          <Button
            type="primary"
            loading={saving}
            onClick={() => void save()}
            data-testid="record-save"
          >
            {t('save')}
          </Button>
        </Space>
      }
    >
      <div data-testid="record-form">
        {services ? (
          <WidgetServicesProvider services={services}>{renderer}</WidgetServicesProvider>
        ) : (
          renderer
        )}
      </div>
    </Drawer>
  );
}
