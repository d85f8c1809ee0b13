import { Button, Card, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { ApiTokensCard } from './api-tokens-card';

const TYPED_CLIENT_EXAMPLE = `import { createClient } from '@tangram/client';
import type { TangramObjects } from './tangram-api';

const api = createClient<TangramObjects>({
  baseUrl: '${globalThis.location?.origin ?? ''}',
  headers: { authorization: \`Bearer \${process.env.TANGRAM_TOKEN}\` },
});
const page = await api.records('opportunity').list({ fields: ['name', 'amount'] });`;

/** The tenant's API document and its TypeScript types, for integrators. */
function ApiDocumentCard() {
  const { t } = useTranslation();
  return (
    <Card title={t('apiDocument')}>
      <Typography.Paragraph>{t('apiDocumentHint')}</Typography.Paragraph>
      <Space wrap style={{ marginBottom: 12 }}>
        <Button href="/api/v1/openapi.json" target="_blank" data-testid="open-openapi">
          {t('openOpenApi')}
        </Button>
        <Button href="/api/v1/openapi.ts" download="tangram-api.ts" data-testid="download-types">
          {t('downloadTypes')}
        </Button>
      </Space>
      <Typography.Paragraph type="secondary">{t('typedClientHint')}</Typography.Paragraph>
      <Typography.Paragraph copyable={{ text: TYPED_CLIENT_EXAMPLE }}>
        <pre style={{ margin: 0 }}>{TYPED_CLIENT_EXAMPLE}</pre>
      </Typography.Paragraph>
    </Card>
  );
}

/** The designer's page for integrators: the API document, its types, and API tokens. */
export function DeveloperPage() {
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <ApiDocumentCard />
      <ApiTokensCard />
    </Space>
  );
}
