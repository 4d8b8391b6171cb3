/** The demo collection ingested into a fresh archive and served over HTTP on a loopback port, as `npm start` serves it. */
import { createServer as createHttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { type DemoBulletin, writeDemoCollection } from '../../src/demo/generator.js';
import { createServer } from '../../src/server.js';
import { tempArchive } from './sample-bulletins.js';

export interface DemoServer {
  /** The server's origin, e.g. http://127.0.0.1:41234. */
  url: string;
  archive: Awaited<ReturnType<typeof tempArchive>>['archive'];
  bulletins: DemoBulletin[];
  /** Stops the server and removes the archive. */
  done: () => Promise<void>;
}

/** Writes the demo collection (120 bulletins by default), ingests it and serves it; throws if a bulletin fails. */
export async function demoServer(opts: { editions?: number } = {}): Promise<DemoServer> {
  const t = await tempArchive();
  const folder = join(t.dir, 'demo');
  const bulletins = await writeDemoCollection(folder, opts.editions ? { editions: opts.editions } : {});
  const reports = await t.archive.ingest.ingestPaths([folder]);
  const failed = reports.filter((r) => r.status !== 'ingested');
  if (failed.length) {
    await t.done();
    throw new Error(`demo bulletins failed to ingest: ${JSON.stringify(failed)}`);
  }
  // The rate limit is off: a harvester reads every manifest and record, more than a reader's 120 a minute.
  const { listener } = createServer(t.archive, () => {}, { rateLimitPerMinute: 0 });
  const server = createHttpServer(listener);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    archive: t.archive,
    bulletins,
    done: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await t.done();
    },
  };
}
