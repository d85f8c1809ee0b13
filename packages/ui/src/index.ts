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
export { uiMessages } from './ui-messages.js';
export type { WidgetProps } from './widget-props.js';
export type { FieldWidget, WidgetRegistry } from './widget-registry.js';
export { createWidgetRegistry } from './widget-registry.js';
export { selectOptionsOf } from './widgets/select-widget.js';
