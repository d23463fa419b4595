// The Node HTTP server around the Hono app. Requests that never reach the app — ones Node's HTTP parser
// rejects (a request line or headers over 16 KB, an unknown method, a malformed request line) and ones
// @hono/node-server cannot turn into a Request (a backslash in the path, `OPTIONS *`, a bad Host) — are
// answered here in the API's one error shape with the same security headers, instead of Node's empty 400.
import { createServer, STATUS_CODES, type Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { getRequestListener, RequestError } from '@hono/node-server';
import { errorBody, type ErrorCode } from './errors.ts';

/** Node's default; written down so the 431 boundary does not move with --max-http-header-size. */
export const MAX_HEADER_BYTES = 16 * 1024;

interface Rejection {
  status: number;
  code: ErrorCode;
  message: string;
}

// llhttp's error codes (err.code on 'clientError') and what to tell the client.
function rejectionFor(error: NodeJS.ErrnoException): Rejection {
  switch (error.code) {
    case 'HPE_HEADER_OVERFLOW':
      return {
        status: 431,
        code: 'headers_too_large',
        message: `The request line and headers exceed ${MAX_HEADER_BYTES / 1024} KB`,
      };
    case 'ERR_HTTP_REQUEST_TIMEOUT':
    case 'HPE_HEADERS_TIMEOUT':
      return { status: 408, code: 'request_timeout', message: 'The request was not received in time' };
    case 'HPE_INVALID_METHOD':
      return {
        status: 400,
        code: 'bad_request',
        message: 'Unknown HTTP method; the API answers GET and HEAD',
      };
    default:
      return {
        status: 400,
        code: 'bad_request',
        message: `Malformed HTTP request${error.code ? ` (${error.code})` : ''}`,
      };
  }
}

function jsonHeaders(headers: Record<string, string>, body: string): Record<string, string> {
  return {
    ...headers,
    'Content-Type': 'application/json; charset=UTF-8',
    'Content-Length': String(Buffer.byteLength(body)),
    'Cache-Control': 'no-store',
  };
}

/** Writes a whole HTTP/1.1 response to a socket the parser gave up on, then closes it. */
function writeRejection(socket: Duplex, rejection: Rejection, headers: Record<string, string>): void {
  const body = JSON.stringify(errorBody(rejection.code, rejection.message));
  const lines = Object.entries({ ...jsonHeaders(headers, body), Connection: 'close' }).map(
    ([name, value]) => `${name}: ${value}`,
  );
  socket.end(
    `HTTP/1.1 ${rejection.status} ${STATUS_CODES[rejection.status] ?? 'Error'}\r\n${lines.join('\r\n')}\r\n\r\n${body}`,
  );
}

export interface HttpServerOptions {
  fetch: (request: Request) => Response | Promise<Response>;
  /** Added to the answers written here (the app adds its own to everything else). */
  headers: Record<string, string>;
  /**
   * A client must send its headers within this time and its whole request within requestTimeoutMs, or it
   * is answered 408: a slow client cannot hold a connection open (Node's defaults are 60 s and 300 s).
   */
  headersTimeoutMs?: number;
  requestTimeoutMs?: number;
  log?: (message: string) => void;
}

export function createHttpServer({
  fetch,
  headers,
  headersTimeoutMs = 10_000,
  requestTimeoutMs = 30_000,
  log = console.error,
}: HttpServerOptions): Server {
  const listener = getRequestListener(fetch, {
    errorHandler: (error) => {
      const rejection: Rejection =
        error instanceof RequestError
          ? { status: 400, code: 'bad_request', message: `Malformed request: ${error.message}` }
          : { status: 500, code: 'internal_error', message: 'Internal server error' };
      if (rejection.status >= 500) log(`duty-map: request failed before the app: ${String(error)}`);
      const body = JSON.stringify(errorBody(rejection.code, rejection.message));
      return new Response(body, { status: rejection.status, headers: jsonHeaders(headers, body) });
    },
  });
  // A request without Host is answered below in the error shape rather than by Node with an empty 400.
  const server = createServer(
    {
      maxHeaderSize: MAX_HEADER_BYTES,
      requireHostHeader: false,
      headersTimeout: headersTimeoutMs,
      requestTimeout: requestTimeoutMs,
      // How often Node looks for connections past those limits (its default is 30 s).
      connectionsCheckingInterval: Math.min(1_000, headersTimeoutMs),
    },
    listener,
  );
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex) => {
    // Nothing to answer on a connection the client already dropped.
    if (error.code === 'ECONNRESET' || !socket.writable) {
      socket.destroy();
      return;
    }
    writeRejection(socket, rejectionFor(error), headers);
  });
  return server;
}
