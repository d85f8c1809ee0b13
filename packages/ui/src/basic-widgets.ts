import type { FieldDef } from '@tangram/schema';
import { createWidgetRegistry, type FieldWidget, type WidgetRegistry } from './widget-registry.js';
import { BooleanWidget } from './widgets/boolean-widget.js';
import { ComputedWidget } from './widgets/computed-widget.js';
import { DateWidget } from './widgets/date-widget.js';
import { LongTextWidget } from './widgets/long-text-widget.js';
import { NumberWidget } from './widgets/number-widget.js';
import { ReferenceWidget } from './widgets/reference-widget.js';
import { SelectWidget } from './widgets/select-widget.js';
import { TextWidget } from './widgets/text-widget.js';

/** The basic widget of every field type; richer ones are registered over these. */
export const BASIC_WIDGETS: Readonly<Record<FieldDef['type'], FieldWidget>> = {
  text: TextWidget,
  long_text: LongTextWidget,
  rich_text: LongTextWidget,
  integer: NumberWidget,
  number: NumberWidget,
  currency: NumberWidget,
  percent: NumberWidget,
  date: DateWidget,
  datetime: DateWidget,
  boolean: BooleanWidget,
  single_select: SelectWidget,
  multi_select: SelectWidget,
  email: TextWidget,
  phone: TextWidget,
  url: TextWidget,
  lookup: ReferenceWidget,
  master_detail: ReferenceWidget,
  user: ReferenceWidget,
  department: ReferenceWidget,
  formula: ComputedWidget,
  rollup: ComputedWidget,
  autonumber: ComputedWidget,
  attachment: TextWidget,
  region: TextWidget,
  rating: NumberWidget,
};

/** A new registry holding the basic widgets. */
export function createBasicWidgetRegistry(): WidgetRegistry {
  return createWidgetRegistry(TextWidget, BASIC_WIDGETS);
}

/**
 * The registry FormRenderer uses unless given another. Apps register richer widgets into it at
 * start-up: `defaultWidgetRegistry.register('lookup', LookupPicker)`.
 */
export const defaultWidgetRegistry: WidgetRegistry = createBasicWidgetRegistry();
