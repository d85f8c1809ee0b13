import { useDraggable, useDroppable } from '@dnd-kit/core';
import { rectSortingStrategy, SortableContext, useSortable } from '@dnd-kit/sortable';
import { CSS } from '@dnd-kit/utilities';
import type { FieldDef, FormBlock, FormSection, FormSectionItem } from '@tangram/schema';
import { localize } from '@tangram/ui';
import { Button, Tabs, Typography } from 'antd';
import { type MouseEvent, memo, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { removeItem } from './commands/remove-item.js';
import { updateItem } from './commands/update-item.js';
import type { FormCommand } from './designer-store.js';
import { dragId } from './resolve-drop.js';

/** What every canvas part needs: the object's fields, the locale, selection and how to edit. */
export interface CanvasContext {
  readonly fields: ReadonlyMap<string, FieldDef>;
  readonly locale: string;
  readonly selectedId: string | null;
  readonly select: (id: string | null) => void;
  readonly apply: (command: FormCommand) => void;
}

function itemLabel(item: FormSectionItem, ctx: CanvasContext): string {
  switch (item.type) {
    case 'field': {
      const field = ctx.fields.get(item.field);
      return localize(item.label ?? field?.label, ctx.locale, item.field);
    }
    case 'divider':
      return `— ${localize(item.label, ctx.locale, '')} —`;
    case 'text':
      return localize(item.content, ctx.locale, '…');
    case 'subtable':
      return localize(item.label, ctx.locale, item.object);
    default: {
      const unknownItem: never = item;
      return String(unknownItem);
    }
  }
}

const TAG_STYLE = {
  display: 'inline-block',
  marginLeft: 4,
  padding: '0 6px',
  fontSize: 12,
  lineHeight: '18px',
  border: '1px solid #d9d9d9',
  borderRadius: 4,
  background: '#fafafa',
} as const;
const RULE_TAG_STYLE = {
  ...TAG_STYLE,
  color: '#531dab',
  borderColor: '#d3adf7',
  background: '#f9f0ff',
};
const ICON_BUTTON_STYLE = {
  border: 0,
  background: 'transparent',
  cursor: 'pointer',
  padding: '0 4px',
  lineHeight: '22px',
} as const;

/**
 * What a canvas card shows, drawn with plain elements and memoized apart from the sortable
 * wrapper: during a drag dnd-kit re-renders every sortable item, and a 150-field form must
 * not redraw 150 cards of components each time.
 */
const ItemCardBody = memo(function ItemCardBody(props: {
  item: FormSectionItem;
  label: string;
  span: number;
  columns: number;
  selected: boolean;
  ctx: CanvasContext;
}) {
  const { item, label, span, columns, selected, ctx } = props;
  const { t } = useTranslation('designer');
  const field = item.type === 'field' ? ctx.fields.get(item.field) : undefined;
  const rules = item.type === 'field' ? Object.keys(item.rules ?? {}) : [];
  const resizable = item.type === 'field' || item.type === 'subtable';
  return (
    <div style={{ display: 'flex', alignItems: 'center', justifyContent: 'space-between', gap: 4 }}>
      <span style={{ minWidth: 0, overflow: 'hidden', textOverflow: 'ellipsis' }}>
        {label}
        {field ? <span style={TAG_STYLE}>{field.type}</span> : null}
        {rules.map((rule) => (
          <span key={rule} style={RULE_TAG_STYLE}>
            {t(`${rule}If`)}
          </span>
        ))}
      </span>
      <span style={{ whiteSpace: 'nowrap' }} onPointerDown={(event) => event.stopPropagation()}>
        {resizable ? (
          <>
            <button
              type="button"
              style={ICON_BUTTON_STYLE}
              aria-label={`${t('width')} −`}
              disabled={span <= 1}
              onClick={(event: MouseEvent) => {
                event.stopPropagation();
                ctx.apply((f) =>
                  updateItem(f, item.id, { span: span - 1 === 1 ? undefined : span - 1 }),
                );
              }}
            >
              ◂
            </button>
            <button
              type="button"
              style={ICON_BUTTON_STYLE}
              aria-label={`${t('width')} +`}
              disabled={span >= columns}
              onClick={(event: MouseEvent) => {
                event.stopPropagation();
                ctx.apply((f) => updateItem(f, item.id, { span: span + 1 }));
              }}
            >
              ▸
            </button>
          </>
        ) : null}
        <button
          type="button"
          style={{ ...ICON_BUTTON_STYLE, color: '#ff4d4f' }}
          aria-label={t('remove')}
          data-testid={`remove-${item.id}`}
          onClick={(event: MouseEvent) => {
            event.stopPropagation();
            ctx.apply((f) => removeItem(f, item.id));
            if (selected) ctx.select(null);
          }}
        >
          ✕
        </button>
      </span>
    </div>
  );
});

const ItemCard = memo(function ItemCard(props: {
  item: FormSectionItem;
  columns: number;
  selected: boolean;
  ctx: CanvasContext;
}) {
  const { item, columns, selected, ctx } = props;
  const { t } = useTranslation('designer');
  const sortable = useSortable({ id: dragId.item(item.id) });
  const span =
    item.type === 'field' || item.type === 'subtable' ? Math.min(item.span ?? 1, columns) : columns;
  const label = itemLabel(item, ctx);
  return (
    // biome-ignore lint/a11y/noStaticElementInteractions: dnd-kit's attributes make it a focusable role=button
    // biome-ignore lint/a11y/useAriaPropsSupportedByRole: see above
    <div
      ref={sortable.setNodeRef}
      {...sortable.attributes}
      {...sortable.listeners}
      aria-label={t('dragHandle', { name: label })}
      onKeyUp={(event) => {
        // Enter also ends a keyboard drag; selecting the item then is what the user expects.
        if (event.key === 'Enter') ctx.select(item.id);
      }}
      data-testid={`canvas-item-${item.id}`}
      data-field={item.type === 'field' ? item.field : undefined}
      onClick={(event) => {
        event.stopPropagation();
        ctx.select(item.id);
      }}
      style={{
        gridColumn: `span ${span}`,
        transform: CSS.Translate.toString(sortable.transform),
        transition: sortable.transition,
        opacity: sortable.isDragging ? 0.4 : 1,
        padding: '6px 8px',
        border: `1px ${selected ? 'solid #1677ff' : 'solid #d9d9d9'}`,
        borderRadius: 4,
        background: '#fff',
        cursor: 'grab',
        touchAction: 'none',
        minHeight: 40,
      }}
    >
      <ItemCardBody
        item={item}
        label={label}
        span={span}
        columns={columns}
        selected={selected}
        ctx={ctx}
      />
    </div>
  );
});

function SectionEnd({ sectionId, empty }: { sectionId: string; empty: boolean }) {
  const { t } = useTranslation('designer');
  const { setNodeRef, isOver } = useDroppable({ id: dragId.sectionEnd(sectionId) });
  return (
    <div
      ref={setNodeRef}
      data-testid={`section-end-${sectionId}`}
      style={{
        gridColumn: '1 / -1',
        minHeight: empty ? 56 : 28,
        border: `1px dashed ${isOver ? '#1677ff' : '#d9d9d9'}`,
        borderRadius: 4,
        display: 'grid',
        placeItems: 'center',
        color: '#999',
        background: isOver ? '#e6f4ff' : undefined,
      }}
    >
      {empty ? t('emptySection') : t('dropHere')}
    </div>
  );
}

function BlockHeader(props: {
  id: string;
  title: ReactNode;
  ctx: CanvasContext;
  extra?: ReactNode;
}) {
  const { t } = useTranslation('designer');
  const draggable = useDraggable({ id: dragId.block(props.id) });
  const droppable = useDroppable({ id: dragId.block(props.id) });
  return (
    <div
      ref={(node) => {
        draggable.setNodeRef(node);
        droppable.setNodeRef(node);
      }}
      style={{
        display: 'flex',
        alignItems: 'center',
        gap: 8,
        padding: '4px 0',
        background: droppable.isOver ? '#e6f4ff' : undefined,
      }}
    >
      {/* biome-ignore lint/a11y/useAriaPropsSupportedByRole: dnd-kit's attributes make it a focusable role=button */}
      <span
        {...draggable.attributes}
        {...draggable.listeners}
        aria-label={t('dragHandle', { name: props.id })}
        data-testid={`block-handle-${props.id}`}
        style={{ cursor: 'grab', touchAction: 'none', padding: '0 4px' }}
      >
        ⠿
      </span>
      <span style={{ flex: 1 }}>{props.title}</span>
      {props.extra}
      <Button
        size="small"
        type="text"
        danger
        aria-label={t('remove')}
        data-testid={`remove-${props.id}`}
        onClick={(event: MouseEvent) => {
          event.stopPropagation();
          props.ctx.apply((f) => removeItem(f, props.id));
        }}
      >
        ✕
      </Button>
    </div>
  );
}

/** One section on the canvas: its header and its items in the section's columns. */
export const SectionCanvas = memo(function SectionCanvas(props: {
  section: FormSection;
  ctx: CanvasContext;
  nested?: boolean;
}) {
  const { section, ctx } = props;
  const { t } = useTranslation('designer');
  const ids = section.items.map((item) => dragId.item(item.id));
  const selected = ctx.selectedId === section.id;
  return (
    // biome-ignore lint/a11y/noStaticElementInteractions: a click on the section's background selects it; keyboard users select it from its header handle
    // biome-ignore lint/a11y/useKeyWithClickEvents: see above
    <div
      data-testid={`canvas-section-${section.id}`}
      onClick={() => ctx.select(section.id)}
      style={{
        border: `1px solid ${selected ? '#1677ff' : '#f0f0f0'}`,
        borderRadius: 6,
        padding: 8,
        marginBottom: 8,
        background: '#fafafa',
      }}
    >
      <BlockHeader
        id={section.id}
        ctx={ctx}
        title={
          <Typography.Text strong>
            {localize(section.label, ctx.locale, t('section'))}{' '}
            <Typography.Text type="secondary">
              ({t('columns', { count: section.columns })})
            </Typography.Text>
          </Typography.Text>
        }
      />
      <SortableContext items={ids} strategy={rectSortingStrategy}>
        <div
          style={{
            display: 'grid',
            gridTemplateColumns: `repeat(${section.columns}, minmax(0, 1fr))`,
            gap: 8,
          }}
        >
          {section.items.map((item) => (
            <ItemCard
              key={item.id}
              item={item}
              columns={section.columns}
              selected={ctx.selectedId === item.id}
              ctx={ctx}
            />
          ))}
          <SectionEnd sectionId={section.id} empty={section.items.length === 0} />
        </div>
      </SortableContext>
    </div>
  );
});

function Gap({ index }: { index: number }) {
  const { setNodeRef, isOver } = useDroppable({ id: dragId.gap(index) });
  return (
    <div
      ref={setNodeRef}
      data-testid={`gap-${index}`}
      style={{
        height: isOver ? 24 : 12,
        background: isOver ? '#bae0ff' : undefined,
        borderRadius: 4,
      }}
    />
  );
}

function TabsCanvas({
  block,
  ctx,
}: {
  block: Extract<FormBlock, { type: 'tabs' }>;
  ctx: CanvasContext;
}) {
  const { t } = useTranslation('designer');
  return (
    <div
      data-testid={`canvas-tabs-${block.id}`}
      style={{ border: '1px solid #f0f0f0', borderRadius: 6, padding: 8, marginBottom: 8 }}
    >
      <BlockHeader
        id={block.id}
        ctx={ctx}
        title={<Typography.Text strong>{t('tabs')}</Typography.Text>}
      />
      <Tabs
        size="small"
        items={block.tabs.map((tab) => ({
          key: tab.id,
          label: (
            // biome-ignore lint/a11y/noStaticElementInteractions: the tab itself is antd's keyboard-reachable tab button
            // biome-ignore lint/a11y/useKeyWithClickEvents: see above
            <span data-testid={`canvas-tab-${tab.id}`} onClick={() => ctx.select(tab.id)}>
              {localize(tab.label, ctx.locale, tab.id)}
            </span>
          ),
          children: tab.items.map((section) => (
            <SectionCanvas key={section.id} section={section} ctx={ctx} nested />
          )),
        }))}
      />
    </div>
  );
}

/** The canvas: the form's blocks with drop gaps between them. */
export function Canvas({ blocks, ctx }: { blocks: readonly FormBlock[]; ctx: CanvasContext }) {
  return (
    // biome-ignore lint/a11y/noStaticElementInteractions: a click on empty canvas clears the selection (Escape-free shortcut)
    // biome-ignore lint/a11y/useKeyWithClickEvents: see above
    <div data-testid="canvas" onClick={() => ctx.select(null)}>
      {blocks.map((block, index) => (
        <div key={block.id}>
          <Gap index={index} />
          {block.type === 'section' ? (
            <SectionCanvas section={block} ctx={ctx} />
          ) : (
            <TabsCanvas block={block} ctx={ctx} />
          )}
        </div>
      ))}
      <Gap index={blocks.length} />
    </div>
  );
}
