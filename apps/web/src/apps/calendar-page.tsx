import type { ObjectDoc, ViewDoc } from '@tangram/schema';
import { CalendarView, dayKey, type RecordRow } from '@tangram/ui';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useBoardRecords } from './use-board-records';

/** A calendar view: the records whose date falls in the month or week shown. */
export function CalendarPage(props: {
  object: ObjectDoc;
  view: ViewDoc;
  onOpen: (record: RecordRow) => void;
}) {
  const { object, view } = props;
  const { i18n } = useTranslation();
  const [mode, setMode] = useState<'month' | 'week'>(
    globalThis.innerWidth < 576 ? 'week' : 'month',
  );
  const [anchor, setAnchor] = useState(() => dayKey(new Date()));
  const dateField = view.calendar?.dateField ?? 'created_at';
  const isDatetime = object.fields.find((f) => f.name === dateField)?.type === 'datetime';
  // Six weeks around the anchor cover a month view, and a week view inside it.
  const range = useMemo(() => {
    const base = new Date(`${anchor}T00:00:00`);
    const from = new Date(base.getFullYear(), base.getMonth(), base.getDate() - 45);
    const to = new Date(base.getFullYear(), base.getMonth(), base.getDate() + 45);
    return isDatetime ? [from.toISOString(), to.toISOString()] : [dayKey(from), dayKey(to)];
  }, [anchor, isDatetime]);
  const query = useMemo(
    () => ({
      filter: {
        kind: 'and' as const,
        children: [
          ...(view.filter ? [view.filter] : []),
          { kind: 'condition' as const, field: dateField, op: 'between' as const, value: range },
        ],
      },
      sort: [{ field: dateField, direction: 'asc' as const }],
      limit: 200,
    }),
    [view, dateField, range],
  );
  const { records, save } = useBoardRecords(object, query);
  if (!view.calendar) return null;
  return (
    <CalendarView
      object={object}
      dateField={dateField}
      endField={view.calendar.endField}
      titleField={view.calendar.titleField}
      records={records}
      locale={i18n.language}
      mode={mode}
      anchor={anchor}
      onNavigate={(nextMode, nextAnchor) => {
        setMode(nextMode);
        setAnchor(nextAnchor);
      }}
      onReschedule={(record, patch) => save(record, patch)}
      onOpen={props.onOpen}
    />
  );
}
