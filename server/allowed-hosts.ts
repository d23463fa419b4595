// Which Host names the server answers to: the loopback names, the address it listens on when that is a
// specific one, and ALLOWED_HOSTS. A request for any other name is refused before any route runs, so a
// page on another site cannot reach the server by pointing its own DNS name at 127.0.0.1 (DNS rebinding).

export const LOOPBACK_HOSTS = ['localhost', '127.0.0.1', '[::1]'] as const;

// Listening on every interface names no host a client would send.
const WILDCARD_ADDRESSES = new Set(['0.0.0.0', '::', '[::]']);

/** The set of host names (lower case, IPv6 in brackets, no port) to accept. */
export function allowedHostNames(listenHost: string, extra: readonly string[]): Set<string> {
  const names = new Set<string>([...LOOPBACK_HOSTS, ...extra.map((name) => name.toLowerCase())]);
  const host = listenHost.toLowerCase();
  if (!WILDCARD_ADDRESSES.has(host))
    names.add(host.includes(':') && !host.startsWith('[') ? `[${host}]` : host);
  return names;
}

/**
 * The host name a request URL names. @hono/node-server builds the URL from the Host header, and the
 * WHATWG URL parser lower-cases it, drops the port and keeps IPv6 in brackets, as allowedHostNames does.
 */
export function requestHostName(url: string): string {
  return new URL(url).hostname;
}
