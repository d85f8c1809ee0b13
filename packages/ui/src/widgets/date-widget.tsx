import { Input } from 'antd';
import type { ChangeEvent } from 'react';
import type { WidgetProps } from '../widget-props.js';

/**
 * A date or date-time input. The browser's own picker keeps the value in the API's format
 * (`YYYY-MM-DD`; date-times are sent as ISO 8601 UTC).
 */
export function DateWidget({ field, value, onChange, id, readOnly, invalid }: WidgetProps) {
  const dateTime = field.type === 'datetime';
  const shown =
    typeof value !== 'string' ? '' : dateTime ? toLocalInput(value) : value.slice(0, 10);
  return (
    <Input
      id={id}
      type={dateTime ? 'datetime-local' : 'date'}
      value={shown}
      onChange={(event: ChangeEvent<HTMLInputElement>) => {
        const text = event.target.value;
        if (text === '') onChange(null);
        else onChange(dateTime ? new Date(text).toISOString() : text);
      }}
      disabled={readOnly === true}
      status={invalid ? 'error' : ''}
    />
  );
}

function toLocalInput(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}
