import type { FieldDef } from '@tangram/schema';
import type { FieldWidget, WidgetRegistry } from './widget-registry.js';
import { AttachmentWidget } from './widgets/attachment-widget.js';
import { CurrencyWidget } from './widgets/currency-widget.js';
import { LookupPickerWidget } from './widgets/lookup-picker-widget.js';
import { PercentWidget } from './widgets/percent-widget.js';
import { RatingWidget } from './widgets/rating-widget.js';
import { RegionCascaderWidget } from './widgets/region-cascader-widget.js';
import { RichTextWidget } from './widgets/rich-text-widget.js';
import { TagsWidget } from './widgets/tags-widget.js';
import { UserPickerWidget } from './widgets/user-picker-widget.js';

/**
 * The end-user widgets registered over the basic ones. Those needing the server (lookup search,
 * regions, uploads) read it from WidgetServicesProvider and fall back to plain inputs without.
 */
export const RICH_WIDGETS: Readonly<Partial<Record<FieldDef['type'], FieldWidget>>> = {
  lookup: LookupPickerWidget,
  master_detail: LookupPickerWidget,
  region: RegionCascaderWidget,
  currency: CurrencyWidget,
  percent: PercentWidget,
  rating: RatingWidget,
  multi_select: TagsWidget,
  attachment: AttachmentWidget,
  rich_text: RichTextWidget,
  user: UserPickerWidget,
};

/** Registers the rich widgets into a registry (the default one at app start-up). */
export function registerRichWidgets(registry: WidgetRegistry): void {
  for (const [type, widget] of Object.entries(RICH_WIDGETS)) {
    if (widget) registry.register(type as FieldDef['type'], widget);
  }
}
