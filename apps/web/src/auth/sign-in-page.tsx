import { isClientError } from '@tangram/client';
import { Button, Form, Input } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { describeError } from '../api/describe-error';
import { signIn } from './auth-api';
import { AuthCard } from './auth-card';

/** The sign-in page: email and password. */
export function SignInPage() {
  const { t } = useTranslation();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (values: { email: string; password: string }) => {
    setBusy(true);
    setError(null);
    try {
      await signIn(values);
    } catch (caught) {
      if (isClientError(caught) && caught.code === 'AUTH_RATE_LIMITED') setError(t('rateLimited'));
      else if (isClientError(caught) && caught.status === 401) setError(t('signInFailed'));
      else setError(t('error', { message: describeError(caught) }));
    } finally {
      setBusy(false);
    }
  };
  return (
    <AuthCard title={t('signInTitle')} error={error} width={380}>
      <Form layout="vertical" onFinish={submit} requiredMark={false}>
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
        <Button type="primary" htmlType="submit" block loading={busy}>
          {t('signIn')}
        </Button>
      </Form>
    </AuthCard>
  );
}
