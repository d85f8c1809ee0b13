import type { FieldDef } from '@tangram/schema';
import { Form, Input, InputNumber, Typography } from 'antd';
import type { ChangeEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { type FieldOptionsProps, withOption } from './field-options-props';

/** The number an autonumber pattern gives: {YYYY} {YY} {MM} {DD} and one zero-run counter. */
export function formatAutonumber(pattern: string, counter: number, date: Date): string {
  const pad = (n: number, width: number) => String(n).padStart(width, '0');
  return pattern.replace(/\{(YYYY|YY|MM|DD|0+)\}/g, (_, token: string) => {
    if (token === 'YYYY') return String(date.getFullYear());
    if (token === 'YY') return pad(date.getFullYear() % 100, 2);
    if (token === 'MM') return pad(date.getMonth() + 1, 2);
    if (token === 'DD') return pad(date.getDate(), 2);
    return pad(counter, token.length);
  });
}

/** An autonumber: its pattern with a preview of the next numbers, and where it starts. */
export function AutonumberOptionsEditor({ field, onChange }: FieldOptionsProps) {
  const { t } = useTranslation();
  const auto = field.type === 'autonumber' ? field : undefined;
  const pattern = auto?.pattern ?? '';
  const start = auto?.startAt ?? 1;
  return (
    <>
      <Form.Item label={t('opt_pattern')} required help={t('autonumberHelp')}>
        <Input
          data-testid="option-pattern"
          value={pattern}
          onChange={(event: ChangeEvent<HTMLInputElement>) =>
            onChange({ ...field, pattern: event.target.value } as FieldDef)
          }
        />
      </Form.Item>
      <Form.Item label={t('opt_startAt')}>
        <InputNumber
          min={0}
          value={auto?.startAt ?? null}
          onChange={(n) => onChange(withOption(field, 'startAt', n ?? undefined))}
        />
      </Form.Item>
      {pattern ? (
        <Typography.Text type="secondary" data-testid="autonumber-preview">
          {t('previewResult')}: {formatAutonumber(pattern, start, new Date())},{' '}
          {formatAutonumber(pattern, start + 1, new Date())}
        </Typography.Text>
      ) : null}
    </>
  );
}
