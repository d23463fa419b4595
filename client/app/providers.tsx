// App-wide providers: TanStack Query (cached per filter set; refetched only when the key — the filters —
// changes), the URL state, and the i18n layer whose language comes from the URL.
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import { ApiError } from '../lib/api-client.ts';
import { I18nProvider } from '../lib/use-i18n.tsx';
import { UrlStateProvider, useUrlState } from '../lib/use-url-state.tsx';

export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        // The data changes only when the ETL reloads; a filter change is a new key, so a new fetch.
        staleTime: 10 * 60 * 1000,
        gcTime: 30 * 60 * 1000,
        refetchOnWindowFocus: false,
        // A 4xx is the client's fault and will not go away by asking again.
        retry: (failures, error) => !(error instanceof ApiError && error.status < 500) && failures < 2,
      },
    },
  });
}

function LanguageFromUrl({ children }: { children: ReactNode }) {
  const { state } = useUrlState();
  return <I18nProvider lang={state.lang}>{children}</I18nProvider>;
}

export function Providers({ children }: { children: ReactNode }) {
  const [queryClient] = useState(createQueryClient);
  return (
    <QueryClientProvider client={queryClient}>
      <UrlStateProvider>
        <LanguageFromUrl>{children}</LanguageFromUrl>
      </UrlStateProvider>
    </QueryClientProvider>
  );
}
