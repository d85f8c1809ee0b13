import type { ObjectDoc, ViewDoc } from '@tangram/schema';
import { KanbanBoard, type RecordRow } from '@tangram/ui';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { relationFields } from './app-queries';
import { maskedFields, readableSort } from './object-access';
import { useBoardRecords } from './use-board-records';
import { useValueNames } from './use-value-names';

/** A kanban view: cards of the view's records in lanes of its group-by field. */
export function KanbanPage(props: {
  object: ObjectDoc;
  view: ViewDoc;
  onOpen: (record: RecordRow) => void;
}) {
  const { object, view } = props;
  const { i18n } = useTranslation();
  const query = useMemo(
    () => ({
      filter: view.filter,
      sort: readableSort(object, view.sort),
      limit: 200,
      expand: relationFields(object),
    }),
    [view, object],
  );
  const { records, save } = useBoardRecords(object, query);
  const names = useValueNames(object, records);
  if (!view.kanban) return null;
  const groupBy = view.kanban.groupBy;
  return (
    <KanbanBoard
      object={object}
      groupBy={groupBy}
      cardFields={view.kanban.cardFields}
      sumField={
        object.fields.some((f) => f.name === view.kanban?.sumField) &&
        !maskedFields(object.name).has(view.kanban.sumField ?? '')
          ? view.kanban.sumField
          : undefined
      }
      records={records}
      locale={i18n.language}
      onOpen={props.onOpen}
      names={names}
      onMove={(record, value) => save(record, { [groupBy]: value })}
    />
  );
}
