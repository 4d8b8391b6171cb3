import assert from 'node:assert/strict';
import { test } from 'node:test';
import { apa, author, bibtex, type Citable, chicago, cslJson, mla, mlaDate, ris } from './citation.js';

const c: Citable = {
  id: '19741219-k3f9a2',
  headline: "U.S. Seeks DP's Entry",
  byline: 'By Ben Gallob',
  date: '1974-12-19',
  firstPage: 2,
  lastPage: 3,
  container: 'Daily News Bulletin',
  archive: 'The Demo Archive',
  url: 'https://example.org/archive/u-s-seeks-dps-entry-19741219-k3f9a2',
  accessed: '2026-11-28',
};

test('formats the three citation styles with author, date and pages', () => {
  assert.deepEqual(author('By Ben Gallob'), { given: 'Ben', family: 'Gallob' });
  assert.deepEqual(author('By Hannah G. Rosenthal'), { given: 'Hannah G.', family: 'Rosenthal' });
  // A desk is no author.
  assert.equal(author('By a Staff Correspondent'), null);
  assert.equal(author('By Our Paris Correspondent'), null);
  assert.equal(
    chicago(c),
    `Gallob, Ben. “U.S. Seeks DP's Entry.” Daily News Bulletin, December 19, 1974, 2–3. The Demo Archive. Accessed November 28, 2026. ${c.url}.`,
  );
  assert.equal(
    mla(c),
    `Gallob, Ben. “U.S. Seeks DP's Entry.” Daily News Bulletin, 19 Dec. 1974, p. 2–3. The Demo Archive, ${c.url}. Accessed 28 Nov. 2026.`,
  );
  assert.equal(
    apa(c),
    `Gallob, B. (1974, December 19). U.S. Seeks DP's Entry. Daily News Bulletin, 2–3. ${c.url}`,
  );
  // Without an author APA puts the title first.
  assert.match(apa({ ...c, byline: null }), /^U\.S\. Seeks DP's Entry\. \(1974, December 19\)\./);
});

test('MLA 9 abbreviates months longer than four letters, September as "Sept."', () => {
  assert.deepEqual(
    ['1974-01-02', '1974-05-02', '1974-06-02', '1974-07-02', '1974-09-02', '1974-12-02'].map(mlaDate),
    ['2 Jan. 1974', '2 May 1974', '2 June 1974', '2 July 1974', '2 Sept. 1974', '2 Dec. 1974'],
  );
  assert.match(mla({ ...c, date: '1938-09-30' }), /, 30 Sept\. 1938, p\. 2–3\./);
});

test('exports BibTeX, RIS and CSL-JSON that reference managers read', () => {
  const b = bibtex(c);
  assert.match(b, /^@article\{19741219_k3f9a2,/);
  assert.match(b, /author = \{Gallob, Ben\}/);
  assert.match(b, /pages = \{2--3\}/);
  assert.match(b, /date = \{1974-12-19\}/);
  const r = ris(c).split('\r\n');
  assert.equal(r[0], 'TY  - NEWS');
  assert.ok(r.includes('DA  - 1974/12/19'));
  assert.ok(r.includes('PY  - 1974/12/19/'));
  assert.ok(r.includes('Y2  - 2026/11/28/'));
  assert.ok(r.includes('EP  - 3'));
  assert.equal(r.at(-2), 'ER  - ');
  const j = cslJson(c);
  assert.equal(j.type, 'article-newspaper');
  assert.deepEqual(j.issued, { 'date-parts': [[1974, 12, 19]] });
  assert.deepEqual(j.author, [{ given: 'Ben', family: 'Gallob' }]);
});

test('a corrected article is cited at its version: named in every style, its own key, its version URL', () => {
  const v = { ...c, version: 3, url: 'https://example.org/article/19741219-k3f9a2/v/3' };
  assert.equal(
    chicago(v),
    `Gallob, Ben. “U.S. Seeks DP's Entry.” Daily News Bulletin, December 19, 1974, 2–3. The Demo Archive, version 3. Accessed November 28, 2026. ${v.url}.`,
  );
  assert.equal(
    mla(v),
    `Gallob, Ben. “U.S. Seeks DP's Entry.” Daily News Bulletin, 19 Dec. 1974, p. 2–3. The Demo Archive, version 3, ${v.url}. Accessed 28 Nov. 2026.`,
  );
  assert.equal(
    apa(v),
    `Gallob, B. (1974, December 19). U.S. Seeks DP's Entry (Version 3). Daily News Bulletin, 2–3. ${v.url}`,
  );
  const b = bibtex(v);
  assert.match(b, /^@article\{19741219_k3f9a2_v3,/);
  assert.match(b, /version = \{3\}/);
  const r = ris(v).split('\r\n');
  assert.ok(r.includes('N1  - Version 3'));
  assert.ok(r.includes('ID  - 19741219-k3f9a2-v3'));
  const j = cslJson(v);
  assert.equal(j.id, '19741219-k3f9a2-v3');
  assert.equal(j.version, '3');
  // An article never corrected names no version.
  assert.doesNotMatch(chicago(c) + mla(c) + apa(c) + bibtex(c) + ris(c), /version/i);
});
