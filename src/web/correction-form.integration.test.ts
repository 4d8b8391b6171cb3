/**
 * The "Fix this text" form over HTTP, without a browser: a form from another site is refused and stores
 * nothing, a correction made on an older version is answered 409 with the current text and the reader's
 * text kept, and a corrected article is never served from the page cache as it was.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import fc from 'fast-check';
import type { Hono } from 'hono';
import { sampleArchive } from '../../test/helpers/sample-bulletins.js';
import { createApp } from '../server.js';

let t: Awaited<ReturnType<typeof sampleArchive>>;
let app: Hono;
let id: string;
let slug: string;
const ORIGIN = 'http://localhost';

before(async () => {
  t = await sampleArchive();
  // The page cache on, as a server runs: a corrected article must not come from it as it was.
  app = createApp(t.archive, () => {}, { cacheBytes: 4 * 1024 * 1024, rateLimitPerMinute: 0 });
  const r = (await (await app.request('/api/v1/search?q=mcdonald')).json()) as {
    results: { id: string; url: string }[];
  };
  id = r.results[0]!.id;
  slug = r.results[0]!.url.replace('/archive/', '');
});
after(() => t.done());

/** The edit form as a browser would post it: every field, the paragraphs as `p`. */
async function formOf(articleId: string): Promise<URLSearchParams> {
  const page = await (await app.request(`/article/${articleId}/edit`)).text();
  const form = new URLSearchParams();
  const unentity = (s: string) => s.replace(/&#(\d+);/g, (_, n) => String.fromCharCode(Number(n)));
  for (const m of page.matchAll(
    /<input id="[^"]*" type="(?:text|date|number|hidden)" name="([^"]+)" value="([^"]*)"/g,
  ))
    form.append(m[1]!, unentity(m[2]!));
  for (const m of page.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)"/g))
    form.append(m[1]!, m[2]!);
  for (const m of page.matchAll(/<textarea[^>]* name="p"[^>]*>([^<]*)<\/textarea>/g))
    form.append('p', unentity(m[1]!));
  return form;
}

const post = (articleId: string, form: URLSearchParams, headers: Record<string, string>) =>
  app.request(`/article/${articleId}/edit`, {
    method: 'POST',
    body: form,
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...headers },
  });

const versions = async (articleId: string) => (await t.archive.corrections.history(articleId)).length;

test('the edit page has the text a paragraph to a box, the details, and the version it starts from', async () => {
  const res = await app.request(`/article/${id}/edit`);
  assert.equal(res.status, 200);
  const page = await res.text();
  assert.match(page, /<textarea id="ed-p-1" name="p"[^>]*>The State Department said today/);
  assert.match(page, /<textarea id="ed-p-2" name="p"[^>]*>The commission will meet in January/);
  assert.match(page, /name="headline" value="U.S. Seeks DP&#39;s Entry, Says Dr. McDonald"/);
  assert.match(page, /<input type="hidden" name="baseVersion" value="1">/);
  assert.match(page, /name="split" value="1"/);
  assert.match(page, /name="merge" value="next"/);
  const form = await formOf(id);
  assert.equal(form.getAll('p').length, 2);
  assert.equal(form.get('byline'), 'By Ben Gallob');
});

test('a form sent from another site, or with no Origin at all, is refused 403 and stores nothing', async () => {
  const form = await formOf(id);
  form.set('p', 'Forged text.');
  for (const headers of <Record<string, string>[]>[
    { Origin: 'https://evil.example' },
    { Origin: 'null' },
    { 'Sec-Fetch-Site': 'cross-site', Origin: ORIGIN },
    { 'Sec-Fetch-Site': 'same-site', Origin: ORIGIN },
    {},
  ]) {
    const res = await post(id, form, headers);
    assert.equal(res.status, 403, JSON.stringify(headers));
    assert.match(
      await res.text(),
      /corrections are taken only from this archive’s own|without an Origin header/,
    );
  }
  assert.equal(await versions(id), 1, 'nothing was stored');
});

test('a form from the site itself is saved: 303 to the article at a new address, which shows the correction', async () => {
  // Read once so that the page cache holds the article as it was.
  const before = await (await app.request(`/archive/${slug}`)).text();
  assert.match(before, /will meet in January/);
  assert.equal((await app.request(`/archive/${slug}`)).headers.get('x-cache'), 'hit');
  const form = await formOf(id);
  const paras = form.getAll('p');
  form.delete('p');
  form.append('p', paras[0]!);
  form.append('p', paras[1]!.replace('January', 'Februar'));
  form.set('contributor', 'Ada Reader');
  form.set('comment', 'The scan says Februar.');
  const res = await post(id, form, { Origin: ORIGIN, 'Sec-Fetch-Site': 'same-origin' });
  assert.equal(res.status, 303);
  assert.equal(res.headers.get('location'), `/archive/${slug}?corrected=2`);
  const shown = await app.request(`/archive/${slug}?corrected=2`);
  const page = await shown.text();
  assert.match(page, /Your correction is saved as version 2/);
  assert.match(page, /will meet in Februar and report/);
  // The plain address is not served from the cache as it was; browsers must ask again each time.
  const plain = await app.request(`/archive/${slug}`);
  assert.match(await plain.text(), /will meet in Februar and report/);
  assert.equal(plain.headers.get('cache-control'), 'public, no-cache');
  // The citation names the version, at its own address.
  assert.match(page, /The Dateline Archive, version 2\. Accessed|, version 2\. Accessed/);
  assert.match(page, new RegExp(`/article/${id}/v/2\\.`));
  const history = await (await app.request(`/article/${id}/history`)).text();
  assert.match(history, /by Ada Reader/);
  assert.match(history, /<del>January<\/del><ins>Februar<\/ins>/);
});

test('a correction made on an older version is answered 409: the text as it now reads, the reader’s text kept', async () => {
  const stale = await formOf(id);
  // Someone else saves first.
  const first = await formOf(id);
  first.set('headline', 'U.S. Seeks Entry of DPs, Says Dr. McDonald');
  const ok = await post(id, first, { Origin: ORIGIN });
  assert.equal(ok.status, 303);
  const n = await versions(id);
  // The reader's form still says the version it was opened at.
  const paras = stale.getAll('p');
  stale.delete('p');
  stale.append('p', paras[0]!.replace('State Department', 'Department of State'));
  stale.append('p', paras[1]!);
  const res = await post(id, stale, { Origin: ORIGIN });
  assert.equal(res.status, 409);
  const page = await res.text();
  assert.match(page, /Someone changed this article while you were editing it/);
  // The reader's text is in the form…
  assert.match(page, /<textarea id="ed-p-1" name="p"[^>]*>The Department of State said today/);
  // …the current version is named and the form now starts from it, so saving again replaces it knowingly.
  assert.match(page, new RegExp(`The text as it now reads \\(version ${n}`));
  assert.match(page, new RegExp(`<input type="hidden" name="baseVersion" value="${n}">`));
  assert.equal(await versions(id), n, 'nothing was stored');
  const again = new URLSearchParams(stale);
  again.set('baseVersion', String(n));
  again.set('headline', 'U.S. Seeks Entry of DPs, Says Dr. McDonald');
  assert.equal((await post(id, again, { Origin: ORIGIN })).status, 303);
  assert.equal(await versions(id), n + 1);
});

test('a form that changes nothing, or splits while changing the text, comes back 400 with the reader’s values', async () => {
  const same = await formOf(id);
  const res = await post(id, same, { Origin: ORIGIN });
  assert.equal(res.status, 400);
  assert.match(await res.text(), /Nothing in the form differs from the article/);
  const both = await formOf(id);
  both.set('headline', 'A New Headline Typed');
  both.set('split', '1');
  const r2 = await post(id, both, { Origin: ORIGIN });
  assert.equal(r2.status, 400);
  const page = await r2.text();
  assert.match(page, /Save your correction first/);
  assert.match(page, /name="headline" value="A New Headline Typed"/);
});

/** The id of the first search result for `q`. */
const idOf = async (q: string) =>
  ((await (await app.request(`/api/v1/search?q=${q}`)).json()) as { results: { id: string }[] }).results[0]!
    .id;

test('a correction that replaces most of the text waits for review: said on the article, marked in the history', async () => {
  const other = await idOf('visas');
  const a = (await t.archive.store.getArticle(other))!;
  // Read first, so that the page cache holds the history as it was.
  assert.doesNotMatch(await (await app.request(`/article/${other}/history`)).text(), /waiting for review/);
  const form = await formOf(other);
  form.delete('p');
  form.append('p', 'Nothing of the sort happened in London that day, whatever the bulletin printed.');
  const res = await post(other, form, { Origin: ORIGIN });
  assert.equal(res.status, 303);
  const shown = await (await app.request(res.headers.get('location')!)).text();
  assert.match(shown, /waits for an administrator’s review before it is shown/);
  assert.ok(shown.includes(a.body.split('\n\n')[0]!.slice(0, 40)), 'the article still reads as it did');
  const history = await (await app.request(`/article/${other}/history`)).text();
  assert.match(history, /<span class="status status-held">waiting for review<\/span>/);
  assert.match(history, /One waits for an administrator’s review before it is shown/);
  const held = await (await app.request(`/article/${other}/v/2`)).text();
  assert.match(held, /It is waiting for an administrator’s review and is not yet shown on the article/);
});

test('past the corrections a client may make a minute, the form comes back 429 saying to wait, the text kept', async () => {
  const other = await idOf('bavaria+camps');
  let res: Response | null = null;
  for (let i = 1; i <= 11; i++) {
    const form = await formOf(other);
    const p = form.getAll('p');
    form.delete('p');
    form.append('p', `${p[0]!} Note ${i}.`);
    for (const rest of p.slice(1)) form.append('p', rest);
    res = await post(other, form, { Origin: ORIGIN });
    if (res.status !== 303) break;
  }
  assert.equal(res?.status, 429);
  assert.equal(res?.headers.get('retry-after'), '60');
  const page = await res!.text();
  assert.match(page, /Not saved yet: too many corrections in a short time/);
  assert.match(page, /Wait a minute and send this one again/);
  assert.match(page, /<textarea id="ed-p-1" name="p"[^>]*>[^<]* Note \d+\.<\/textarea>/);
});

test('a version is cited at its own address, and its citation files name it', async () => {
  const page = await (await app.request(`/article/${id}/v/2`)).text();
  assert.match(page, /This is <strong>version 2<\/strong> of the article: Text corrected, by Ada Reader/);
  assert.match(page, new RegExp(`<link rel="canonical" href="http://localhost/article/${id}/v/2">`));
  assert.match(page, /Dateline Archive, version 2\. Accessed/);
  const bib = await app.request(`/cite/${id}.bib?v=2`);
  assert.equal(bib.headers.get('content-disposition'), `attachment; filename="${id}-v2.bib"`);
  const text = await bib.text();
  assert.match(text, /version = \{2\}/);
  assert.match(text, new RegExp(`url = \\{http://localhost/article/${id}/v/2\\}`));
  // Version 1 is the machine's reading, before the word was corrected.
  const v1 = await (await app.request(`/article/${id}/v/1`)).text();
  assert.match(v1, /will meet in January and report/);
  assert.equal((await app.request(`/cite/${id}.bib?v=99`)).status, 404);
  assert.equal((await app.request(`/article/${id}/v/99`)).status, 404);
});

test('a locked article says so on its edit page, offers no save, and a form sent anyway is refused 403', async () => {
  const other = await idOf('soviet+kiev');
  await t.archive.corrections.lock(other, true);
  const page = await (await app.request(`/article/${other}/edit`)).text();
  assert.match(page, /This article is locked/);
  assert.doesNotMatch(page, /name="save"/);
  assert.match(await (await app.request(`/api/v1/articles/${other}`)).text(), /"id"/);
  const slugOf = (await t.archive.store.getArticle(other))!.slug;
  assert.match(await (await app.request(`/archive/${slugOf}`)).text(), / data-locked>/);
  const form = await formOf(other);
  form.set('headline', 'Changed Anyway');
  const res = await post(other, form, { Origin: ORIGIN });
  assert.equal(res.status, 403);
  assert.match(await res.text(), /locked against corrections/);
  await t.archive.corrections.lock(other, false);
});

test('no path segment or form field sent to the correction pages makes the server answer 5xx', async () => {
  const faults: string[] = [];
  const fuzzed = createApp(t.archive, (m) => faults.push(m), { rateLimitPerMinute: 0 });
  const value = fc.oneof(
    fc.string({ maxLength: 30 }),
    fc.string({ unit: 'binary', maxLength: 20 }),
    fc.constantFrom(
      '',
      ' ',
      '0',
      '-1',
      '1',
      '2',
      '99999999999',
      'NaN',
      '1e3',
      '1974-02-30',
      '1974-12-19',
      'next',
      '\u0000',
      '<script>alert(1)</script>',
      '../../etc/passwd',
    ),
  );
  const ids = fc.constantFrom(id, `${id.slice(0, -1)}z`, '19741219-zzzzzz', 'x', '');
  const field = fc.constantFrom(
    'p',
    'headline',
    'kicker',
    'byline',
    'place',
    'date',
    'firstPage',
    'lastPage',
    'contributor',
    'comment',
    'baseVersion',
    'split',
    'merge',
    'splitHeadline',
    'save',
  );
  await fc.assert(
    fc.asyncProperty(
      ids,
      value,
      fc.array(fc.tuple(field, value), { maxLength: 8 }),
      async (articleId, n, fields) => {
        const path = encodeURIComponent(articleId);
        for (const get of [
          `/article/${path}/edit`,
          `/article/${path}/history`,
          `/article/${path}/v/${encodeURIComponent(n)}`,
          `/cite/${path}.bib?v=${encodeURIComponent(n)}`,
        ]) {
          const res = await fuzzed.request(get);
          await res.arrayBuffer();
          assert.ok(res.status < 500, `GET ${get} → ${res.status}\n${faults.join('\n')}`);
        }
        const res = await fuzzed.request(`/article/${path}/edit`, {
          method: 'POST',
          body: new URLSearchParams(fields),
          headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: ORIGIN },
        });
        await res.arrayBuffer();
        assert.ok(res.status < 500, `POST ${JSON.stringify(fields)} → ${res.status}\n${faults.join('\n')}`);
      },
    ),
    { numRuns: 200, seed: 19 },
  );
  assert.deepEqual(faults, []);
});
