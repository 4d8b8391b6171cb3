/** Serves an archive on a loopback port for browser tests, through the same listener `dateline serve` uses. */
import { createServer as createHttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Archive } from '../../src/app.js';
import { createServer } from '../../src/server.js';

export async function serveArchive(archive: Archive): Promise<{ url: string; close: () => Promise<void> }> {
  const { listener } = createServer(archive, () => {});
  const server = createHttpServer(listener);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}
