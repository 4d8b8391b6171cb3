import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tempSchemaUrl } from '../../test/helpers/postgres.js';
import { openArchive } from '../app.js';
import { relevanceSet } from './relevance.conformance.js';

relevanceSet({
  name: 'postgres',
  open: async () => {
    const dir = await mkdtemp(join(tmpdir(), 'dateline-rel-'));
    const { url, drop } = tempSchemaUrl();
    const archive = await openArchive({ dataDir: join(dir, 'data'), db: url });
    return {
      archive,
      inbox: join(dir, 'inbox'),
      cleanup: async () => {
        await archive.close();
        await drop();
        await rm(dir, { recursive: true, force: true });
      },
    };
  },
});
