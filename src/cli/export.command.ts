/**
 * `dateline export [--data DIR] [--out FILE] [--from DATE] [--to DATE] [--origin URL]`: the archive as JSON Lines;
 * with `--alto DIR`, every page as ALTO XML instead (DIR/YYYY-MM-DD/page-N.alto.xml).
 */

import { once } from 'node:events';
import { createWriteStream, type WriteStream } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { altoXml } from '../api/alto-export.js';
import { exportLines } from '../api/export.js';
import type { Archive } from '../app.js';
import { ArchiveError } from '../core/errors.js';
import { dateParam, validate, widenDate } from '../search/search-params.js';
import { pdfUrl } from '../web/urls.js';
import { archiveOptionHelp, archiveOptions, openArchiveFromFlags } from './archive-flags.js';
import { commandSpec, parseCommand } from './command-spec.js';
import { createProgress } from './progress.js';

export const exportSpec = commandSpec({
  name: 'export',
  args: '',
  about:
    'Writes every article as one JSON line (to stdout, or --out FILE); with --alto DIR, every page as ALTO XML\n(DIR/YYYY-MM-DD/page-N.alto.xml) instead, for a library.',
  options: {
    ...archiveOptions,
    out: { type: 'string' },
    alto: { type: 'string' },
    from: { type: 'string' },
    to: { type: 'string' },
    origin: { type: 'string', default: 'http://127.0.0.1:3000' },
    history: { type: 'boolean', default: false },
  },
  help: {
    ...archiveOptionHelp,
    out: ['FILE', 'write the JSON Lines to FILE instead of stdout'],
    alto: ['DIR', 'write each page as ALTO XML under DIR instead'],
    from: ['DATE', 'the first date to export (YYYY-MM-DD or YYYY)'],
    to: ['DATE', 'the last date to export (YYYY-MM-DD or YYYY)'],
    origin: ['URL', "the site's address, for the links written (default http://127.0.0.1:3000)"],
    history: ['', 'with each article, its versions (reader corrections), newest first'],
  },
  examples: [
    'export --out articles.jsonl --from 1974 --to 1975',
    'export --alto ./alto --origin https://archive.example.org',
  ],
});

/** Exits 0 when everything was written. */
export async function exportCommand(args: string[]): Promise<number> {
  const parsed = parseCommand(exportSpec, args);
  if (!parsed) return 0;
  const { values } = parsed;
  const from = values.from ? validate(dateParam('from'), values.from) : undefined;
  const to = values.to ? validate(dateParam('to'), values.to) : undefined;
  const out = values.out && !values.alto ? await openOut(values.out) : process.stdout;
  const archive = await openArchiveFromFlags(values);
  if (values.alto) {
    try {
      const n = await exportAlto(archive, resolve(values.alto), {
        from: widenDate(from, false),
        to: widenDate(to, true),
        origin: values.origin.replace(/\/$/, ''),
      });
      process.stderr.write(`${n} pages written as ALTO to ${resolve(values.alto)}\n`);
      return 0;
    } finally {
      await archive.close();
    }
  }
  try {
    const total = (await archive.store.stats()).articles;
    const progress = createProgress(process.stderr, 'articles');
    let done = 0;
    for await (const chunk of exportLines(archive.store, {
      fromDate: widenDate(from, false),
      toDate: widenDate(to, true),
      origin: values.origin.replace(/\/$/, ''),
      ...(values.history ? { history: (id: string) => archive.corrections.history(id) } : {}),
    })) {
      // Respect back-pressure so a large archive streams in constant memory.
      if (!out.write(chunk)) await once(out, 'drain');
      done += chunk.split('\n').length - 1;
      progress.update(done, total);
    }
    progress.finish();
    if (out !== process.stdout) {
      (out as WriteStream).end();
      await once(out, 'finish');
    }
    return 0;
  } finally {
    await archive.close();
  }
}

/** The --out file, opened before anything is read; a path that cannot be written is refused by name, once. */
async function openOut(file: string): Promise<WriteStream> {
  const out = createWriteStream(file);
  await new Promise((opened, failed) => {
    out.once('open', opened);
    out.once('error', failed);
  }).catch((err: NodeJS.ErrnoException) => {
    const why = err.code === 'ENOENT' ? 'its folder does not exist' : `it cannot be written (${err.code})`;
    throw new ArchiveError('USAGE', `--out ${resolve(file)}: ${why}. Nothing was exported.`, { cause: err });
  });
  return out;
}

/** Writes every page of the editions in range as ALTO; returns the number of pages written. */
async function exportAlto(
  archive: Archive,
  dir: string,
  o: { from?: string; to?: string; origin: string },
): Promise<number> {
  const dates = await archive.store.listDates(o.from, o.to);
  const progress = createProgress(process.stderr, 'bulletins');
  let pages = 0;
  for (const [i, d] of dates.entries()) {
    const edition = await archive.store.getEdition(d.date);
    if (!edition) continue;
    await mkdir(join(dir, d.date), { recursive: true });
    for (const p of await archive.store.getPages(edition.id)) {
      const source = `${o.origin}${pdfUrl(d.date)}#page=${p.number}`;
      await writeFile(join(dir, d.date, `page-${p.number}.alto.xml`), altoXml(p, source));
      pages++;
    }
    progress.update(i + 1, dates.length, d.date);
  }
  progress.finish();
  return pages;
}
