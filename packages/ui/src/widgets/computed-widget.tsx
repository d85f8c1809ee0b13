import { Input } from 'antd';
import { useTranslation } from 'react-i18next';
import type { WidgetProps } from '../widget-props.js';

/** The read-only value of a formula, rollup or autonumber field, which the server computes. */
export function ComputedWidget({ value, id }: WidgetProps) {
  const { t } = useTranslation('ui');
  const shown = value === null || value === undefined ? '' : String(value);
  return (
    <Input id={id} value={shown} readOnly placeholder={t('computedPlaceholder')} variant="filled" />
  );
}
