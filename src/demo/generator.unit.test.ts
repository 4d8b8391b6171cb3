import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { test } from 'node:test';
import { weekday } from './calendar.js';
import { generateDemoCollection, planDemoCollection } from './generator.js';
import { LAYOUTS } from './layouts.js';
import { wrap } from './paginate.js';
import { FEATURES, STORIES } from './stories.js';

const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
const plan = planDemoCollection();
const articles = plan.flatMap((b) => b.truth.articles.map((a) => ({ edition: b.truth, a })));

/** Undoes typed line ends the way a reader would: a letter-hyphen at line end joins the next line. */
function unwrap(lines: string[]): string {
  let out = '';
  for (const l of lines) {
    if (out.endsWith('-') && /[a-z]-$/.test(out)) out = out.slice(0, -1) + l;
    else out = out ? `${out} ${l}` : l;
  }
  return out;
}

test('the same options give the same bytes and truth; another seed gives others', async () => {
  const a = await generateDemoCollection({ editions: 8 });
  const b = await generateDemoCollection({ editions: 8 });
  assert.deepEqual(
    a.map((x) => sha(x.pdf)),
    b.map((x) => sha(x.pdf)),
  );
  assert.deepEqual(
    a.map((x) => x.truth),
    b.map((x) => x.truth),
  );
  const c = await generateDemoCollection({ editions: 8, seed: 7 });
  assert.notDeepEqual(
    a.map((x) => sha(x.pdf)),
    c.map((x) => sha(x.pdf)),
  );
  // The in-memory plan of the default run is stable too (the PDFs are drawn from it).
  assert.deepEqual(
    JSON.stringify(planDemoCollection().map((p) => p.truth)),
    JSON.stringify(plan.map((p) => p.truth)),
  );
});

test('defaults: 120 weekday editions, sorted, unique, spanning 1928-1994 over at least four decades', () => {
  assert.equal(plan.length, 120);
  const dates = plan.map((b) => b.truth.date);
  assert.deepEqual([...dates].sort(), dates);
  assert.equal(new Set(dates).size, 120);
  for (const d of dates) assert.ok(weekday(d) >= 1 && weekday(d) <= 5, `${d} is a weekday`);
  assert.ok(dates[0]! >= '1928-01-01' && dates.at(-1)! <= '1994-12-31');
  assert.ok(new Set(dates.map((d) => d.slice(0, 3))).size >= 4, 'four decades or more');
  for (const b of plan) {
    const compact = b.truth.date.replaceAll('-', '');
    assert.ok(
      b.truth.fileName.includes(b.truth.date) || b.truth.fileName.includes(compact),
      b.truth.fileName,
    );
  }
  assert.ok(plan.some((b) => /^\d{4}-\d{2}-\d{2}\.pdf$/.test(b.truth.fileName)));
  assert.ok(plan.some((b) => /^[a-z]{2,6}-\d{8}\.pdf$/.test(b.truth.fileName)));
});

test('at least four layout variants are used, one of them without the date in the masthead', () => {
  const used = new Set(plan.map((b) => b.truth.layout));
  assert.ok(used.size >= 4, [...used].join(', '));
  assert.ok(plan.some((b) => !b.truth.dateInMasthead));
  assert.ok(
    plan.some((b) => /^[IVXLC]+$/.test(b.truth.volume)) && plan.some((b) => /^\d+$/.test(b.truth.volume)),
  );
});

test('editions have 2-6 pages and 5-12 articles in page order', () => {
  for (const b of plan) {
    const t = b.truth;
    assert.equal(t.pageCount, b.pages.length);
    assert.ok(t.pageCount >= 2 && t.pageCount <= 6, `${t.fileName}: ${t.pageCount} pages`);
    assert.ok(t.articles.length >= 5 && t.articles.length <= 12, `${t.fileName}: ${t.articles.length}`);
    t.articles.forEach((a, i) => {
      assert.equal(a.ordinal, i);
      assert.ok(a.firstPage >= 1 && a.firstPage <= a.lastPage && a.lastPage <= t.pageCount);
      if (i > 0) assert.ok(a.firstPage >= t.articles[i - 1]!.lastPage);
    });
  }
});

test('kickers, bylines, two-line headlines, features without dateline and cross-page articles all occur', () => {
  const share = (f: (x: (typeof articles)[number]) => boolean) => articles.filter(f).length / articles.length;
  assert.ok(share((x) => x.a.kicker !== null) > 0.1, 'kickers');
  assert.ok(share((x) => x.a.byline !== null) > 0.12, 'bylines');
  assert.ok(share((x) => x.a.dateline === null) > 0.04, 'no dateline');
  assert.ok(share((x) => x.a.firstPage < x.a.lastPage) > 0.1, 'cross-page');
  const twoLine = plan.flatMap((b) =>
    b.truth.articles.filter((a) => !b.pages.flat().some((s) => s?.text === a.headline)),
  );
  assert.ok(twoLine.length / articles.length > 0.2, 'two-line headlines');
});

test('headlines are capitals, 3-12 words, unique within the edition, with acronyms and names among them', () => {
  for (const b of plan) {
    const heads = b.truth.articles.map((a) => a.headline);
    assert.equal(new Set(heads).size, heads.length, b.truth.fileName);
    for (const h of heads) {
      assert.match(h, /^[A-Z0-9 .,;:'$%&?!-]+$/);
      const n = h.split(' ').length;
      assert.ok(n >= 3 && n <= 12, h);
    }
  }
  const all = articles.map((x) => x.a.headline).join('\n');
  for (const needle of ['U.S.', 'UN ', 'USSR', "DP'S", 'DR. ', ' MC', 'JTA '])
    assert.ok(all.includes(needle), needle);
});

test('datelines: upper-case place, 2-6 letter agency, filed on or before the bulletin date', () => {
  for (const { edition, a } of articles) {
    if (!a.dateline) continue;
    assert.match(a.dateline.place, /^[A-Z]+(?: [A-Z]+)*$/);
    assert.match(a.dateline.agency, /^[A-Z]{2,6}$/);
    assert.ok(a.dateline.date <= edition.date && a.dateline.date >= '1927-12-01');
  }
  const places = new Set(articles.flatMap((x) => (x.a.dateline ? [x.a.dateline.place] : [])));
  for (const p of ['TEL AVIV', 'NEW YORK', 'WASHINGTON']) assert.ok(places.has(p), p);
  assert.ok(new Set(articles.flatMap((x) => x.a.dateline?.agency ?? [])).size >= 3);
});

test("references name the page where their target starts, which is not the source's own", () => {
  const withRefs = plan.filter((b) => b.truth.articles.some((a) => a.references.length > 0));
  const bigger = plan.filter((b) => b.truth.pageCount >= 3).length;
  assert.ok(
    withRefs.length >= bigger / 8 && withRefs.length <= bigger / 2,
    `${withRefs.length} of ${bigger}`,
  );
  const kinds = new Set<string>();
  for (const b of withRefs) {
    for (const a of b.truth.articles) {
      for (const r of a.references) {
        const target = b.truth.articles[r.targetOrdinal]!;
        kinds.add(r.kind);
        assert.notEqual(r.targetOrdinal, a.ordinal);
        assert.equal(target.firstPage, r.page, `${b.truth.fileName}: ${r.text}`);
        assert.ok(r.page < a.firstPage || r.page > a.lastPage);
        assert.ok(r.text.includes(String(r.page)));
        assert.ok(a.paragraphs.some((p) => p.endsWith(` ${r.text}`)));
      }
    }
  }
  assert.deepEqual([...kinds].sort(), ['related', 'see']);
});

test('the printed lines unwrap to the truth paragraphs, with the dateline opening the first', () => {
  for (const b of plan) {
    const body = b.pages.flatMap((p, i) => p.slice(i === 0 ? b.layout.masthead(b.truth).length : 2));
    const text = unwrap(body.flatMap((s) => (s ? [s.text] : [])));
    for (const a of b.truth.articles) {
      const d = a.dateline;
      for (const p of a.paragraphs) assert.ok(text.includes(p), `${b.truth.fileName}: ${p}`);
      if (d) assert.match(text, new RegExp(`${d.place}, \\w+\\.? \\d+ \\(${d.agency}\\) -- `));
    }
  }
});

test('body lines are mixed case, some end in a hyphen, and no page ends on a headline', () => {
  let body = 0;
  let hyphens = 0;
  for (const b of plan) {
    for (const [i, page] of b.pages.entries()) {
      const printed = page.filter((s) => s !== null);
      for (const s of printed.filter((x) => x.role === 'body')) {
        assert.match(s.text, /[a-z]/, `${b.truth.fileName}: all-caps body line "${s.text}"`);
        body++;
        if (/[a-z]-$/.test(s.text)) hyphens++;
      }
      for (const s of printed.filter((x) => x.role === 'headline' || x.role === 'kicker')) {
        assert.doesNotMatch(s.text, /[a-z]/);
      }
      if (i === b.pages.length - 1) continue;
      const last = printed.at(-1)!;
      assert.ok(last.role === 'body' || last.role === 'end', `${b.truth.fileName} p${i + 1}: ${last.text}`);
    }
  }
  assert.ok(hyphens / body > 1 / 70 && hyphens / body < 1 / 20, `${hyphens} hyphens in ${body} lines`);
});

test('wrap keeps lines within the width and unwraps to the same text', () => {
  const text = Array.from({ length: 12 }, () => plan[3]!.truth.articles[0]!.paragraphs[0]).join(' ');
  for (let seed = 0; seed < 50; seed++) {
    const lines = wrap(text, 60, 5, seed);
    assert.ok(lines[0]!.length <= 55);
    for (const l of lines) assert.ok(l.length <= 60, l);
    assert.equal(unwrap(lines), text);
  }
});

test('story templates use known slots and have a lead for every headline', () => {
  const slots = new Set(
    'P PT PH HE HIS Q QT O OS OA C CTRY CS FC FCS HOME REG N N3 K AMT AGE YRS PCT AG'.split(' '),
  );
  for (const s of [...STORIES, ...FEATURES]) {
    if (s.leadOf) assert.equal(s.leadOf.length, s.heads.length, s.heads[0]);
    for (const i of s.leadOf ?? []) assert.ok(s.leads[i], s.heads[0]);
    for (const t of [...s.heads, ...s.leads, ...s.more]) {
      for (const m of t.matchAll(/\{(\w+)\}/g)) assert.ok(slots.has(m[1]!), `${m[1]} in ${t}`);
    }
  }
  assert.ok(LAYOUTS.length >= 4);
});
