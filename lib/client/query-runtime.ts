// TanStack Query's client for the browser tab, in a chunk of its own: live-query.ts loads it after
// the page has hydrated, so the library is not part of any page's first-load scripts. Only imported
// from the browser (effects, event handlers, lazily loaded dialogs): one client per tab.
import { notifyManager, QueryClient, QueryObserver, skipToken } from "@tanstack/react-query";

export { notifyManager, QueryObserver, skipToken };

export const queryClient = new QueryClient({
  defaultOptions: { queries: { staleTime: 5_000, refetchOnWindowFocus: true, retry: 2 } },
});
// What QueryClientProvider does on mount: refetch on focus and on reconnect.
queryClient.mount();
