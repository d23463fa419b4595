// The security headers every answer carries — the app's responses and the ones written for requests
// rejected before the app (server/http-server.ts) — written once here so the two cannot disagree.
//
// Framing is refused two ways that say the same thing: CSP `frame-ancestors 'none'` for current browsers
// and `X-Frame-Options: DENY` for old ones. HSTS is sent only when HSTS_MAX_AGE says the server is reached
// through HTTPS; over plain HTTP it is meaningless at best.

const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  // ECharts and React set inline style attributes.
  "style-src 'self' 'unsafe-inline'",
  // Chart export produces data: and blob: images.
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

export interface SecurityHeaderOptions {
  /** Strict-Transport-Security max-age in seconds; 0 sends no HSTS header. */
  hstsMaxAge?: number;
}

/** Header name → value, for every response. */
export function securityHeaders({ hstsMaxAge = 0 }: SecurityHeaderOptions = {}): Record<string, string> {
  return {
    'Content-Security-Policy': CONTENT_SECURITY_POLICY,
    'X-Frame-Options': 'DENY',
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Resource-Policy': 'same-origin',
    'Origin-Agent-Cluster': '?1',
    'X-DNS-Prefetch-Control': 'off',
    'X-Download-Options': 'noopen',
    'X-Permitted-Cross-Domain-Policies': 'none',
    'X-XSS-Protection': '0',
    ...(hstsMaxAge > 0 ? { 'Strict-Transport-Security': `max-age=${hstsMaxAge}` } : {}),
  };
}
