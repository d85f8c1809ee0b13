import type { FieldDef } from '@tangram/schema';

/** What every field widget is given: the field, its value and how to change it. */
export interface WidgetProps {
  /** The field definition from the object document. */
  readonly field: FieldDef;
  /** The current value as the records API holds it (string, number, boolean, array or null). */
  readonly value: unknown;
  /** Called with the new value; widgets never keep the value themselves. */
  readonly onChange: (value: unknown) => void;
  /** The DOM id of the input, so the label points at it. */
  readonly id: string;
  /** The UI locale, e.g. 'zh-CN' or 'en', for option labels and formatting. */
  readonly locale: string;
  readonly readOnly?: boolean;
  readonly placeholder?: string;
  /** True while the field shows an error. */
  readonly invalid?: boolean;
}
