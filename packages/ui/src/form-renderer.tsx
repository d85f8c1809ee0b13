import type {
  FieldDef,
  FormDoc,
  FormFieldItem,
  FormSection,
  FormSectionItem,
  FormSubtableItem,
  ObjectDoc,
} from '@tangram/schema';
import { Divider, Form, Tabs, Typography } from 'antd';
import { memo, type ReactNode, useCallback, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { defaultWidgetRegistry } from './basic-widgets.js';
import { evaluateFormState, type FormState } from './form-rules.js';
import { localize } from './localize.js';
import type { WidgetRegistry } from './widget-registry.js';

/** What FormRenderer draws and how it reports edits. */
export interface FormRendererProps {
  readonly form: FormDoc;
  readonly object: ObjectDoc;
  /** The record being edited, by field name. */
  readonly values: Readonly<Record<string, unknown>>;
  /** Called with a field's new value; keep it stable (useCallback) so unchanged fields skip rendering. */
  readonly onChange: (field: string, value: unknown) => void;
  readonly locale: string;
  readonly registry?: WidgetRegistry;
  /** Error messages by field name (e.g. the server's validation issues), shown under the field. */
  readonly errors?: Readonly<Record<string, string>>;
  /** Shows every field read-only. */
  readonly readOnly?: boolean;
  /** Draws a sub-table of child records; a placeholder naming the child object when absent. */
  readonly renderSubtable?: (item: FormSubtableItem) => ReactNode;
  /** The rule state computed by the caller; evaluated here from `values` when absent. */
  readonly state?: FormState;
}

interface FieldItemProps {
  readonly item: FormFieldItem;
  readonly field: FieldDef;
  readonly value: unknown;
  readonly required: boolean;
  readonly readOnly: boolean;
  readonly error: string | undefined;
  readonly locale: string;
  readonly registry: WidgetRegistry;
  readonly onChange: (field: string, value: unknown) => void;
}

const FieldItem = memo(function FieldItem(props: FieldItemProps) {
  const { item, field, value, required, readOnly, error, locale, registry, onChange } = props;
  const Widget = registry.get(field.type);
  const change = useCallback((next: unknown) => onChange(field.name, next), [onChange, field.name]);
  const id = `field-${item.id}`;
  const help = error ?? localize(item.helpText ?? field.helpText, locale) ?? undefined;
  return (
    <Form.Item
      label={localize(item.label ?? field.label, locale, field.name)}
      htmlFor={id}
      required={required}
      help={help === '' ? undefined : help}
      validateStatus={error ? 'error' : ''}
      style={{ marginBottom: 12 }}
    >
      <Widget
        field={field}
        value={value}
        onChange={change}
        id={id}
        locale={locale}
        readOnly={readOnly}
        invalid={error !== undefined}
        {...(item.placeholder ? { placeholder: localize(item.placeholder, locale) } : {})}
      />
    </Form.Item>
  );
});

function SubtablePlaceholder({ item, locale }: { item: FormSubtableItem; locale: string }) {
  const { t } = useTranslation('ui');
  return (
    <div
      style={{ border: '1px dashed #d9d9d9', borderRadius: 6, padding: 12, marginBottom: 12 }}
      data-subtable={item.object}
    >
      <Typography.Text strong>{localize(item.label, locale, item.object)}</Typography.Text>
      <div>
        <Typography.Text type="secondary">
          {t('subtablePlaceholder', { object: item.object, columns: item.columns.join(', ') })}
        </Typography.Text>
      </div>
    </div>
  );
}

interface SectionViewProps extends Omit<FormRendererProps, 'form' | 'state'> {
  readonly section: FormSection;
  readonly state: FormState;
  readonly fields: ReadonlyMap<string, FieldDef>;
  readonly registry: WidgetRegistry;
}

function renderItem(item: FormSectionItem, props: SectionViewProps): ReactNode {
  const { state, fields, values, locale, registry, errors, readOnly, onChange } = props;
  const itemState = state.items[item.id];
  if (itemState && !itemState.visible) return null;
  switch (item.type) {
    case 'field': {
      const field = fields.get(item.field);
      if (!field) return null;
      return (
        <FieldItem
          item={item}
          field={field}
          value={values[item.field] ?? null}
          required={itemState?.required ?? false}
          readOnly={readOnly === true || (itemState?.readOnly ?? false)}
          error={errors?.[item.field]}
          locale={locale}
          registry={registry}
          onChange={onChange}
        />
      );
    }
    case 'divider':
      return <Divider orientation="left">{localize(item.label, locale)}</Divider>;
    case 'text':
      return <Typography.Paragraph>{localize(item.content, locale)}</Typography.Paragraph>;
    case 'subtable':
      return props.renderSubtable ? (
        props.renderSubtable(item)
      ) : (
        <SubtablePlaceholder item={item} locale={locale} />
      );
    default: {
      const unknownItem: never = item;
      return unknownItem;
    }
  }
}

function spanOf(item: FormSectionItem, columns: number): number {
  if (item.type === 'divider' || item.type === 'text') return columns;
  return Math.min(item.span ?? 1, columns);
}

function SectionView(props: SectionViewProps) {
  const { section, state, locale } = props;
  if (state.items[section.id]?.visible === false) return null;
  return (
    <section data-section={section.id} style={{ marginBottom: 8 }}>
      {section.label ? (
        <Typography.Title level={5} style={{ marginTop: 8 }}>
          {localize(section.label, locale)}
        </Typography.Title>
      ) : null}
      <div
        style={{
          display: 'grid',
          gridTemplateColumns: `repeat(${section.columns}, minmax(0, 1fr))`,
          columnGap: 16,
        }}
      >
        {section.items.map((item) => {
          const content = renderItem(item, props);
          if (content === null) return null;
          return (
            <div
              key={item.id}
              data-item={item.id}
              data-field={item.type === 'field' ? item.field : undefined}
              style={{ gridColumn: `span ${spanOf(item, section.columns)}` }}
            >
              {content}
            </div>
          );
        })}
      </div>
    </section>
  );
}

/**
 * Draws a form document: sections in their columns, tabs, dividers, texts and sub-tables, each
 * field with the widget registered for its type. Visible-if, required-if and read-only-if rules
 * are evaluated with @tangram/logic on every change of `values`.
 */
export function FormRenderer(props: FormRendererProps) {
  const { form, object, values } = props;
  const registry = props.registry ?? defaultWidgetRegistry;
  const fields = useMemo(() => new Map(object.fields.map((f) => [f.name, f])), [object]);
  const computed = useMemo(
    () => props.state ?? evaluateFormState(form, object, values),
    [props.state, form, object, values],
  );
  const sectionProps = { ...props, registry, fields, state: computed };
  return (
    <Form layout="vertical" component="div" data-form={form.name}>
      {form.items.map((block) => {
        if (block.type === 'section') {
          return <SectionView key={block.id} {...sectionProps} section={block} />;
        }
        const tabs = block.tabs
          .filter((tab) => computed.items[tab.id]?.visible !== false)
          .map((tab) => ({
            key: tab.id,
            label: localize(tab.label, props.locale, tab.id),
            children: tab.items.map((section) => (
              <SectionView key={section.id} {...sectionProps} section={section} />
            )),
          }));
        return <Tabs key={block.id} items={tabs} data-tabs={block.id} />;
      })}
    </Form>
  );
}
