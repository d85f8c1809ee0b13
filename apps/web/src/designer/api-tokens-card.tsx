import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Popconfirm, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSession } from '../auth/session-store';
import { apiErrorMessage } from './api-error-message';
import {
  type ApiToken,
  isTokenActive,
  listTokenOwners,
  listTokens,
  revokeToken,
} from './developer-api';
import { NewTokenDialog } from './new-token-dialog';
import { useObjectOptions } from './use-object-options';

function TokenStatus({ token }: { token: ApiToken }) {
  const { t } = useTranslation();
  if (token.revokedAt !== null) return <Tag>{t('tokenRevoked')}</Tag>;
  if (!isTokenActive(token, new Date())) return <Tag color="orange">{t('tokenExpired')}</Tag>;
  return <Tag color="green">{t('tokenActive')}</Tag>;
}

/**
 * The API tokens of the caller (of the whole tenant for an administrator): what each may reach,
 * when it was last used and when it ends; new tokens, and revoking one.
 */
export function ApiTokensCard() {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const { isAdmin } = useSession();
  const [creating, setCreating] = useState(false);
  const tokens = useQuery({ queryKey: ['api-tokens'], queryFn: listTokens });
  const owners = useQuery({
    queryKey: ['api-token-owners'],
    queryFn: listTokenOwners,
    enabled: isAdmin,
  });
  const objectOptions = useObjectOptions();
  const revoke = useMutation({
    mutationFn: revokeToken,
    onSuccess: async () => {
      message.success(t('tokenRevokedNow'));
      await queryClient.invalidateQueries({ queryKey: ['api-tokens'] });
    },
    onError: (error) => message.error(apiErrorMessage(error)),
  });
  const ownerName = new Map((owners.data ?? []).map((user) => [user.id, user.name]));
  const objectLabel = new Map(objectOptions.map((option) => [option.value, option.label]));
  const when = (at: string | null, none: string) =>
    at === null ? (
      <Typography.Text type="secondary">{none}</Typography.Text>
    ) : (
      new Date(at).toLocaleString(i18n.language)
    );
  return (
    <Card
      title={t('apiTokens')}
      extra={
        <Button type="primary" data-testid="new-token" onClick={() => setCreating(true)}>
          {t('newToken')}
        </Button>
      }
    >
      <Typography.Paragraph type="secondary">{t('apiTokensHint')}</Typography.Paragraph>
      {creating ? <NewTokenDialog open onClose={() => setCreating(false)} /> : null}
      <Table
        rowKey="id"
        size="small"
        loading={tokens.isLoading}
        dataSource={tokens.data ?? []}
        pagination={false}
        locale={{ emptyText: t('noTokens') }}
        onRow={(token) => ({ 'data-testid': `token-${token.name}` }) as never}
        columns={[
          { title: t('tokenName'), dataIndex: 'name' },
          ...(isAdmin
            ? [
                {
                  title: t('tokenOwner'),
                  key: 'owner',
                  render: (_: unknown, token: ApiToken) => ownerName.get(token.userId) ?? '—',
                },
              ]
            : []),
          {
            title: t('tokenObjects'),
            key: 'objects',
            render: (_, token) =>
              token.scopes.objects === '*' ? (
                <Tag color="blue">{t('tokenAllObjects')}</Tag>
              ) : (
                token.scopes.objects.map((name) => (
                  <Tag key={name}>{objectLabel.get(name) ?? name}</Tag>
                ))
              ),
          },
          {
            title: t('tokenActions'),
            key: 'actions',
            render: (_, token) =>
              token.scopes.actions.map((action) => (
                <Tag key={action}>{t(`tokenAction_${action}`)}</Tag>
              )),
          },
          { title: t('state'), key: 'status', render: (_, token) => <TokenStatus token={token} /> },
          {
            title: t('tokenLastUsed'),
            key: 'lastUsed',
            render: (_, token) => when(token.lastUsedAt, t('tokenNeverUsed')),
          },
          {
            title: t('tokenExpires'),
            key: 'expires',
            render: (_, token) => when(token.expiresAt, t('tokenNeverExpires')),
          },
          {
            title: '',
            key: 'revoke',
            render: (_, token) =>
              token.revokedAt === null ? (
                <Popconfirm
                  title={t('tokenRevokeConfirm', { name: token.name })}
                  onConfirm={() => revoke.mutate(token.id)}
                  okButtonProps={{ 'data-testid': 'confirm-revoke', danger: true } as never}
                >
                  <Space>
                    <Button size="small" danger data-testid={`revoke-${token.name}`}>
                      {t('tokenRevoke')}
                    </Button>
                  </Space>
                </Popconfirm>
              ) : null,
          },
        ]}
      />
    </Card>
  );
}
