import type { FieldDef, FormBlock, FormDoc, ObjectDoc } from '@tangram/schema';
import { Descriptions, Typography } from 'antd';
import type { ReactNode } from 'react';
import { evaluateFormState } from '../form-rules.js';
import { localize } from '../localize.js';
import { RichTextView } from '../widgets/rich-text-widget.js';
import { formatValue, type RecordRow, type ValueNames } from './format-value.js';

/** The details of a record laid out by its form: sections, their columns, the visible fields. */
export interface RecordDetailsProps {
  readonly object: ObjectDoc;
  /** The published form; without one, every field in one section. */
  readonly form?: FormDoc | undefined;
  readonly record: RecordRow;
  readonly locale: string;
  readonly names?: ValueNames;
  /** Draws a value specially (attachments as links); the formatted text otherwise. */
  readonly renderValue?: (field: FieldDef, record: RecordRow) => ReactNode | undefined;
}

interface Group {
  readonly key: string;
  readonly label: string;
  readonly columns: number;
  readonly fields: readonly string[];
}

function groupsOf(items: readonly FormBlock[], locale: string): Group[] {
  return items.flatMap((block): Group[] => {
    if (block.type === 'section') {
      const fields = block.items.flatMap((item) => (item.type === 'field' ? [item.field] : []));
      return [
        { key: block.id, label: localize(block.label, locale), columns: block.columns, fields },
      ];
    }
    if (block.type === 'tabs') return block.tabs.flatMap((tab) => groupsOf(tab.items, locale));
    return [];
  });
}

/** Read-only record details, hidden items of the form's rules left out. */
export function RecordDetails(props: RecordDetailsProps) {
  const { object, form, record, locale, names } = props;
  const fields = new Map(object.fields.map((f) => [f.name, f]));
  const state = form ? evaluateFormState(form, object, record) : undefined;
  const groups: Group[] = form
    ? groupsOf(form.items, locale)
    : [{ key: 'all', label: '', columns: 2, fields: object.fields.map((f) => f.name) }];
  const hidden = new Set(
    form && state
      ? form.items.flatMap((block) =>
          block.type === 'section'
            ? block.items.flatMap((item) =>
                item.type === 'field' && state.items[item.id] && !state.items[item.id]?.visible
                  ? [item.field]
                  : [],
              )
            : [],
        )
      : [],
  );
  return (
    <div data-testid="record-details">
      {groups.map((group) => (
        <Descriptions
          key={group.key}
          size="small"
          title={group.label || undefined}
          column={{ xs: 1, sm: 1, md: Math.min(group.columns, 2), lg: Math.min(group.columns, 3) }}
          style={{ marginBottom: 16 }}
          items={group.fields.flatMap((name) => {
            const field = fields.get(name);
            if (!field || hidden.has(name)) return [];
            const custom = props.renderValue?.(field, record);
            const text =
              field.type === 'rich_text' && typeof record[name] === 'string' ? (
                <RichTextView key="html" html={String(record[name])} />
              ) : (
                formatValue(field, record, locale, names)
              );
            return [
              {
                key: name,
                label: localize(field.label, locale, name),
                children:
                  custom ??
                  (text === '' ? <Typography.Text type="secondary">—</Typography.Text> : text),
              },
            ];
          })}
        />
      ))}
    </div>
  );
}
