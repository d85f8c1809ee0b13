import { Input } from 'antd';
import type { ChangeEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { WidgetProps } from '../widget-props.js';

/**
 * A plain input holding the id of a referenced record, user or department: the basic widget of
 * lookup-like fields until a picker with search is registered for them.
 */
export function ReferenceWidget({
  field,
  value,
  onChange,
  id,
  readOnly,
  placeholder,
  invalid,
}: WidgetProps) {
  const { t } = useTranslation('ui');
  const target = 'target' in field ? field.target : field.type;
  return (
    <Input
      id={id}
      value={typeof value === 'string' ? value : ''}
      onChange={(event: ChangeEvent<HTMLInputElement>) =>
        onChange(event.target.value === '' ? null : event.target.value)
      }
      disabled={readOnly === true}
      placeholder={placeholder ?? t('referencePlaceholder', { target })}
      status={invalid ? 'error' : ''}
    />
  );
}
