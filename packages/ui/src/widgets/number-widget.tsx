import { InputNumber } from 'antd';
import type { WidgetProps } from '../widget-props.js';

function scaleOf(props: WidgetProps): number | undefined {
  const { field } = props;
  if (field.type === 'integer') return 0;
  return 'scale' in field ? field.scale : undefined;
}

/** A number input for integer, number, currency and percent fields, honouring min, max and scale. */
export function NumberWidget(props: WidgetProps) {
  const { field, value, onChange, id, readOnly, placeholder, invalid } = props;
  const min = 'min' in field && typeof field.min === 'number' ? field.min : undefined;
  const max = 'max' in field && typeof field.max === 'number' ? field.max : undefined;
  const scale = scaleOf(props);
  const prefix = field.type === 'currency' ? field.currency : undefined;
  return (
    <InputNumber
      id={id}
      style={{ width: '100%' }}
      value={typeof value === 'number' ? value : typeof value === 'string' ? Number(value) : null}
      onChange={(next) => onChange(next ?? null)}
      disabled={readOnly === true}
      placeholder={placeholder ?? ''}
      status={invalid ? 'error' : ''}
      {...(min === undefined ? {} : { min })}
      {...(max === undefined ? {} : { max })}
      {...(scale === undefined ? {} : { precision: scale })}
      {...(prefix === undefined ? {} : { prefix })}
      {...(field.type === 'percent' ? { suffix: '%' } : {})}
    />
  );
}
