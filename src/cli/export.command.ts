/** `dateline export [--data DIR] [--out FILE] [--from DATE] [--to DATE] [--origin URL]`: the archive as JSON Lines. */

import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { parseArgs } from 'node:util';
import { exportLines } from '../api/export.js';
import { openArchive, resolveDataDir, resolveDb } from '../app.js';
import { dateParam, validate, widenDate } from '../search/search-params.js';
import { createProgress } from './progress.js';

export async function exportCommand(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      data: { type: 'string' },
      db: { type: 'string' },
      blobs: { type: 'string' },
      out: { type: 'string' },
      from: { type: 'string' },
      to: { type: 'string' },
      origin: { type: 'string', default: 'http://127.0.0.1:3000' },
    },
  });
  const from = values.from ? validate(dateParam('from'), values.from) : undefined;
  const to = values.to ? validate(dateParam('to'), values.to) : undefined;
  const archive = await openArchive({
    dataDir: resolveDataDir(values.data),
    db: resolveDb(values.db),
    blobs: values.blobs,
  });
  const out = values.out ? createWriteStream(values.out) : process.stdout;
  try {
    const total = (await archive.store.stats()).articles;
    const progress = createProgress(process.stderr, 'articles');
    let done = 0;
    for await (const chunk of exportLines(archive.store, {
      fromDate: widenDate(from, false),
      toDate: widenDate(to, true),
      origin: values.origin.replace(/\/$/, ''),
    })) {
      // Respect back-pressure so a large archive streams in constant memory.
      if (!out.write(chunk)) await once(out, 'drain');
      done += chunk.split('\n').length - 1;
      progress.update(done, total);
    }
    progress.finish();
    if (out !== process.stdout) {
      (out as ReturnType<typeof createWriteStream>).end();
      await once(out, 'finish');
    }
    return 0;
  } finally {
    await archive.close();
  }
}
