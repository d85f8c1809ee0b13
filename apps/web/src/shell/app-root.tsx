import { QueryClient, QueryClientProvider, useQuery } from '@tanstack/react-query';
import { App as AntApp, ConfigProvider, Result, Spin } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import { useTranslation } from 'react-i18next';
import { BrowserRouter } from 'react-router';
import { describeError } from '../api/describe-error';
import { fetchAuthState, restoreSession } from '../auth/auth-api';
import { useSession } from '../auth/session-store';
import { SetupPage } from '../auth/setup-page';
import { SignInPage } from '../auth/sign-in-page';
import { AppRoutes } from './app-routes';
import { usePrefersReducedMotion } from './reduced-motion';

const queryClient = new QueryClient({
  defaultOptions: { queries: { retry: 1, refetchOnWindowFocus: false, staleTime: 5_000 } },
});

function Gate() {
  const { t } = useTranslation();
  const user = useSession((s) => s.user);
  const auth = useQuery({
    queryKey: ['auth', 'state'],
    queryFn: async () => {
      const state = await fetchAuthState();
      await restoreSession(state);
      return state;
    },
    staleTime: Number.POSITIVE_INFINITY,
  });
  if (auth.isLoading) return <Spin fullscreen tip={t('loading')} />;
  if (auth.error)
    return <Result status="error" title={t('error', { message: describeError(auth.error) })} />;
  if (!user && auth.data?.setupRequired) return <SetupPage onDone={() => void auth.refetch()} />;
  if (!user) return <SignInPage />;
  return <AppRoutes />;
}

/**
 * The web app: antd in the UI language (without animations for users who prefer reduced motion),
 * react-query, the router, and the sign-in gate.
 */
export function AppRoot() {
  const { i18n } = useTranslation();
  const reducedMotion = usePrefersReducedMotion();
  return (
    <ConfigProvider
      locale={i18n.language === 'en' ? enUS : zhCN}
      theme={{ token: { motion: !reducedMotion } }}
    >
      <AntApp>
        <QueryClientProvider client={queryClient}>
          <BrowserRouter>
            <Gate />
          </BrowserRouter>
        </QueryClientProvider>
      </AntApp>
    </ConfigProvider>
  );
}
