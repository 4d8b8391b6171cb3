/** Serves an archive on a loopback port for browser tests. */
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import type { Archive } from '../../src/app.js';
import { createApp } from '../../src/server.js';

export async function serveArchive(archive: Archive): Promise<{ url: string; close: () => Promise<void> }> {
  const app = createApp(archive, () => {});
  return new Promise((resolve) => {
    const server = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, (info: AddressInfo) => {
      resolve({
        url: `http://127.0.0.1:${info.port}`,
        close: () => new Promise<void>((done) => server.close(() => done())),
      });
    });
  });
}
