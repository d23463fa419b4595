// Sends bytes to a server as they are, for requests no HTTP client would send (an unknown method, a
// backslash in the path, `OPTIONS *`, a 17 KB URL), and parses the answer's status line, headers and body.
import { connect } from 'node:net';

export interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export function parseRawResponse(raw: string): RawResponse {
  const split = raw.indexOf('\r\n\r\n');
  const head = split < 0 ? raw : raw.slice(0, split);
  const [statusLine = '', ...lines] = head.split('\r\n');
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(':');
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return {
    status: Number(/^HTTP\/1\.[01] (\d{3})/.exec(statusLine)?.[1] ?? NaN),
    headers,
    body: split < 0 ? '' : raw.slice(split + 4),
  };
}

/** A response is complete when its body has the Content-Length bytes its headers announce. */
function complete(raw: Buffer): boolean {
  const split = raw.indexOf('\r\n\r\n');
  if (split < 0) return false;
  const length = /\r\ncontent-length:\s*(\d+)/i.exec(raw.subarray(0, split).toString('latin1'))?.[1];
  return length !== undefined && raw.length - split - 4 >= Number(length);
}

/** Writes `request` to 127.0.0.1:port and reads one answer (until complete, closed, or `timeoutMs`). */
export function rawRequest(port: number, request: string, timeoutMs = 5_000): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port });
    let received = Buffer.alloc(0);
    const finish = () => {
      clearTimeout(timer);
      socket.destroy();
      resolve(parseRawResponse(received.toString('utf8')));
    };
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no complete answer in ${timeoutMs} ms to ${JSON.stringify(request.slice(0, 80))}`));
    }, timeoutMs);
    socket.on('data', (chunk: Buffer) => {
      received = Buffer.concat([received, chunk]);
      if (complete(received)) finish();
    });
    socket.on('error', (error) => {
      // A server may reset after answering; what arrived still counts.
      if (received.length > 0) finish();
      else {
        clearTimeout(timer);
        reject(error);
      }
    });
    socket.on('close', finish);
    socket.write(request);
  });
}
