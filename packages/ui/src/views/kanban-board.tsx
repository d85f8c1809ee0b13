import {
  DndContext,
  type DragEndEvent,
  DragOverlay,
  type DragStartEvent,
  KeyboardSensor,
  PointerSensor,
  TouchSensor,
  useDraggable,
  useDroppable,
  useSensor,
  useSensors,
} from '@dnd-kit/core';
import type { ObjectDoc } from '@tangram/schema';
import { Card, Typography } from 'antd';
import { memo, type ReactNode, useCallback, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { localize } from '../localize.js';
import { formatCurrency, formatValue, type RecordRow, type ValueNames } from './format-value.js';
import { usePendingMoves } from './use-pending-moves.js';

/** What a kanban board draws and how a move is made. */
export interface KanbanBoardProps {
  readonly object: ObjectDoc;
  /** The single-select field the lanes are its options of. */
  readonly groupBy: string;
  readonly cardFields: readonly string[];
  /** A number or currency field summed per lane. */
  readonly sumField?: string | undefined;
  readonly records: readonly RecordRow[];
  readonly locale: string;
  /**
   * Saves a move; a rejection (with the reason as its message) puts the card back where it was.
   * The board shows the card in its new lane while the save runs.
   */
  readonly onMove: (record: RecordRow, value: string | null) => Promise<void>;
  readonly onOpen: (record: RecordRow) => void;
  readonly names?: ValueNames;
}

const NO_VALUE = '__none__';

/** One lane's cards, count and sum, from the records with pending moves applied. */
export function laneTotals(
  records: readonly RecordRow[],
  groupBy: string,
  sumField: string | undefined,
  moves: ReadonlyMap<string, string | null>,
): Map<string, { records: RecordRow[]; sum: number }> {
  const lanes = new Map<string, { records: RecordRow[]; sum: number }>();
  for (const record of records) {
    const value = moves.has(record.id) ? moves.get(record.id) : record[groupBy];
    const key = typeof value === 'string' ? value : NO_VALUE;
    const lane = lanes.get(key) ?? { records: [], sum: 0 };
    lane.records.push(record);
    if (sumField) lane.sum += Number(record[sumField] ?? 0) || 0;
    lanes.set(key, lane);
  }
  return lanes;
}

interface CardProps {
  readonly record: RecordRow;
  readonly title: string;
  readonly lines: readonly string[];
  readonly onOpen: (record: RecordRow) => void;
}

const CardBody = memo(function CardBody({ title, lines }: Pick<CardProps, 'title' | 'lines'>) {
  return (
    <>
      <Typography.Text strong ellipsis style={{ display: 'block' }}>
        {title}
      </Typography.Text>
      {lines.map((line, i) =>
        line === '' ? null : (
          <Typography.Text
            // biome-ignore lint/suspicious/noArrayIndexKey: the lines are the card fields, in order.
            key={i}
            type="secondary"
            ellipsis
            style={{ display: 'block', fontSize: 13 }}
          >
            {line}
          </Typography.Text>
        ),
      )}
    </>
  );
});

const DraggableCard = memo(function DraggableCard({ record, title, lines, onOpen }: CardProps) {
  const { attributes, listeners, setNodeRef, isDragging } = useDraggable({ id: record.id });
  return (
    // dnd-kit's attributes give the card role="button" and a tab stop; Enter opens it.
    // biome-ignore lint/a11y/noStaticElementInteractions: the role comes from the spread attributes.
    <div
      ref={setNodeRef}
      {...attributes}
      {...listeners}
      data-testid="kanban-card"
      data-record-id={record.id}
      onClick={() => onOpen(record)}
      onKeyDown={(event) => {
        if (event.key === 'Enter') onOpen(record);
      }}
      style={{
        background: '#fff',
        borderRadius: 8,
        padding: '10px 12px',
        marginBottom: 8,
        boxShadow: '0 1px 2px rgba(0,0,0,0.08)',
        cursor: 'grab',
        opacity: isDragging ? 0.4 : 1,
        touchAction: 'manipulation',
        userSelect: 'none',
        minHeight: 44,
      }}
    >
      <CardBody title={title} lines={lines} />
    </div>
  );
});

function Lane(props: {
  readonly value: string;
  readonly label: string;
  readonly color: string | undefined;
  readonly count: number;
  readonly sum: string | null;
  readonly children: ReactNode;
}) {
  const { setNodeRef, isOver } = useDroppable({ id: props.value });
  const { t } = useTranslation('views');
  return (
    <div
      ref={setNodeRef}
      data-testid="kanban-lane"
      data-lane={props.value}
      style={{
        flex: '0 0 auto',
        width: 'min(280px, 80vw)',
        background: isOver ? '#e6f4ff' : '#f5f5f5',
        borderRadius: 10,
        padding: 8,
        borderTop: `3px solid ${props.color ?? '#d9d9d9'}`,
        display: 'flex',
        flexDirection: 'column',
        maxHeight: '100%',
      }}
    >
      <div style={{ padding: '4px 4px 8px' }}>
        <Typography.Text strong>{props.label}</Typography.Text>{' '}
        <Typography.Text type="secondary" data-testid="lane-count">
          {t('columnCount', { count: props.count } as Record<string, unknown>)}
        </Typography.Text>
        {props.sum !== null ? (
          <div>
            <Typography.Text type="secondary" data-testid="lane-sum">
              {props.sum}
            </Typography.Text>
          </div>
        ) : null}
      </div>
      <div style={{ overflowY: 'auto', minHeight: 60 }}>{props.children}</div>
    </div>
  );
}

/**
 * A kanban board of a single-select field's options: a card dragged to another lane is shown
 * there at once and saved through `onMove`; when the save is refused (validation, permission,
 * a stale version) the card snaps back and the reason is shown. Lanes count their cards and sum
 * the sum field. Touch and keyboard drags work as the mouse does; the board scrolls sideways.
 */
export function KanbanBoard(props: KanbanBoardProps) {
  const { object, groupBy, cardFields, sumField, records, locale, onMove, onOpen, names } = props;
  const { t } = useTranslation('views');
  const { moves, move } = usePendingMoves<string | null>();
  const [active, setActive] = useState<string | null>(null);
  const sensors = useSensors(
    useSensor(PointerSensor, { activationConstraint: { distance: 6 } }),
    useSensor(TouchSensor, { activationConstraint: { delay: 180, tolerance: 8 } }),
    useSensor(KeyboardSensor),
  );
  const fields = useMemo(() => new Map(object.fields.map((f) => [f.name, f])), [object]);
  const group = fields.get(groupBy);
  const options = group?.type === 'single_select' ? group.options.filter((o) => !o.inactive) : [];
  const sum = sumField ? fields.get(sumField) : undefined;
  const nameField = fields.get(object.nameField);
  const lanes = laneTotals(records, groupBy, sumField, moves);

  const cardOf = useCallback(
    (record: RecordRow) => ({
      title: nameField ? formatValue(nameField, record, locale, names) : record.id,
      lines: cardFields.flatMap((name) => {
        const field = fields.get(name);
        return field ? [formatValue(field, record, locale, names)] : [];
      }),
    }),
    [nameField, cardFields, fields, locale, names],
  );

  // Card texts are made once per record, so a drag re-renders no card whose record is unchanged.
  const cards = useMemo(() => new Map(records.map((r) => [r.id, cardOf(r)])), [records, cardOf]);

  const formatSum = (value: number): string | null => {
    if (!sum) return null;
    if (sum.type === 'currency') return formatCurrency(value, sum.currency, locale, sum.scale ?? 2);
    return new Intl.NumberFormat(locale).format(value);
  };

  const onDragStart = (event: DragStartEvent) => setActive(String(event.active.id));
  const onDragEnd = (event: DragEndEvent) => {
    setActive(null);
    const record = records.find((r) => r.id === event.active.id);
    const target = event.over ? String(event.over.id) : undefined;
    if (!record || target === undefined) return;
    const value = target === NO_VALUE ? null : target;
    const current = moves.has(record.id) ? moves.get(record.id) : record[groupBy];
    if ((current ?? null) === value) return;
    move(record.id, value, () => onMove(record, value));
  };

  const laneList: { value: string; label: string; color: string | undefined }[] = options.map(
    (o) => ({
      value: o.value,
      label: localize(o.label, locale, o.value),
      color: o.color,
    }),
  );
  if (lanes.has(NO_VALUE))
    laneList.push({ value: NO_VALUE, label: t('noValue'), color: undefined });
  const dragged = active ? records.find((r) => r.id === active) : undefined;

  return (
    <DndContext
      sensors={sensors}
      onDragStart={onDragStart}
      onDragEnd={onDragEnd}
      onDragCancel={() => setActive(null)}
    >
      <div
        data-testid="kanban-board"
        style={{
          display: 'flex',
          gap: 12,
          overflowX: 'auto',
          paddingBottom: 8,
          alignItems: 'flex-start',
          maxWidth: '100%',
        }}
      >
        {laneList.map((lane) => {
          const content = lanes.get(lane.value) ?? { records: [], sum: 0 };
          return (
            <Lane
              key={lane.value}
              value={lane.value}
              label={lane.label}
              color={lane.color}
              count={content.records.length}
              sum={formatSum(content.sum)}
            >
              {content.records.map((record) => {
                const card = cards.get(record.id) ?? cardOf(record);
                return (
                  <DraggableCard
                    key={record.id}
                    record={record}
                    title={card.title}
                    lines={card.lines}
                    onOpen={onOpen}
                  />
                );
              })}
            </Lane>
          );
        })}
      </div>
      <DragOverlay>
        {dragged ? (
          <Card size="small" style={{ width: 260, boxShadow: '0 6px 16px rgba(0,0,0,0.18)' }}>
            <CardBody {...cardOf(dragged)} />
          </Card>
        ) : null}
      </DragOverlay>
    </DndContext>
  );
}
