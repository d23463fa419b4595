// Who may import lists through the API. Safe by default: with no IMPORT_TOKEN, imports are on only when
// the server listens on loopback (only this machine can reach it); listening anywhere else, they need
// IMPORT_TOKEN, sent as `Authorization: Bearer …` and compared in constant time. A set token is always
// required. Cross-site requests are refused whatever the token: a page on another site could otherwise
// post a form to a loopback server (multipart is a "simple" request browsers send without asking).
import { createHash, timingSafeEqual } from 'node:crypto';

export interface ImportAccessConfig {
  /** The address the server listens on (HOST). */
  listenHost: string;
  /** IMPORT_TOKEN, when set. */
  token: string | undefined;
}

export type AccessDecision = { allowed: true } | { allowed: false; message: string };

/** 127.0.0.0/8, ::1 and localhost: only this machine can connect. */
export function isLoopback(host: string): boolean {
  const name = host.toLowerCase().replace(/^\[|\]$/g, '');
  return name === 'localhost' || name === '::1' || /^127(?:\.\d{1,3}){3}$/.test(name);
}

/** Whether imports can be used at all on this server, and whether a token is needed. */
export function importMode(config: ImportAccessConfig): {
  enabled: boolean;
  tokenRequired: boolean;
  reason: string | null;
} {
  if (config.token !== undefined) return { enabled: true, tokenRequired: true, reason: null };
  if (isLoopback(config.listenHost)) return { enabled: true, tokenRequired: false, reason: null };
  return {
    enabled: false,
    tokenRequired: true,
    reason: `Imports are off: the server listens on ${config.listenHost}, not loopback, and IMPORT_TOKEN is not set`,
  };
}

// Hashing both sides gives equal lengths, so timingSafeEqual never leaks the token's length either.
const digest = (text: string) => createHash('sha256').update(text, 'utf8').digest();

/** Decides one request from its Authorization header. */
export function decideImportAccess(
  config: ImportAccessConfig,
  authorization: string | undefined,
): AccessDecision {
  const mode = importMode(config);
  if (!mode.enabled) return { allowed: false, message: mode.reason ?? 'Imports are off' };
  if (!mode.tokenRequired) return { allowed: true };
  const match = /^Bearer\s+(\S+)$/i.exec(authorization?.trim() ?? '');
  if (!match?.[1])
    return { allowed: false, message: 'Imports need the import token: Authorization: Bearer …' };
  return timingSafeEqual(digest(match[1]), digest(config.token ?? ''))
    ? { allowed: true }
    : { allowed: false, message: 'The import token is wrong' };
}

/**
 * Whether a request comes from this server's own pages: refused when the browser says it is cross-site
 * (Sec-Fetch-Site) or sends an Origin whose host is not the one the request was made to.
 */
export function isSameOrigin(
  requestUrl: string,
  origin: string | undefined,
  fetchSite: string | undefined,
): boolean {
  if (fetchSite === 'cross-site' || fetchSite === 'same-site') return false;
  if (origin === undefined || origin === '') return true;
  try {
    return new URL(origin).host === new URL(requestUrl).host;
  } catch {
    return false;
  }
}
