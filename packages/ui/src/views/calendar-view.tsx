import {
  DndContext,
  type DragEndEvent,
  PointerSensor,
  TouchSensor,
  useDraggable,
  useDroppable,
  useSensor,
  useSensors,
} from '@dnd-kit/core';
import type { ObjectDoc } from '@tangram/schema';
import { Button, Radio, Space, Typography } from 'antd';
import { memo, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import {
  dayKey,
  dayOfValue,
  daysBetween,
  shiftAnchor,
  shiftDays,
  visibleDays,
  weekStartOf,
} from './calendar-dates.js';
import { formatValue, type RecordRow } from './format-value.js';
import { usePendingMoves } from './use-pending-moves.js';

/** What a calendar draws and how a drag reschedules. */
export interface CalendarViewProps {
  readonly object: ObjectDoc;
  readonly dateField: string;
  readonly endField?: string | undefined;
  readonly titleField: string;
  readonly records: readonly RecordRow[];
  readonly locale: string;
  readonly mode: 'month' | 'week';
  /** A day (`YYYY-MM-DD`) inside the month or week shown. */
  readonly anchor: string;
  readonly onNavigate: (mode: 'month' | 'week', anchor: string) => void;
  /** Saves new dates (the end moves by as many days); a rejection puts the event back. */
  readonly onReschedule: (record: RecordRow, patch: Record<string, string | null>) => Promise<void>;
  readonly onOpen: (record: RecordRow) => void;
}

const Event = memo(function Event(props: {
  record: RecordRow;
  title: string;
  time: string;
  onOpen: (r: RecordRow) => void;
}) {
  const { attributes, listeners, setNodeRef, isDragging } = useDraggable({ id: props.record.id });
  return (
    // biome-ignore lint/a11y/noStaticElementInteractions: dnd-kit's attributes give it role="button".
    <div
      ref={setNodeRef}
      {...attributes}
      {...listeners}
      data-testid="calendar-event"
      data-record-id={props.record.id}
      onClick={() => props.onOpen(props.record)}
      onKeyDown={(event) => {
        if (event.key === 'Enter') props.onOpen(props.record);
      }}
      style={{
        background: '#e6f4ff',
        borderLeft: '3px solid #1677ff',
        borderRadius: 4,
        padding: '2px 4px',
        marginBottom: 2,
        fontSize: 12,
        cursor: 'grab',
        opacity: isDragging ? 0.4 : 1,
        overflow: 'hidden',
        whiteSpace: 'nowrap',
        textOverflow: 'ellipsis',
      }}
    >
      {props.time ? `${props.time} ` : ''}
      {props.title}
    </div>
  );
});

function Day(props: {
  day: string;
  inMonth: boolean;
  today: boolean;
  tall: boolean;
  children: React.ReactNode;
}) {
  const { setNodeRef, isOver } = useDroppable({ id: props.day });
  return (
    <div
      ref={setNodeRef}
      data-testid="calendar-day"
      data-day={props.day}
      style={{
        minHeight: props.tall ? 240 : 88,
        minWidth: 0,
        padding: 4,
        background: isOver ? '#bae0ff' : props.inMonth ? '#fff' : '#fafafa',
        borderRight: '1px solid #f0f0f0',
        borderBottom: '1px solid #f0f0f0',
      }}
    >
      <div
        style={{
          fontSize: 12,
          fontWeight: props.today ? 700 : 400,
          color: props.today ? '#1677ff' : undefined,
        }}
      >
        {Number(props.day.slice(8))}
      </div>
      {props.children}
    </div>
  );
}

/**
 * A month or week calendar of records on a date or datetime field; an event dragged to another
 * day is rescheduled there (its end moves along), shown at once and put back if the save fails.
 */
export function CalendarView(props: CalendarViewProps) {
  const { object, dateField, endField, titleField, records, locale, mode, anchor } = props;
  const { t } = useTranslation('views');
  const { moves, move } = usePendingMoves<string>();
  const sensors = useSensors(
    useSensor(PointerSensor, { activationConstraint: { distance: 6 } }),
    useSensor(TouchSensor, { activationConstraint: { delay: 180, tolerance: 8 } }),
  );
  const fields = useMemo(() => new Map(object.fields.map((f) => [f.name, f])), [object]);
  const days = visibleDays(anchor, mode, weekStartOf(locale));
  const month = anchor.slice(0, 7);
  const today = dayKey(new Date());
  const titleDef = fields.get(titleField);
  const isDatetime = fields.get(dateField)?.type === 'datetime';
  const timeFormat = new Intl.DateTimeFormat(locale, {
    hour: '2-digit',
    minute: '2-digit',
    hour12: false,
  });

  const byDay = new Map<string, RecordRow[]>();
  for (const record of records) {
    const value = record[dateField];
    if (typeof value !== 'string') continue;
    const day = moves.get(record.id) ?? dayOfValue(value);
    byDay.set(day, [...(byDay.get(day) ?? []), record]);
  }
  for (const list of byDay.values())
    list.sort((a, b) => String(a[dateField]).localeCompare(String(b[dateField])));

  const weekdays = days
    .slice(0, 7)
    .map((day) =>
      new Intl.DateTimeFormat(locale, { weekday: 'short' }).format(new Date(`${day}T12:00:00`)),
    );

  const onDragEnd = (event: DragEndEvent) => {
    const record = records.find((r) => r.id === event.active.id);
    const day = event.over ? String(event.over.id) : undefined;
    const value = record?.[dateField];
    if (!record || !day || typeof value !== 'string') return;
    const delta = daysBetween(dayOfValue(value), day);
    if (delta === 0) return;
    const patch: Record<string, string | null> = { [dateField]: shiftDays(value, delta) };
    const end = endField ? record[endField] : undefined;
    if (endField && typeof end === 'string') patch[endField] = shiftDays(end, delta);
    move(record.id, day, () => props.onReschedule(record, patch));
  };

  const title = new Intl.DateTimeFormat(locale, { year: 'numeric', month: 'long' }).format(
    new Date(`${anchor}T12:00:00`),
  );
  return (
    <div data-testid="calendar-view">
      <Space wrap style={{ marginBottom: 8, justifyContent: 'space-between', width: '100%' }}>
        <Space>
          <Button
            onClick={() => props.onNavigate(mode, shiftAnchor(anchor, mode, -1))}
            aria-label={t('previous')}
          >
            ‹
          </Button>
          <Button onClick={() => props.onNavigate(mode, today)}>{t('today')}</Button>
          <Button
            onClick={() => props.onNavigate(mode, shiftAnchor(anchor, mode, 1))}
            aria-label={t('next')}
          >
            ›
          </Button>
          <Typography.Text strong>{title}</Typography.Text>
        </Space>
        <Radio.Group
          optionType="button"
          value={mode}
          onChange={(e) => props.onNavigate(e.target.value, anchor)}
          options={[
            { value: 'month', label: t('month') },
            { value: 'week', label: t('week') },
          ]}
        />
      </Space>
      <DndContext sensors={sensors} onDragEnd={onDragEnd}>
        <div
          style={{
            display: 'grid',
            gridTemplateColumns: 'repeat(7, minmax(0, 1fr))',
            borderTop: '1px solid #f0f0f0',
            borderLeft: '1px solid #f0f0f0',
          }}
        >
          {weekdays.map((name) => (
            <div
              key={name}
              style={{ padding: 4, fontSize: 12, color: '#888', borderRight: '1px solid #f0f0f0' }}
            >
              {name}
            </div>
          ))}
          {days.map((day) => (
            <Day
              key={day}
              day={day}
              inMonth={mode === 'week' || day.startsWith(month)}
              today={day === today}
              tall={mode === 'week'}
            >
              {(byDay.get(day) ?? []).map((record) => (
                <Event
                  key={record.id}
                  record={record}
                  title={titleDef ? formatValue(titleDef, record, locale) : record.id}
                  time={isDatetime ? timeFormat.format(new Date(String(record[dateField]))) : ''}
                  onOpen={props.onOpen}
                />
              ))}
            </Day>
          ))}
        </div>
      </DndContext>
    </div>
  );
}
