import { Button, Form, Input } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { describeError } from '../api/describe-error';
import { setUpFirstAdmin } from './auth-api';
import { AuthCard } from './auth-card';

/** The first-start page creating the first administrator of the default tenant. */
export function SetupPage({ onDone }: { onDone: () => void }) {
  const { t, i18n } = useTranslation();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (values: { email: string; password: string; name: string }) => {
    setBusy(true);
    setError(null);
    try {
      await setUpFirstAdmin({ ...values, locale: i18n.language });
      onDone();
    } catch (caught) {
      setError(t('error', { message: describeError(caught) }));
    } finally {
      setBusy(false);
    }
  };
  return (
    <AuthCard title={t('setupTitle')} intro={t('setupIntro')} error={error} width={420}>
      <Form layout="vertical" onFinish={submit} requiredMark={false}>
        <Form.Item
          name="name"
          label={t('name')}
          rules={[{ required: true, message: t('required') }]}
        >
          <Input autoFocus autoComplete="name" />
        </Form.Item>
        <Form.Item
          name="email"
          label={t('email')}
          rules={[{ required: true, message: t('required') }]}
        >
          <Input type="email" autoComplete="username" />
        </Form.Item>
        <Form.Item
          name="password"
          label={t('password')}
          rules={[{ required: true, min: 8, message: t('required') }]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Button type="primary" htmlType="submit" block loading={busy}>
          {t('createAdmin')}
        </Button>
      </Form>
    </AuthCard>
  );
}
