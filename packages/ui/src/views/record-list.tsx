import type { FieldDef, ObjectDoc, SortSpec } from '@tangram/schema';
import { Button, Empty, Table, type TableColumnsType, type TableProps, Typography } from 'antd';
import { memo, useEffect, useMemo, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { localize } from '../localize.js';
import { selectOptionsOf } from '../widgets/select-widget.js';
import { formatValue, type RecordRow, type ValueNames } from './format-value.js';

/** What a list draws: the object, the columns to show, a page of records and how to get more. */
export interface RecordListProps {
  readonly object: ObjectDoc;
  /** Field names of the columns, in order (from the view, after the column chooser). */
  readonly columns: readonly string[];
  readonly records: readonly RecordRow[];
  readonly locale: string;
  readonly sort: readonly SortSpec[];
  readonly onSortChange: (sort: SortSpec[]) => void;
  readonly selectedIds?: readonly string[];
  readonly onSelectionChange?: (ids: string[]) => void;
  readonly onOpen: (record: RecordRow) => void;
  readonly hasMore: boolean;
  readonly onLoadMore: () => void;
  readonly loading?: boolean;
  readonly count?: { readonly value: number; readonly exact: boolean } | undefined;
  readonly names?: ValueNames;
  /** Column widths by field name (from the view). */
  readonly widths?: Readonly<Record<string, number>>;
}

type Sorter = Exclude<Parameters<NonNullable<TableProps<RecordRow>['onChange']>>[2], unknown[]>;

const SORTABLE_SYSTEM = new Set(['created_at', 'updated_at']);

/**
 * A list of records: columns from the view, a click on a header sorts by it, rows open the
 * record, checkboxes select rows for bulk actions, and a sentinel under the last row loads the
 * next keyset page when it scrolls into view (a button does the same by hand).
 */
export const RecordList = memo(function RecordList(props: RecordListProps) {
  const { object, records, locale, sort, onSortChange, hasMore, onLoadMore, loading } = props;
  const { t } = useTranslation('views');
  const sentinel = useRef<HTMLDivElement>(null);
  const fields = useMemo(() => new Map(object.fields.map((f) => [f.name, f])), [object]);

  // Load the next page when the sentinel comes into view (infinite scroll).
  useEffect(() => {
    const element = sentinel.current;
    if (!element || !hasMore || loading || typeof IntersectionObserver === 'undefined') return;
    const observer = new IntersectionObserver((entries) => {
      if (entries.some((e) => e.isIntersecting)) onLoadMore();
    });
    observer.observe(element);
    return () => observer.disconnect();
  }, [hasMore, loading, onLoadMore]);

  // Made once per change of what they show: antd redraws every cell when the columns change.
  const columns: TableColumnsType<RecordRow> = useMemo(
    () =>
      props.columns.flatMap((name) => {
        const field = fields.get(name);
        if (!field) return [];
        const current = sort.find((s) => s.field === name);
        const sortable =
          field.sortable === true || name === object.nameField || SORTABLE_SYSTEM.has(name);
        return [
          {
            key: name,
            dataIndex: name,
            title: localize(field.label, locale, name),
            ...(props.widths?.[name] ? { width: props.widths[name] } : {}),
            ellipsis: true,
            sorter: sortable,
            sortOrder: current ? (current.direction === 'asc' ? 'ascend' : 'descend') : null,
            render: (_: unknown, record: RecordRow) =>
              cell(field, record, locale, props.names, name === object.nameField),
          },
        ];
      }),
    [props.columns, fields, sort, object.nameField, locale, props.names, props.widths],
  );

  return (
    <div data-testid="record-list">
      {/* The page scrolls the table sideways itself: antd's scroll.x would add a measuring row
          and a second layout pass to every page drawn. */}
      <div style={{ overflowX: 'auto', maxWidth: '100%' }}>
        <Table<RecordRow>
          rowKey="id"
          size="middle"
          columns={columns}
          dataSource={records as RecordRow[]}
          pagination={false}
          loading={loading === true && records.length === 0}
          locale={{ emptyText: <Empty description={t('noRecords')} /> }}
          onRow={(record) => ({
            onClick: (event) => {
              // A click on the selection checkbox selects, it does not open.
              if ((event.target as HTMLElement).closest('.ant-table-selection-column')) return;
              props.onOpen(record);
            },
            style: { cursor: 'pointer' },
          })}
          {...(props.onSelectionChange
            ? {
                rowSelection: {
                  selectedRowKeys: [...(props.selectedIds ?? [])],
                  onChange: (keys) => props.onSelectionChange?.(keys.map(String)),
                },
              }
            : {})}
          onChange={(_pagination, _filters, sorter) => {
            const one = (Array.isArray(sorter) ? sorter[0] : sorter) as Sorter | undefined;
            const field = one?.columnKey === undefined ? undefined : String(one.columnKey);
            onSortChange(
              field && one?.order
                ? [{ field, direction: one.order === 'ascend' ? 'asc' : 'desc' }]
                : [],
            );
          }}
        />
      </div>
      <div ref={sentinel} style={{ height: 1 }} />
      <div
        style={{
          display: 'flex',
          justifyContent: 'space-between',
          alignItems: 'center',
          padding: '8px 0',
        }}
      >
        <Typography.Text type="secondary" data-testid="record-count">
          {props.count
            ? t(props.count.exact ? 'count' : 'countEstimate', {
                count: props.count.value,
              } as Record<string, unknown>)
            : ''}
        </Typography.Text>
        {hasMore ? (
          <Button onClick={onLoadMore} loading={loading === true} style={{ minHeight: 44 }}>
            {t('loadMore')}
          </Button>
        ) : null}
      </div>
    </div>
  );
});

function cell(
  field: FieldDef,
  record: RecordRow,
  locale: string,
  names: ValueNames | undefined,
  isName: boolean,
) {
  const text = formatValue(field, record, locale, names);
  if (isName) return <Typography.Link>{text || '—'}</Typography.Link>;
  if (field.type === 'single_select' && text !== '') {
    // The select widget's own option label: the option's colour dot and its name.
    const option = selectOptionsOf(field.options, locale).find(
      (o) => o.value === record[field.name],
    );
    if (option) return option.label;
  }
  return text;
}
