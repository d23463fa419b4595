// zod validation of query strings and path parameters. Bad input throws an ApiError, which app.onError
// answers with the error shape; routes' types then carry only their success bodies, which keeps
// `hc<AppType>` responses simple for the client.
import { zValidator } from '@hono/zod-validator';
import type { z } from 'zod';
import { ApiError, describeZodError } from './errors.ts';

function reject(error: { issues: readonly z.core.$ZodIssue[] }): never {
  const { code, message } = describeZodError(error);
  throw new ApiError(400, code, message);
}

export const validQuery = <T extends z.ZodType>(schema: T) =>
  zValidator('query', schema, (result) => {
    if (!result.success) reject(result.error);
  });

export const validParam = <T extends z.ZodType>(schema: T) =>
  zValidator('param', schema, (result) => {
    if (!result.success) reject(result.error);
  });
