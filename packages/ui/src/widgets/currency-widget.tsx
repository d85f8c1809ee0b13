import { InputNumber } from 'antd';
import type { WidgetProps } from '../widget-props.js';

/** The currency symbol of a code in a locale: '¥' for CNY in zh-CN, 'CN¥' in en. */
export function currencySymbol(currency: string, locale: string): string {
  const part = new Intl.NumberFormat(locale, { style: 'currency', currency })
    .formatToParts(0)
    .find((p) => p.type === 'currency');
  return part?.value ?? currency;
}

/** An amount in the field's currency: its symbol in front, grouped thousands, the field's scale. */
export function CurrencyWidget({
  field,
  value,
  onChange,
  id,
  readOnly,
  placeholder,
  invalid,
  locale,
}: WidgetProps) {
  const currency = field.type === 'currency' ? field.currency : 'CNY';
  const scale = field.type === 'currency' ? (field.scale ?? 2) : 2;
  const grouping = new Intl.NumberFormat(locale, { maximumFractionDigits: scale });
  return (
    <InputNumber<number>
      id={id}
      style={{ width: '100%' }}
      addonBefore={currencySymbol(currency, locale)}
      value={typeof value === 'number' ? value : typeof value === 'string' ? Number(value) : null}
      precision={scale}
      formatter={(v) =>
        v === undefined || v === null || `${v}` === '' ? '' : grouping.format(Number(v))
      }
      parser={(text) => Number((text ?? '').replace(/[^\d.-]/g, ''))}
      onChange={(next) => onChange(next ?? null)}
      disabled={readOnly === true}
      placeholder={placeholder ?? ''}
      status={invalid ? 'error' : ''}
    />
  );
}
