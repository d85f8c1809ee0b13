import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, Checkbox, DatePicker, Form, Input, Modal, Radio, Select, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { type ChangeEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { createToken, TOKEN_ACTIONS, type TokenAction } from './developer-api';
import { ErrorAlert } from './error-alert';
import { useObjectOptions } from './use-object-options';

/** The secret of a token just created, shown this once, with a request that uses it. */
function TokenSecret({ secret, object }: { secret: string; object: string }) {
  const { t } = useTranslation();
  const example = `curl -H "Authorization: Bearer ${secret}" ${window.location.origin}/api/v1/objects/${object}/records`;
  return (
    <>
      <Alert type="warning" showIcon message={t('tokenSecretHint')} style={{ marginBottom: 12 }} />
      <Typography.Paragraph copyable={{ text: secret }} data-testid="token-secret">
        <Typography.Text code>{secret}</Typography.Text>
      </Typography.Paragraph>
      <Typography.Paragraph type="secondary">{t('tokenExample')}</Typography.Paragraph>
      <Typography.Paragraph copyable={{ text: example }}>
        <Typography.Text code style={{ wordBreak: 'break-all' }}>
          {example}
        </Typography.Text>
      </Typography.Paragraph>
    </>
  );
}

/**
 * The dialog creating an API token: its name, objects (all, or some), actions and end date; once
 * created it shows the secret, which is never shown again.
 */
export function NewTokenDialog(props: { readonly open: boolean; readonly onClose: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const objectOptions = useObjectOptions();
  const [name, setName] = useState('');
  const [allObjects, setAllObjects] = useState(false);
  const [objects, setObjects] = useState<string[]>([]);
  const [actions, setActions] = useState<TokenAction[]>(['read']);
  const [expires, setExpires] = useState<Dayjs | null>(null);
  const create = useMutation({
    mutationFn: () =>
      createToken({
        name: name.trim(),
        scopes: { objects: allObjects ? '*' : objects, actions },
        ...(expires === null ? {} : { expiresAt: expires.endOf('day').toISOString() }),
      }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['api-tokens'] }),
  });
  const ready = name.trim() !== '' && actions.length > 0 && (allObjects || objects.length > 0);
  const created = create.data;
  return (
    <Modal
      open={props.open}
      title={created ? t('tokenCreated', { name: created.name }) : t('newToken')}
      okText={created ? t('done') : t('create')}
      onOk={() => (created ? props.onClose() : create.mutate())}
      okButtonProps={
        {
          disabled: !created && !ready,
          loading: create.isPending,
          'data-testid': created ? 'token-done' : 'create-token',
        } as never
      }
      cancelButtonProps={created ? { style: { display: 'none' } } : {}}
      onCancel={props.onClose}
      maskClosable={false}
      destroyOnHidden
    >
      {created ? (
        <TokenSecret
          secret={created.token}
          object={allObjects ? (objectOptions[0]?.value ?? 'account') : (objects[0] ?? 'account')}
        />
      ) : (
        <>
          <ErrorAlert error={create.error} />
          <Form layout="vertical" component="div">
            <Form.Item label={t('tokenName')} required help={t('tokenNameHelp')}>
              <Input
                autoFocus
                maxLength={200}
                data-testid="token-name"
                value={name}
                onChange={(event: ChangeEvent<HTMLInputElement>) => setName(event.target.value)}
              />
            </Form.Item>
            <Form.Item label={t('tokenObjects')} required>
              <Radio.Group
                value={allObjects ? 'all' : 'some'}
                onChange={(event) => setAllObjects(event.target.value === 'all')}
                options={[
                  { value: 'some', label: t('tokenSomeObjects') },
                  { value: 'all', label: t('tokenAllObjects') },
                ]}
                data-testid="token-object-mode"
              />
              {allObjects ? null : (
                <Select
                  mode="multiple"
                  style={{ width: '100%', marginTop: 8 }}
                  placeholder={t('tokenPickObjects')}
                  options={objectOptions}
                  value={objects}
                  onChange={setObjects}
                  optionFilterProp="label"
                  data-testid="token-objects"
                />
              )}
            </Form.Item>
            <Form.Item label={t('tokenActions')} required help={t('tokenActionsHelp')}>
              <Checkbox.Group
                value={actions}
                onChange={(values) => setActions(values as TokenAction[])}
                options={TOKEN_ACTIONS.map((action) => ({
                  value: action,
                  label: t(`tokenAction_${action}`),
                }))}
                data-testid="token-actions"
              />
            </Form.Item>
            <Form.Item label={t('tokenExpires')} help={t('tokenExpiresHelp')}>
              <DatePicker
                value={expires}
                onChange={(value) => setExpires(value)}
                disabledDate={(day) => day.isBefore(new Date(), 'day')}
                data-testid="token-expires"
              />
            </Form.Item>
          </Form>
        </>
      )}
    </Modal>
  );
}
