export {
  BASIC_WIDGETS,
  createBasicWidgetRegistry,
  defaultWidgetRegistry,
} from './basic-widgets.js';
export type { FormRendererProps } from './form-renderer.js';
export { FormRenderer } from './form-renderer.js';
export type { FormState, ItemState, RuleFailure } from './form-rules.js';
export {
  COMPUTED_FIELD_TYPES,
  evaluateFormState,
  findMissingRequired,
  formSections,
  isTruthy,
} from './form-rules.js';
export { localize } from './localize.js';
export { RICH_WIDGETS, registerRichWidgets } from './rich-widgets.js';
export { uiMessages } from './ui-messages.js';
export { dayKey, dayOfValue, moveToDay, shiftDays, visibleDays } from './views/calendar-dates.js';
export type { CalendarViewProps } from './views/calendar-view.js';
export { CalendarView } from './views/calendar-view.js';
export { ColumnChooser } from './views/column-chooser.js';
export type { FilterBuilderProps } from './views/filter-builder.js';
export { FilterBuilder, filterFieldChoices } from './views/filter-builder.js';
export type { ConditionDraft, FilterDraft } from './views/filter-model.js';
export { combineFilters, draftToFilter, filterToDraft } from './views/filter-model.js';
export type { RecordRow, ValueNames } from './views/format-value.js';
export { formatCurrency, formatDate, formatValue } from './views/format-value.js';
export type { KanbanBoardProps } from './views/kanban-board.js';
export { KanbanBoard, laneTotals } from './views/kanban-board.js';
export { maskValue } from './views/mask-value.js';
export type { RecordDetailsProps } from './views/record-details.js';
export { RecordDetails } from './views/record-details.js';
export type { RecordListProps } from './views/record-list.js';
export { RecordList } from './views/record-list.js';
export type { RecordPageProps } from './views/record-page.js';
export { RecordPage } from './views/record-page.js';
export type { RecordTimelineProps, TimelineEntry } from './views/record-timeline.js';
export { RecordTimeline } from './views/record-timeline.js';
export type { RelatedListProps } from './views/related-list.js';
export { RelatedList } from './views/related-list.js';
export type { SubtableEditorProps, SubtableRow } from './views/subtable-editor.js';
export { newRowKey, SubtableEditor, subtableChanges } from './views/subtable-editor.js';
export { viewsMessages } from './views/views-messages.js';
export type { WidgetProps } from './widget-props.js';
export type { FieldWidget, WidgetRegistry } from './widget-registry.js';
export { createWidgetRegistry } from './widget-registry.js';
export type { RegionOption, UploadedFile, WidgetServices } from './widget-services.js';
export { useWidgetServices, WidgetServicesProvider } from './widget-services.js';
export { currencySymbol } from './widgets/currency-widget.js';
export { regionCodePath } from './widgets/region-cascader-widget.js';
export { RichTextView } from './widgets/rich-text-widget.js';
export { sanitizeHtml } from './widgets/sanitize-html.js';
export { selectOptionsOf } from './widgets/select-widget.js';
export { UserPickerWidget } from './widgets/user-picker-widget.js';
