import { Select, Spin } from 'antd';
import { useEffect, useRef, useState } from 'react';
import type { WidgetProps } from '../widget-props.js';
import { useWidgetServices } from '../widget-services.js';
import { ReferenceWidget } from './reference-widget.js';

interface Option {
  readonly value: string;
  readonly label: string;
}

/**
 * Picks a record of the lookup's target object by typing part of its name: the app's record
 * search answers as the user types (debounced), the current value shows its record's name.
 */
export function LookupPickerWidget(props: WidgetProps) {
  const { field, value, onChange, id, readOnly, placeholder, invalid } = props;
  const services = useWidgetServices();
  const target = field.type === 'lookup' || field.type === 'master_detail' ? field.target : '';
  const [options, setOptions] = useState<Option[]>([]);
  const [searching, setSearching] = useState(false);
  const [names, setNames] = useState<Record<string, string>>({});
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const current = typeof value === 'string' ? value : undefined;

  useEffect(() => {
    if (!services || !current || names[current] !== undefined) return;
    let live = true;
    void services.recordName(target, current).then((name) => {
      if (live) setNames((known) => ({ ...known, [current]: name ?? current }));
    });
    return () => {
      live = false;
    };
  }, [services, target, current, names]);

  useEffect(() => () => clearTimeout(timer.current), []);

  if (!services || target === '') return <ReferenceWidget {...props} />;

  const search = (text: string) => {
    clearTimeout(timer.current);
    timer.current = setTimeout(() => {
      setSearching(true);
      services
        .searchRecords(target, text)
        .then((found) => {
          const next = found.map((r) => ({ value: r.id, label: r.name ?? r.id }));
          setOptions(next);
          setNames((known) => ({
            ...known,
            ...Object.fromEntries(next.map((o) => [o.value, o.label])),
          }));
        })
        .finally(() => setSearching(false));
    }, 200);
  };

  const shown =
    current && !options.some((o) => o.value === current)
      ? [{ value: current, label: names[current] ?? '…' }, ...options]
      : options;
  return (
    <Select
      id={id}
      data-testid={`lookup-${field.name}`}
      showSearch
      allowClear
      style={{ width: '100%' }}
      value={current}
      placeholder={placeholder ?? ''}
      disabled={readOnly === true}
      status={invalid ? 'error' : ''}
      filterOption={false}
      onSearch={search}
      onFocus={() => search('')}
      onChange={(next: string | undefined) => onChange(next ?? null)}
      notFoundContent={searching ? <Spin size="small" /> : null}
      options={shown}
    />
  );
}
