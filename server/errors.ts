// The one error shape of the API, `{ error: { code, message } }`, and the codes it uses.
import type { core } from 'zod';

export const ERROR_CODES = [
  'invalid_parameter',
  'unknown_parameter',
  'bad_request',
  'forbidden',
  'payload_too_large',
  'unsupported_type',
  'import_conflict',
  'import_rejected',
  'host_not_allowed',
  'headers_too_large',
  'request_timeout',
  'not_found',
  'query_timeout',
  'query_memory',
  'overloaded',
  'internal_error',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export interface ErrorBody {
  error: { code: ErrorCode; message: string };
}

export function errorBody(code: ErrorCode, message: string): ErrorBody {
  return { error: { code, message } };
}

/** Turns the first zod issue into a message that starts with the offending parameter's name. */
export function describeZodError(error: { issues: readonly core.$ZodIssue[] }): {
  code: ErrorCode;
  message: string;
} {
  const issue = error.issues[0];
  if (!issue) return { code: 'invalid_parameter', message: 'Invalid parameters' };
  if (issue.code === 'unrecognized_keys') {
    return { code: 'unknown_parameter', message: `Unknown parameter: ${issue.keys.join(', ')}` };
  }
  const name = issue.path.length > 0 ? issue.path.map(String).join('.') : 'parameters';
  return { code: 'invalid_parameter', message: `${name}: ${issue.message}` };
}

/** An error a handler throws to answer with the error shape; app.onError turns it into the response. */
export class ApiError extends Error {
  constructor(
    readonly status: 400 | 403 | 404 | 409 | 413 | 415 | 503,
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}
