import { Select } from 'antd';
import { useEffect, useState } from 'react';
import type { WidgetProps } from '../widget-props.js';
import { useWidgetServices } from '../widget-services.js';
import { ReferenceWidget } from './reference-widget.js';

/** Picks one person (or several, for `multiple` user fields) by name. */
export function UserPickerWidget(props: WidgetProps) {
  const { field, value, onChange, id, readOnly, placeholder, invalid } = props;
  const services = useWidgetServices();
  const [users, setUsers] = useState<{ id: string; name: string }[]>([]);
  useEffect(() => {
    if (!services) return;
    let live = true;
    void services.listUsers().then((list) => {
      if (live) setUsers(list);
    });
    return () => {
      live = false;
    };
  }, [services]);
  if (!services || field.type !== 'user') return <ReferenceWidget {...props} />;
  const multiple = field.multiple === true;
  const known = new Set(users.map((u) => u.id));
  const current = (
    Array.isArray(value) ? value : typeof value === 'string' ? [value] : []
  ) as string[];
  const options = [
    ...users.map((u) => ({ value: u.id, label: u.name })),
    ...current.filter((v) => !known.has(v)).map((v) => ({ value: v, label: v.slice(0, 8) })),
  ];
  return (
    <Select
      id={id}
      data-testid={`user-${field.name}`}
      style={{ width: '100%' }}
      allowClear
      showSearch
      optionFilterProp="label"
      {...(multiple ? { mode: 'multiple' as const } : {})}
      value={multiple ? current : (current[0] ?? null)}
      onChange={(next: string | string[] | undefined) =>
        onChange(Array.isArray(next) ? (next.length === 0 ? null : next) : (next ?? null))
      }
      disabled={readOnly === true}
      placeholder={placeholder ?? ''}
      status={invalid ? 'error' : ''}
      options={options}
    />
  );
}
