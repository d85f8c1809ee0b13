import { Input } from 'antd';
import type { ChangeEvent } from 'react';
import type { WidgetProps } from '../widget-props.js';

/** A multi-line text area for long text fields. */
export function LongTextWidget({
  value,
  onChange,
  id,
  readOnly,
  placeholder,
  invalid,
}: WidgetProps) {
  return (
    <Input.TextArea
      id={id}
      autoSize={{ minRows: 2, maxRows: 8 }}
      value={typeof value === 'string' ? value : ''}
      onChange={(event: ChangeEvent<HTMLTextAreaElement>) =>
        onChange(event.target.value === '' ? null : event.target.value)
      }
      disabled={readOnly === true}
      placeholder={placeholder ?? ''}
      status={invalid ? 'error' : ''}
    />
  );
}
