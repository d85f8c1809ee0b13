import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import type { ObjectDoc } from '@tangram/schema';
import { Button, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { defaultWidgetRegistry } from '../basic-widgets.js';
import { localize } from '../localize.js';
import type { WidgetRegistry } from '../widget-registry.js';

/** One child row being edited with its parent: new (no id), changed, or marked for removal. */
export interface SubtableRow {
  /** Stable key of the row in the editor. */
  readonly key: string;
  readonly id?: string;
  readonly version?: number;
  readonly values: Readonly<Record<string, unknown>>;
  readonly removed?: boolean;
  readonly dirty?: boolean;
}

/** What a sub-table edits: the child object, its columns and the rows. */
export interface SubtableEditorProps {
  readonly object: ObjectDoc;
  readonly label: string;
  readonly columns: readonly string[];
  readonly rows: readonly SubtableRow[];
  readonly onChange: (rows: SubtableRow[]) => void;
  readonly locale: string;
  readonly registry?: WidgetRegistry;
  /** Server errors by row key, then field. */
  readonly errors?: Readonly<Record<string, Readonly<Record<string, string>>>>;
  readonly readOnly?: boolean;
}

let nextKey = 0;
/** A key for a new row. */
export function newRowKey(): string {
  nextKey += 1;
  return `new-${nextKey}`;
}

/**
 * Child records edited in place with their parent: one row per record, a cell per column drawn
 * by the same widgets as forms; rows are added and removed here and saved by the caller after
 * the parent (see `subtableChanges`).
 */
export function SubtableEditor(props: SubtableEditorProps) {
  const { object, columns, rows, onChange, locale } = props;
  const { t } = useTranslation('views');
  const registry = props.registry ?? defaultWidgetRegistry;
  const fields = new Map(object.fields.map((f) => [f.name, f]));
  const shown = rows.filter((r) => !r.removed);
  const set = (key: string, patch: Partial<SubtableRow>) =>
    onChange(rows.map((r) => (r.key === key ? { ...r, ...patch } : r)));
  return (
    <div data-testid={`subtable-${object.name}`} style={{ marginBottom: 12 }}>
      <Typography.Text strong>{props.label}</Typography.Text>
      <div style={{ overflowX: 'auto' }}>
        {shown.map((row) => (
          <div
            key={row.key}
            data-testid="subtable-row"
            style={{
              display: 'flex',
              gap: 6,
              alignItems: 'flex-start',
              padding: '6px 0',
              borderBottom: '1px solid #f0f0f0',
            }}
          >
            {columns.map((name) => {
              const field = fields.get(name);
              if (!field) return null;
              const Widget = registry.get(field.type);
              const error = props.errors?.[row.key]?.[name];
              return (
                <div key={name} style={{ flex: '1 0 140px', minWidth: 120 }}>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {localize(field.label, locale, name)}
                  </Typography.Text>
                  <Widget
                    field={field}
                    value={row.values[name] ?? null}
                    onChange={(value) =>
                      set(row.key, { values: { ...row.values, [name]: value }, dirty: true })
                    }
                    id={`sub-${row.key}-${name}`}
                    locale={locale}
                    readOnly={props.readOnly === true}
                    invalid={error !== undefined}
                  />
                  {error ? (
                    <Typography.Text type="danger" style={{ fontSize: 12 }}>
                      {error}
                    </Typography.Text>
                  ) : null}
                </div>
              );
            })}
            {props.readOnly ? null : (
              <Button
                aria-label={t('removeCondition')}
                icon={<DeleteOutlined />}
                style={{ marginTop: 18 }}
                onClick={() =>
                  row.id
                    ? set(row.key, { removed: true })
                    : onChange(rows.filter((r) => r.key !== row.key))
                }
              />
            )}
          </div>
        ))}
      </div>
      {props.readOnly ? null : (
        <Button
          icon={<PlusOutlined />}
          style={{ marginTop: 6 }}
          onClick={() => onChange([...rows, { key: newRowKey(), values: {}, dirty: true }])}
          data-testid={`subtable-add-${object.name}`}
        >
          {t('newRecord')}
        </Button>
      )}
    </div>
  );
}

/** What saving a sub-table does: rows to create, to change and to delete. */
export function subtableChanges(rows: readonly SubtableRow[]) {
  return {
    create: rows.filter(
      (r) => !r.id && !r.removed && Object.values(r.values).some((v) => v !== null && v !== ''),
    ),
    update: rows.filter((r) => r.id && !r.removed && r.dirty),
    remove: rows.filter((r) => r.id && r.removed),
  };
}
