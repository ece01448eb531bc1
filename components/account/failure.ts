import type { ApiRequestError } from "@/lib/client/api";

// What went wrong with a call to the API, in the page's language. The API's own messages are English
// for API clients: the page words its refusals by their `code`, each form those of its own, and these
// the ones any call may meet. Read by name rather than with instanceof, so that the API client is
// fetched with the first call, not with the page.

/** The words for failures any call may meet: no answer, a session that has ended, a fault on the dashboard's side, anything else. */
export type FailureWords = { network: string; signedOut: string; unavailable: string; failed: string };

/** The API client's error, or null for anything else thrown. */
export function apiFailure(error: unknown): ApiRequestError | null {
  return error instanceof Error && error.name === "ApiRequestError" ? (error as ApiRequestError) : null;
}

export function failureMessage(error: unknown, words: FailureWords): string {
  const failure = apiFailure(error);
  if (!failure) return words.failed;
  if (failure.code === "network") return words.network;
  if (failure.code === "unauthorized") return words.signedOut;
  if (failure.status >= 500 || failure.code === "unexpected_response" || failure.code === "unavailable" || failure.code === "internal") return words.unavailable;
  return words.failed;
}
