// A port no one listens on now, chosen by the system (bind to port 0, read it, close): for a test that must
// pass a fixed PORT, e.g. to check that `npm start` honours it. Guessing a random port instead can land on
// another test's server, which then answers in its place.
import { createServer } from 'node:net';

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => (port > 0 ? resolve(port) : reject(new Error('no port from the system'))));
    });
  });
}
