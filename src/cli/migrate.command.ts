/**
 * `dateline migrate --from DIR|postgres://… --to DIR|postgres://…`: copies a whole archive between
 * backends, bulletin by bulletin with progress, then verifies counts and checksums on both sides.
 */
import { createHash } from 'node:crypto';
import { type Archive, openArchive } from '../app.js';
import { ArchiveError } from '../core/errors.js';
import type { ArticleDraft } from '../core/types.js';
import { commandSpec, parseCommand } from './command-spec.js';
import { createProgress } from './progress.js';

export const migrateSpec = commandSpec({
  name: 'migrate',
  args: '',
  about:
    'Copies a whole archive between backends (a data folder or a PostgreSQL database), bulletin by bulletin,\nthen checks that counts and checksums match on both sides. Migrate into an empty archive.',
  options: { from: { type: 'string' }, to: { type: 'string' }, blobs: { type: 'string' } },
  help: {
    from: ['DIR|postgres://…', 'the archive to copy: a data folder or a database'],
    to: ['DIR|postgres://…', 'the archive to copy it into'],
    blobs: ['DIR|database', "where the target's PDFs go when it is PostgreSQL (default: the database)"],
  },
  examples: ['migrate --from ./data --to postgres://archive@db/archive'],
});

const isUrl = (s: string) => /^postgres(ql)?:\/\//.test(s);

/** An end of a migration: a data folder, or a database whose PDFs live where `blobs` says. */
async function open(target: string, blobs?: string): Promise<Archive> {
  return isUrl(target) ? openArchive({ dataDir: '.', db: target, blobs }) : openArchive({ dataDir: target });
}

/** A digest of everything readers see of an archive: per edition its date, source hash and articles. */
export async function archiveChecksum(
  a: Archive,
): Promise<{ editions: number; articles: number; pages: number; digest: string }> {
  const h = createHash('sha256');
  let articles = 0;
  let pages = 0;
  const dates = await a.store.listDates();
  for (const d of dates) {
    const e = (await a.store.getEdition(d.date))!;
    h.update(`${e.date}|${e.sourceHash}|${e.pageCount}\n`);
    for (const p of await a.store.getPages(e.id)) {
      pages++;
      h.update(`${p.number}|${p.text}\n`);
    }
    for (const s of await a.store.listArticles(e.id)) {
      const art = (await a.store.getArticle(s.id))!;
      articles++;
      h.update(
        `${art.id}|${art.headlinePrinted}|${art.kicker}|${art.byline}|${art.firstPage}-${art.lastPage}|${art.body}\n`,
      );
      for (const r of await a.store.referencesFrom(art.id)) h.update(`ref|${r.text}|${r.targetId}\n`);
    }
  }
  return { editions: dates.length, articles, pages, digest: h.digest('hex') };
}

export async function migrateArchive(
  from: Archive,
  to: Archive,
  onProgress?: (done: number, total: number) => void,
) {
  const dates = await from.store.listDates();
  for (const [i, d] of dates.entries()) {
    const e = (await from.store.getEdition(d.date))!;
    const pdf = await from.blobs.get(e.pdfKey);
    if (!pdf)
      throw new ArchiveError(
        'STORE',
        `The PDF of ${e.date} (${e.pdfKey}) is missing from the source's blobs; nothing more was copied.`,
      );
    const key = await to.blobs.put(pdf);
    if (key !== e.pdfKey)
      throw new ArchiveError(
        'STORE',
        `The PDF of ${e.date} changed in copying (checksum ${key} ≠ ${e.pdfKey}).`,
      );
    const summaries = await from.store.listArticles(e.id);
    const ordinalOf = new Map(summaries.map((s) => [s.id, s.ordinal]));
    const articles: ArticleDraft[] = [];
    for (const s of summaries) {
      const a = (await from.store.getArticle(s.id))!;
      const refs = await from.store.referencesFrom(a.id);
      articles.push({
        ordinal: a.ordinal,
        headlinePrinted: a.headlinePrinted,
        headline: a.headline,
        kicker: a.kicker,
        byline: a.byline,
        dateline: a.dateline,
        body: a.body,
        firstPage: a.firstPage,
        lastPage: a.lastPage,
        credit: a.credit,
        ...(a.parts ? { parts: a.parts } : {}),
        ...(a.regions ? { regions: a.regions } : {}),
        kind: a.kind,
        references: refs.map((r) => ({
          text: r.text,
          kind: r.kind,
          page: r.page,
          targetOrdinal: r.targetId ? (ordinalOf.get(r.targetId) ?? null) : null,
        })),
      });
    }
    const title = await from.store.getTitle(e.titleId);
    await to.store.replaceEdition({
      titleName: title?.name ?? from.config.titleName,
      date: e.date,
      volume: e.volume,
      number: e.number,
      sourceHash: e.sourceHash,
      sourceName: e.sourceName,
      pdfKey: key,
      language: e.language,
      pages: (await from.store.getPages(e.id)).map(({ editionId: _e, ...p }) => p),
      articles,
      // Reader corrections may have changed headlines, split or moved articles: the ids are copied as they are.
      articleIds: summaries.map((s) => s.id),
    });
    onProgress?.(i + 1, dates.length);
  }
  // The admin tokens come too, as hashes (the tokens themselves were never stored), revoked ones included.
  const tokens = await from.tokens.listAdminTokens();
  for (const { id: _id, ...t } of tokens) await to.tokens.importAdminToken(t);
  // Reader corrections: every version, locks, bans, merged ids and the secret (so contributor keys stay the same).
  const corrections = await from.correctionStore.dump();
  await to.correctionStore.load(corrections);
  return { tokens: tokens.length, versions: corrections.versions.length };
}

/** Exits 0 when the copy matches its source. */
export async function migrateCommand(args: string[]): Promise<number> {
  const parsed = parseCommand(migrateSpec, args);
  if (!parsed) return 0;
  const { values } = parsed;
  if (!values.from || !values.to) {
    throw new ArchiveError(
      'USAGE',
      'Name both ends: dateline migrate --from DIR|postgres://… --to DIR|postgres://…',
    );
  }
  if (values.from === values.to) throw new ArchiveError('USAGE', '--from and --to are the same archive.');
  const from = await open(values.from);
  const to = await open(values.to, values.blobs);
  try {
    const progress = createProgress(process.stderr, 'bulletins');
    const { tokens } = await migrateArchive(from, to, (d, t) => progress.update(d, t));
    progress.finish();
    const [a, b] = [await archiveChecksum(from), await archiveChecksum(to)];
    process.stdout.write(
      `source: ${a.editions} bulletins, ${a.articles} articles, ${a.pages} pages, sha256 ${a.digest}\ntarget: ${b.editions} bulletins, ${b.articles} articles, ${b.pages} pages, sha256 ${b.digest}\n`,
    );
    if (
      a.digest !== b.digest ||
      a.editions !== b.editions ||
      a.articles !== b.articles ||
      a.pages !== b.pages
    ) {
      throw new ArchiveError(
        'STORE',
        'The copy does not match the source (see the figures above). The target may have held other bulletins before; migrate into an empty archive.',
      );
    }
    process.stdout.write(
      `verified: counts and checksums match; ${tokens} admin tokens copied (their hashes)\n`,
    );
    return 0;
  } finally {
    await from.close();
    await to.close();
  }
}
