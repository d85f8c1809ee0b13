import type { LocalizedText } from '@tangram/schema';
import { Input, Space } from 'antd';
import type { ChangeEvent } from 'react';

/** The locales a label is written in, the UI's first. */
export const LABEL_LOCALES = ['zh-CN', 'en'] as const;

/** Inputs for a localized text, one per locale; all empty gives undefined. */
export function LocalizedTextInput(props: {
  readonly value: LocalizedText | undefined;
  readonly onChange: (value: LocalizedText | undefined) => void;
  readonly locale: string;
  readonly testId?: string;
  readonly multiline?: boolean;
}) {
  const { value, onChange, locale, testId, multiline } = props;
  const locales = [...LABEL_LOCALES].sort((a, b) => (a === locale ? -1 : b === locale ? 1 : 0));
  const set = (key: string, text: string) => {
    const next: Record<string, string> = { ...(value ?? {}) };
    if (text === '') delete next[key];
    else next[key] = text;
    onChange(Object.keys(next).length === 0 ? undefined : next);
  };
  return (
    <Space direction="vertical" style={{ width: '100%' }} size={4}>
      {locales.map((key) => {
        const common = {
          value: value?.[key] ?? '',
          'data-testid': testId ? `${testId}-${key}` : undefined,
        };
        return multiline ? (
          <Input.TextArea
            key={key}
            {...common}
            autoSize={{ minRows: 1, maxRows: 4 }}
            placeholder={key}
            onChange={(event: ChangeEvent<HTMLTextAreaElement>) => set(key, event.target.value)}
          />
        ) : (
          <Input
            key={key}
            {...common}
            addonBefore={key}
            onChange={(event: ChangeEvent<HTMLInputElement>) => set(key, event.target.value)}
          />
        );
      })}
    </Space>
  );
}
