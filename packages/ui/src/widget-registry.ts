import type { FieldDef } from '@tangram/schema';
import type { ComponentType } from 'react';
import type { WidgetProps } from './widget-props.js';

/** A React component drawing one field's input from WidgetProps. */
export type FieldWidget = ComponentType<WidgetProps>;

/** Field widgets keyed by field type; a type without its own widget gets the fallback. */
export interface WidgetRegistry {
  /** Sets (or replaces) the widget of a field type. */
  register(type: FieldDef['type'], widget: FieldWidget): void;
  /** The widget of a field type, or the fallback when none is registered. */
  get(type: FieldDef['type']): FieldWidget;
  /** Whether a field type has its own widget. */
  has(type: FieldDef['type']): boolean;
}

/** Creates a registry with the given widgets and a fallback for every other type. */
export function createWidgetRegistry(
  fallback: FieldWidget,
  widgets: Partial<Record<FieldDef['type'], FieldWidget>> = {},
): WidgetRegistry {
  const byType = new Map<string, FieldWidget>(Object.entries(widgets) as [string, FieldWidget][]);
  return {
    register(type, widget) {
      byType.set(type, widget);
    },
    get(type) {
      return byType.get(type) ?? fallback;
    },
    has(type) {
      return byType.has(type);
    },
  };
}
