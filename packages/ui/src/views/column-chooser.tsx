import type { ObjectDoc } from '@tangram/schema';
import { Button, Checkbox, Popover, Space } from 'antd';
import { useTranslation } from 'react-i18next';
import { localize } from '../localize.js';

/** Picks which of an object's fields a list shows; the order of `value` is kept. */
export function ColumnChooser(props: {
  readonly object: ObjectDoc;
  readonly value: readonly string[];
  readonly onChange: (columns: string[]) => void;
  readonly locale: string;
}) {
  const { t } = useTranslation('views');
  const { object, value, onChange, locale } = props;
  const content = (
    <Space
      direction="vertical"
      style={{ maxHeight: 360, overflowY: 'auto' }}
      data-testid="column-chooser"
    >
      {object.fields.map((field) => (
        <Checkbox
          key={field.name}
          checked={value.includes(field.name)}
          onChange={(event) =>
            onChange(
              event.target.checked
                ? [...value, field.name]
                : value.filter((name) => name !== field.name),
            )
          }
        >
          {localize(field.label, locale, field.name)}
        </Checkbox>
      ))}
    </Space>
  );
  return (
    <Popover trigger="click" content={content} placement="bottomRight">
      <Button style={{ minHeight: 40 }}>{t('columns')}</Button>
    </Popover>
  );
}
