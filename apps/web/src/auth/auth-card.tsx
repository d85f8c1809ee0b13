import { Alert, Card, Typography } from 'antd';
import type { ReactNode } from 'react';
import { LanguageSwitch } from '../shell/language-switch';

/** The centred card of the pages before sign-in: title, language switch, intro, error, form. */
export function AuthCard(props: {
  readonly title: string;
  readonly intro?: string;
  readonly error: string | null;
  readonly width: number;
  readonly children: ReactNode;
}) {
  return (
    <div
      style={{ minHeight: '100vh', display: 'grid', placeItems: 'center', background: '#f5f5f5' }}
    >
      <Card
        style={{ width: props.width, maxWidth: '100%' }}
        title={props.title}
        extra={<LanguageSwitch />}
      >
        {props.intro ? (
          <Typography.Paragraph type="secondary">{props.intro}</Typography.Paragraph>
        ) : null}
        {props.error ? (
          <Alert type="error" message={props.error} style={{ marginBottom: 16 }} showIcon />
        ) : null}
        {props.children}
      </Card>
    </div>
  );
}
