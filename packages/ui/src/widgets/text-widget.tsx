import { Input } from 'antd';
import type { ChangeEvent } from 'react';
import type { WidgetProps } from '../widget-props.js';

const INPUT_TYPES: Partial<Record<string, string>> = { email: 'email', phone: 'tel', url: 'url' };

/** A one-line text input: text, email, phone and url fields, and the fallback for other types. */
export function TextWidget({
  field,
  value,
  onChange,
  id,
  readOnly,
  placeholder,
  invalid,
}: WidgetProps) {
  return (
    <Input
      id={id}
      type={INPUT_TYPES[field.type] ?? 'text'}
      value={value === null || value === undefined ? '' : String(value)}
      onChange={(event: ChangeEvent<HTMLInputElement>) =>
        onChange(event.target.value === '' ? null : event.target.value)
      }
      disabled={readOnly === true}
      placeholder={placeholder ?? ''}
      status={invalid ? 'error' : ''}
      maxLength={'maxLength' in field ? field.maxLength : undefined}
    />
  );
}
