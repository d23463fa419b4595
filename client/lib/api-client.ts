// The typed API client: `hc<AppType>` gives every endpoint's request and response types from the server's
// route definitions (type-only import, no server code in the bundle). `readJson` turns a non-2xx answer
// with the API's error shape into an ApiError that the error states can show.
import { hc, type ClientResponse } from 'hono/client';
import type { AppType } from '../../server/app.ts';

const origin = typeof window === 'undefined' ? 'http://localhost' : window.location.origin;

export const api = hc<AppType>(origin);

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** The success body of a response, or an ApiError carrying the server's `{ error: { code, message } }`. */
export async function readJson<T>(
  response: ClientResponse<T, number, 'json'>,
): Promise<Exclude<T, { error: unknown }>> {
  if (!response.ok) {
    let code = 'http_error';
    let message = `HTTP ${response.status}`;
    try {
      const body = (await response.json()) as { error?: { code?: string; message?: string } };
      if (body.error?.code) code = body.error.code;
      if (body.error?.message) message = body.error.message;
    } catch {
      // Not JSON (e.g. a proxy's HTML error page): keep the HTTP status as the message.
    }
    throw new ApiError(response.status, code, message);
  }
  return (await response.json()) as Exclude<T, { error: unknown }>;
}
