import { DownOutlined, FilterOutlined, SaveOutlined } from '@ant-design/icons';
import { fieldTypeOf } from '@tangram/engine/field-types';
import type { FieldDef, FilterNode, ObjectDoc, SortSpec, ViewDoc } from '@tangram/schema';
import {
  ColumnChooser,
  combineFilters,
  defaultWidgetRegistry,
  FilterBuilder,
  localize,
  RecordList,
  type RecordRow,
} from '@tangram/ui';
import { useQueryClient } from '@tanstack/react-query';
import {
  App as AntApp,
  Badge,
  Button,
  Drawer,
  Dropdown,
  Input,
  Modal,
  Radio,
  Select,
  Space,
} from 'antd';
import { useEffect, useLayoutEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { describeError } from '../api/describe-error';
import { useSession } from '../auth/session-store';
import {
  type BulkAnswer,
  bulkDelete,
  bulkUpdate,
  deleteSavedView,
  type SavedViewEntry,
  saveView,
  updateSavedView,
} from './app-api';
import { lookupTargets, relationFields, useObjectDocs } from './app-queries';
import { filterableObject, readableColumns, readableSort, usePermissions } from './object-access';
import { reportBulk } from './report-bulk';
import { useRecordPages } from './use-records';
import { useValueNames } from './use-value-names';

/** The operators of a field, from the engine's field-type registry (the server's own list). */
export const operatorsOf = (field: FieldDef) => fieldTypeOf(field).operators(field);

/** What the list page shows: an object through a view, maybe a saved view over it. */
export interface ListPageProps {
  readonly object: ObjectDoc;
  readonly view: ViewDoc;
  readonly saved?: SavedViewEntry | undefined;
  readonly onOpen: (record: RecordRow) => void;
  readonly onSavedViewChange: (view: SavedViewEntry | null) => void;
}

/**
 * The list of a view: quick search, a filter builder over the view's own filter, header sort,
 * a column chooser, saving the result as a personal or shared view, and bulk edit, delete and
 * owner transfer of the selected rows.
 */
export function ListPage(props: ListPageProps) {
  const { object, view, saved } = props;
  const { t, i18n } = useTranslation('apps');
  const { message, modal } = AntApp.useApp();
  const locale = i18n.language;
  const me = useSession((s) => s.user);
  const queryClient = useQueryClient();
  const related = useObjectDocs(lookupTargets(object));
  const permissions = usePermissions(object.name);
  const base = saved?.definition ?? view;
  const [columns, setColumns] = useState<string[]>(readableColumns(object, base.columns));
  const [sort, setSort] = useState<SortSpec[]>(readableSort(object, base.sort));
  const [filter, setFilter] = useState<FilterNode | null>(
    saved ? (saved.definition.filter ?? null) : null,
  );
  const [search, setSearch] = useState('');
  const [filterOpen, setFilterOpen] = useState(false);
  const [selected, setSelected] = useState<string[]>([]);
  const [saveOpen, setSaveOpen] = useState(false);
  const [bulk, setBulk] = useState<'edit' | 'owner' | null>(null);

  // A saved view replaces the columns, sort and filter.
  useEffect(() => {
    const definition = saved?.definition ?? view;
    setColumns(readableColumns(object, definition.columns));
    setSort(readableSort(object, definition.sort));
    setFilter(saved ? (saved.definition.filter ?? null) : null);
    setSelected([]);
  }, [saved, view, object]);

  const query = useMemo(
    () => ({
      filter: combineFilters(saved ? undefined : view.filter, filter),
      sort,
      search: search.trim() === '' ? undefined : search.trim(),
      limit: view.pageSize ?? 50,
      expand: relationFields(object),
    }),
    [saved, view, filter, sort, search, object],
  );
  const pages = useRecordPages(object.name, query);
  const byId = new Map(pages.records.map((r) => [r.id, r]));
  const names = useValueNames(object, pages.records);
  const widths = useMemo(
    () => Object.fromEntries(view.columns.flatMap((c) => (c.width ? [[c.field, c.width]] : []))),
    [view],
  );

  // A performance measure per page drawn: its data arriving to the next frame (bench/web).
  useLayoutEffect(() => {
    if (pages.records.length === 0) return;
    const mark = `tangram:records-data:${object.name}`;
    if (performance.getEntriesByName(mark, 'mark').length === 0) return;
    requestAnimationFrame(() => {
      performance.measure('tangram:list-render', mark);
      performance.clearMarks(mark);
    });
  }, [pages.records, object.name]);
  const ownerField = object.fields.find((f) => f.type === 'user' && !f.multiple);
  const filterable = useMemo(() => filterableObject(object), [object]);
  const filterableRelated = useMemo(
    () => Object.fromEntries(Object.entries(related).map(([k, d]) => [k, filterableObject(d)])),
    [related],
  );
  const conditionCount = filter
    ? filter.kind === 'condition'
      ? 1
      : filter.kind === 'not'
        ? 1
        : filter.children.length
    : 0;

  const reload = () => queryClient.invalidateQueries({ queryKey: ['records', object.name] });
  const bulkDone = (answer: BulkAnswer) => {
    reportBulk(
      answer,
      { message, t, object, locale },
      { done: 'bulkDone', partial: 'bulkPartial' },
    );
    setSelected([]);
    void reload();
  };

  const definition = () => ({
    type: 'list' as const,
    columns: columns.map((field) => ({ field })),
    ...(filter ? { filter } : {}),
    ...(sort.length > 0 ? { sort } : {}),
  });

  return (
    <div data-testid="list-page">
      <Space wrap style={{ marginBottom: 8, width: '100%' }}>
        <Input.Search
          allowClear
          placeholder={t('quickSearch')}
          onSearch={setSearch}
          style={{ width: 220, maxWidth: '100%' }}
          data-testid="quick-search"
        />
        <Badge count={conditionCount} size="small">
          <Button
            icon={<FilterOutlined />}
            onClick={() => setFilterOpen(true)}
            data-testid="open-filter"
            style={{ minHeight: 40 }}
          >
            {t('filter')}
          </Button>
        </Badge>
        <ColumnChooser object={object} value={columns} onChange={setColumns} locale={locale} />
        <Button
          icon={<SaveOutlined />}
          onClick={() => setSaveOpen(true)}
          data-testid="save-view"
          style={{ minHeight: 40 }}
        >
          {t('saveView')}
        </Button>
        {saved && saved.ownerId === me?.id ? (
          <Button
            danger
            onClick={() =>
              modal.confirm({
                title: t('deleteViewConfirm', { label: saved.label }),
                onOk: async () => {
                  await deleteSavedView(saved);
                  await queryClient.invalidateQueries({ queryKey: ['saved-views', object.name] });
                  props.onSavedViewChange(null);
                },
              })
            }
          >
            {t('deleteView')}
          </Button>
        ) : null}
        {selected.length > 0 && (permissions.update || permissions.delete) ? (
          <Dropdown
            menu={{
              items: [
                ...(permissions.update ? [{ key: 'edit', label: t('bulkEdit') }] : []),
                ...(ownerField && permissions.update
                  ? [{ key: 'owner', label: t('bulkOwner') }]
                  : []),
                ...(permissions.delete
                  ? [{ key: 'delete', label: t('bulkDelete'), danger: true }]
                  : []),
              ],
              onClick: ({ key }) => {
                if (key === 'delete') {
                  modal.confirm({
                    title: t('bulkDeleteConfirm', { count: selected.length }),
                    okButtonProps: { danger: true },
                    onOk: async () =>
                      bulkDone(
                        await bulkDelete(
                          object.name,
                          selected.flatMap((id) =>
                            byId.get(id) ? [{ id, ifMatch: byId.get(id)?.version ?? 1 }] : [],
                          ),
                        ),
                      ),
                  });
                } else setBulk(key as 'edit' | 'owner');
              },
            }}
          >
            <Button data-testid="bulk-actions" style={{ minHeight: 40 }}>
              {t('selectedCount', { count: selected.length })} <DownOutlined />
            </Button>
          </Dropdown>
        ) : null}
      </Space>
      <RecordList
        object={object}
        columns={columns}
        widths={widths}
        records={pages.records}
        locale={locale}
        sort={sort}
        onSortChange={setSort}
        selectedIds={selected}
        {...(permissions.update || permissions.delete ? { onSelectionChange: setSelected } : {})}
        onOpen={props.onOpen}
        hasMore={pages.hasMore}
        onLoadMore={pages.loadMore}
        loading={pages.loading}
        count={pages.count}
        names={names}
      />
      <Drawer
        open={filterOpen}
        onClose={() => setFilterOpen(false)}
        title={t('filter')}
        width={Math.min(560, globalThis.innerWidth ?? 560)}
      >
        <FilterBuilder
          key={JSON.stringify(filter)}
          object={filterable}
          related={filterableRelated}
          operatorsOf={operatorsOf}
          value={filter}
          locale={locale}
          onChange={(next) => {
            setFilter(next);
            setFilterOpen(false);
          }}
        />
      </Drawer>
      {/* Mounted per opening, so its fields start from the view being saved. */}
      {saveOpen ? (
        <SaveViewModal
          saved={saved && saved.ownerId === me?.id ? saved : undefined}
          onClose={() => setSaveOpen(false)}
          onSave={async (label, visibility, asNew) => {
            const entry =
              saved && !asNew && saved.ownerId === me?.id
                ? await updateSavedView(saved, { label, visibility, definition: definition() })
                : await saveView({
                    object: object.name,
                    label,
                    visibility,
                    definition: definition(),
                  });
            await queryClient.invalidateQueries({ queryKey: ['saved-views', object.name] });
            setSaveOpen(false);
            void message.success(t('viewSaved'));
            props.onSavedViewChange(entry);
          }}
        />
      ) : null}
      <BulkFieldModal
        object={object}
        mode={bulk}
        ownerField={ownerField}
        onClose={() => setBulk(null)}
        onApply={async (field, value) => {
          setBulk(null);
          bulkDone(
            await bulkUpdate(
              object.name,
              selected.flatMap((id) => {
                const record = byId.get(id);
                return record ? [{ id, ifMatch: record.version, patch: { [field]: value } }] : [];
              }),
            ),
          );
        }}
      />
    </div>
  );
}

function SaveViewModal(props: {
  readonly saved: SavedViewEntry | undefined;
  readonly onClose: () => void;
  readonly onSave: (
    label: string,
    visibility: 'personal' | 'shared',
    asNew: boolean,
  ) => Promise<void>;
}) {
  const { t } = useTranslation('apps');
  const { message } = AntApp.useApp();
  // Initial values only: a reset in an effect after opening could wipe what was already typed.
  const [label, setLabel] = useState(props.saved?.label ?? '');
  const [visibility, setVisibility] = useState<'personal' | 'shared'>(
    props.saved?.visibility ?? 'personal',
  );
  const [busy, setBusy] = useState(false);
  const blank = label.trim() === '';
  const submit = async (asNew: boolean) => {
    if (blank) return;
    setBusy(true);
    try {
      await props.onSave(label.trim(), visibility, asNew);
    } catch (error) {
      void message.error(describeError(error));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal
      open
      title={t('saveView')}
      onCancel={props.onClose}
      footer={
        <Space>
          {props.saved ? (
            <Button onClick={() => void submit(true)} disabled={busy || blank}>
              {t('saveAsNew')}
            </Button>
          ) : null}
          <Button
            type="primary"
            loading={busy}
            disabled={blank}
            onClick={() => void submit(false)}
            data-testid="save-view-ok"
          >
            {t('save')}
          </Button>
        </Space>
      }
    >
      <Space direction="vertical" style={{ width: '100%' }}>
        <Input
          value={label}
          onChange={(e) => setLabel(e.target.value)}
          placeholder={t('viewName')}
          maxLength={100}
          data-testid="view-name"
        />
        <Radio.Group
          value={visibility}
          onChange={(e) => setVisibility(e.target.value)}
          options={[
            { value: 'personal', label: t('personal') },
            { value: 'shared', label: t('shared') },
          ]}
        />
      </Space>
    </Modal>
  );
}

function BulkFieldModal(props: {
  readonly object: ObjectDoc;
  readonly mode: 'edit' | 'owner' | null;
  readonly ownerField: FieldDef | undefined;
  readonly onClose: () => void;
  readonly onApply: (field: string, value: unknown) => Promise<void>;
}) {
  const { t, i18n } = useTranslation('apps');
  const locale = i18n.language;
  const [fieldName, setFieldName] = useState<string | null>(null);
  const [value, setValue] = useState<unknown>(null);
  useEffect(() => {
    setFieldName(props.mode === 'owner' ? (props.ownerField?.name ?? null) : null);
    setValue(null);
  }, [props.mode, props.ownerField]);
  const editable = props.object.fields.filter(
    (f) =>
      !['formula', 'rollup', 'autonumber', 'attachment'].includes(f.type) &&
      f.unique !== true &&
      f.readOnly !== true,
  );
  const field = editable.find((f) => f.name === fieldName);
  const Widget = field ? defaultWidgetRegistry.get(field.type) : undefined;
  return (
    <Modal
      open={props.mode !== null}
      title={t(props.mode === 'owner' ? 'bulkOwner' : 'bulkEdit')}
      onCancel={props.onClose}
      onOk={() => (field ? void props.onApply(field.name, value) : undefined)}
      okButtonProps={{ disabled: !field }}
    >
      <Space direction="vertical" style={{ width: '100%' }}>
        {props.mode === 'edit' ? (
          <Select
            style={{ width: '100%' }}
            value={fieldName}
            onChange={(name: string) => {
              setFieldName(name);
              setValue(null);
            }}
            options={editable.map((f) => ({
              value: f.name,
              label: localize(f.label, locale, f.name),
            }))}
            placeholder={t('chooseField')}
          />
        ) : null}
        {field && Widget ? (
          <Widget field={field} value={value} onChange={setValue} id="bulk-value" locale={locale} />
        ) : null}
      </Space>
    </Modal>
  );
}
