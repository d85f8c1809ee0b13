import { isClientError } from '@tangram/client';
import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { LanguageSwitch } from '../shell/language-switch';
import { signIn } from './auth-api';
import { useSession } from './session-store';

/** The sign-in page: email and password (only a name while the server has no sign-in). */
export function SignInPage() {
  const { t } = useTranslation();
  const mode = useSession((s) => s.mode);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const placeholder = mode === 'placeholder';
  const submit = async (values: { email?: string; password?: string; name?: string }) => {
    setBusy(true);
    setError(null);
    try {
      await signIn({
        email: values.email ?? '',
        password: values.password ?? '',
        name: values.name ?? '',
      });
    } catch (caught) {
      if (isClientError(caught) && caught.code === 'AUTH_RATE_LIMITED') setError(t('rateLimited'));
      else if (isClientError(caught) && caught.status === 401) setError(t('signInFailed'));
      else
        setError(
          t('error', { message: caught instanceof Error ? caught.message : String(caught) }),
        );
    } finally {
      setBusy(false);
    }
  };
  return (
    <div
      style={{ minHeight: '100vh', display: 'grid', placeItems: 'center', background: '#f5f5f5' }}
    >
      <Card style={{ width: 380 }} title={t('signInTitle')} extra={<LanguageSwitch />}>
        {placeholder ? (
          <Typography.Paragraph type="secondary">{t('placeholderIntro')}</Typography.Paragraph>
        ) : null}
        {error ? (
          <Alert type="error" message={error} style={{ marginBottom: 16 }} showIcon />
        ) : null}
        <Form layout="vertical" onFinish={submit} requiredMark={false}>
          {placeholder ? (
            <Form.Item
              name="name"
              label={t('name')}
              rules={[{ required: true, message: t('required') }]}
            >
              <Input autoFocus autoComplete="name" />
            </Form.Item>
          ) : (
            <>
              <Form.Item
                name="email"
                label={t('email')}
                rules={[{ required: true, message: t('required') }]}
              >
                <Input autoFocus type="email" autoComplete="username" />
              </Form.Item>
              <Form.Item
                name="password"
                label={t('password')}
                rules={[{ required: true, message: t('required') }]}
              >
                <Input.Password autoComplete="current-password" />
              </Form.Item>
            </>
          )}
          <Button type="primary" htmlType="submit" block loading={busy}>
            {t('signIn')}
          </Button>
        </Form>
      </Card>
    </div>
  );
}
