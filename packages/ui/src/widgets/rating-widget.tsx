import { Rate } from 'antd';
import type { WidgetProps } from '../widget-props.js';

/** Stars from 1 to the field's maximum (5 by default); a click on the current star clears it. */
export function RatingWidget({ field, value, onChange, id, readOnly }: WidgetProps) {
  const count = field.type === 'rating' ? (field.max ?? 5) : 5;
  return (
    <span id={id}>
      <Rate
        count={count}
        value={typeof value === 'number' ? value : 0}
        onChange={(next) => onChange(next === 0 ? null : next)}
        disabled={readOnly === true}
        style={{ fontSize: 24 }}
      />
    </span>
  );
}
