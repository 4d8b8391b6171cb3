/**
 * Headlines of a small scan read again. A page image a few hundred pixels wide is enlarged for OCR to
 * give its body type the size tesseract reads best (ocr-reader.ts); its headline type, already twice as
 * large, is then read worse than it could be, a letter or two wrong a line ("FINES PLBLISHER", "SHOPS 10
 * CLOSE", "FALESTINCTO BLILD"). Each line of headline type is read again on its own at three sizes of the
 * scan (1.5, 2 and 3 times its own pixels), and every word is taken as most readings give it.
 *
 * The lines of a page are cut out and stacked into one image per size, so the page costs three more
 * reads of a strip, not three per line. Pure apart from the reader passed in.
 */
import type { Page } from 'tesseract.js';
import type { SourceLine } from '../core/types.js';
import { median } from '../layout/page-layout.js';
import { editDistance } from '../text/edit-distance.js';
import type { GreyImage } from './image-prep.js';
import { toPgm } from './ocr-regions.js';

/** Sizes each headline line is read at, in times the scan's own pixels. */
export const REREAD_SCALES = [1.5, 2, 3];
/** Pixels high each chosen line is brought to, one height a reading (a library's headlines, any type). */
const REREAD_HEIGHTS = [30, 42, 56];
/** How a chosen line's readings vote (see rereadHeadlines). */
const CHOSEN_VOTE: VoteOptions = { likeShare: 0.6, minConf: 50, fullCount: true };
/** A page enlarged less than this for OCR has headlines large enough as they were read. */
const MIN_ENLARGE = 1.5;
/** Headline type: this much larger than the page's text (by the words' box heights). */
const HEADLINE_SIZE = 1.2;

interface Reading {
  tokens: string[];
  confs: number[];
}

const LEAD = /^[‘’'"“”[({|]+/u;
const TRAIL = /[.,:;|\])}'’"”]+$/u;

/** True for a line whose letters are mostly capitals. */
function mostlyCaps(text: string): boolean {
  const letters = text.replace(/[^\p{L}]/gu, '');
  if (letters.length < 2) return false;
  return letters.replace(/[^\p{Lu}]/gu, '').length >= letters.length * 0.8;
}

/**
 * A reading set in the original's form: marks with no letter or digit dropped, quotes and stops a
 * reading added at either end (and the original has not) taken off, capitals where the line is capitals.
 */
function clean(r: Reading, original: string[], caps: boolean): Reading {
  const tokens: string[] = [];
  const confs: number[] = [];
  r.tokens.forEach((t, k) => {
    if (!/[\p{L}\p{N}]/u.test(t)) return;
    tokens.push(caps ? t.toUpperCase() : t);
    confs.push(r.confs[k]!);
  });
  if (tokens.length > 0) {
    const first = original[0] ?? '';
    const last = original.at(-1) ?? '';
    if (!LEAD.test(first)) tokens[0] = tokens[0]!.replace(LEAD, '');
    if (!TRAIL.test(last)) tokens[tokens.length - 1] = tokens.at(-1)!.replace(TRAIL, '');
  }
  return { tokens, confs };
}

const core = (t: string) => t.replace(LEAD, '').replace(TRAIL, '');

export interface VoteOptions {
  /** A reading again takes part when its letters are within this share of edits of the first reading's. */
  likeShare?: number;
  /** A word read again less surely than this has no say (the first reading's words always have). */
  minConf?: number;
  /**
   * Readings with fewer letters than the first's but one (a crop cut short: "UIT SLAGENCINTRA" for the
   * ANP's "UITSLAGENC3NTRALE") may mend its letters but not its word count. For a library's lines, whose
   * reading is whole; a small scan's first reading loses letters itself.
   */
  fullCount?: boolean;
}

/**
 * Word by word, what most readings of one line say. `readings[0]` is the line as first read; a reading
 * again takes part only when it is most of the way the same line (a crop that caught the wrong thing
 * reads as something else). The first reading's word count stands unless another has as many readings,
 * two of them agreeing on every word (words run together or split apart differ from reading to reading)
 * and, with `fullCount`, having no fewer letters than the first but one; then
 * each word is the one read most surely in sum over the readings with that count (a word mixing letters
 * and digits counts half; the first reading's stops and quotes stay where it had them). Null when nothing
 * but the first reading is left.
 */
export function vote(readings: Reading[], opts: VoteOptions = {}): Reading | null {
  const { likeShare = 0.4, minConf = 0, fullCount = false } = opts;
  const [first, ...again] = readings;
  if (!first) return null;
  const joined = (r: Reading) => r.tokens.join('');
  const key = (r: Reading) => r.tokens.map((t) => core(t) || t).join(' ');
  // Readings again at two sizes or more that agree on every word, read surely (their median word at
  // `minConf` or more) and with most of the first's letters, are the line however far the first reading
  // is garbled ("TKURIULB M1XH D1S.YBTFJI." read "TERRIBLE MINE DISASTER." at every size; "\s\r in thn
  // Inthor Gain p." read "War in the Labor Camp."): a crop that caught something else would not read the
  // same surely at each size. Only where word confidences are asked for (a library's lines).
  const sure = (r: Reading) =>
    minConf > 0 &&
    r.tokens.length > 0 &&
    median(r.confs, 0) >= minConf &&
    joined(r).length >= joined(first).length * 0.6;
  const agreeing = new Set(
    again.filter((r) => sure(r) && again.some((x) => x !== r && sure(x) && key(x) === key(r))),
  );
  const like = again.filter(
    (r) =>
      r.tokens.length > 0 &&
      (agreeing.has(r) ||
        editDistance(joined(r), joined(first)) <=
          likeShare * Math.max(joined(r).length, joined(first).length)),
  );
  if (like.length === 0) return null;
  const all = [first, ...like];
  const counts = new Map<number, number>();
  for (const r of all) counts.set(r.tokens.length, (counts.get(r.tokens.length) ?? 0) + 1);
  // Another word count than the first reading's needs two readings again that agree on every word: words
  // run together or split apart differ from reading to reading.
  const whole = (x: Reading) => !fullCount || agreeing.has(x) || joined(x).length >= joined(first).length - 1;
  const agreed = (c: number) => {
    const same = new Map<string, number>();
    for (const r of like.filter((x) => x.tokens.length === c && whole(x)))
      same.set(key(r), (same.get(key(r)) ?? 0) + 1);
    return Math.max(0, ...same.values()) >= 2;
  };
  const own = counts.get(first.tokens.length)!;
  const other = [...counts]
    .filter(([c, v]) => c !== first.tokens.length && v >= own && agreed(c))
    .sort((a, b) => b[1] - a[1])[0];
  const n = other ? other[0] : first.tokens.length;
  const pool = all.filter((r) => r.tokens.length === n);
  const tokens: string[] = [];
  const confs: number[] = [];
  for (let k = 0; k < n; k++) {
    const score = new Map<string, { votes: number; conf: number; max: number }>();
    // Where every reading of the word is unsure, all of them have their say.
    const sure = pool.filter((r) => r === first || r.confs[k]! >= minConf);
    for (const r of sure.length > 0 ? sure : pool) {
      const c = core(r.tokens[k]!) || r.tokens[k]!;
      const s = score.get(c) ?? { votes: 0, conf: 0, max: 0 };
      s.votes++;
      s.conf += r.confs[k]!;
      s.max = Math.max(s.max, r.confs[k]!);
      score.set(c, s);
    }
    // Letters and digits mixed in one word of a headline ("R10" for "RIO") are a misreading's mark.
    const weight = ([w, s]: [string, { conf: number }]) =>
      s.conf * (/\p{L}/u.test(w) && /\p{N}/u.test(w) && !/^\p{N}+(?:st|nd|rd|th|s)$/iu.test(w) ? 0.5 : 1);
    const [word, s] = [...score].sort((a, b) => weight(b) - weight(a) || b[1].votes - a[1].votes)[0]!;
    const own = n === first.tokens.length ? first.tokens[k]! : null;
    tokens.push(
      own !== null && core(own) === word ? own : own !== null ? own.replace(core(own) || own, word) : word,
    );
    confs.push(s.max);
  }
  return { tokens, confs };
}

/** A box of the image scaled by `f` (area average when shrinking, nearest pixel when growing). */
function scaled(img: GreyImage, x: number, y: number, w: number, h: number, f: number): GreyImage {
  const W = Math.max(1, Math.round(w * f));
  const H = Math.max(1, Math.round(h * f));
  const out = new Uint8Array(W * H);
  for (let j = 0; j < H; j++) {
    const y0 = y + j / f;
    const y1 = y + (j + 1) / f;
    for (let i = 0; i < W; i++) {
      const x0 = x + i / f;
      const x1 = x + (i + 1) / f;
      let sum = 0;
      let n = 0;
      for (let yy = Math.floor(y0); yy < Math.max(Math.floor(y0) + 1, Math.ceil(y1)); yy++)
        for (let xx = Math.floor(x0); xx < Math.max(Math.floor(x0) + 1, Math.ceil(x1)); xx++) {
          const inside = xx >= 0 && yy >= 0 && xx < img.width && yy < img.height;
          sum += inside ? img.pixels[yy * img.width + xx]! : 255;
          n++;
        }
      out[j * W + i] = Math.round(sum / n);
    }
  }
  return { width: W, height: H, pixels: out };
}

interface Row {
  /** The line's own box in the strip (the crop less its padding). */
  top: number;
  bottom: number;
  left: number;
  right: number;
}

/**
 * Crops stacked one under another on white; returns the strip and, for each crop, where its line lies
 * in it (`pads`: the crop's padding on each side, in the crop's pixels).
 */
function stack(crops: { img: GreyImage; padX: number; padY: number }[]): { image: GreyImage; rows: Row[] } {
  const margin = 24;
  const gap = Math.max(24, ...crops.map((c) => Math.round(c.img.height * 0.8)));
  const width = Math.max(...crops.map((c) => c.img.width)) + 2 * margin;
  const height = crops.reduce((s, c) => s + c.img.height + gap, margin);
  const pixels = new Uint8Array(width * height).fill(255);
  const rows: Row[] = [];
  let top = margin;
  for (const { img: c, padX, padY } of crops) {
    for (let j = 0; j < c.height; j++)
      pixels.set(c.pixels.subarray(j * c.width, (j + 1) * c.width), (top + j) * width + margin);
    rows.push({
      top: top + padY,
      bottom: top + c.height - padY,
      left: margin + padX,
      right: margin + c.width - padX,
    });
    top += c.height + gap;
  }
  return { image: { width, height, pixels }, rows };
}

/**
 * Each row's words as read: of the lines read across the row, the one whose middle is nearest the row's
 * (a crop holds slivers of the lines above and below), its words whose middles lie within the line's box.
 */
function rowReadings(page: Page, rows: Row[]): Reading[] {
  const best: ({ d: number; words: { x: number; text: string; conf: number }[] } | null)[] = rows.map(
    () => null,
  );
  for (const b of page.blocks ?? [])
    for (const p of b.paragraphs)
      for (const l of p.lines) {
        const mid = (l.bbox.y0 + l.bbox.y1) / 2;
        const k = rows.findIndex((r) => mid >= r.top && mid <= r.bottom);
        if (k < 0) continue;
        const r = rows[k]!;
        const d = Math.abs(mid - (r.top + r.bottom) / 2);
        if (best[k] && best[k]!.d <= d) continue;
        const words = l.words
          .filter(
            (w) =>
              w.text.trim() &&
              (w.bbox.x0 + w.bbox.x1) / 2 >= r.left &&
              (w.bbox.x0 + w.bbox.x1) / 2 <= r.right,
          )
          .map((w) => ({ x: w.bbox.x0, text: w.text.trim(), conf: w.confidence }));
        best[k] = { d, words };
      }
  return best.map((b) => {
    const ws = [...(b?.words ?? [])].sort((a, c) => a.x - c.x);
    return { tokens: ws.map((w) => w.text), confs: ws.map((w) => w.conf) };
  });
}

export interface RereadResult {
  /** Lines read again, and of them lines whose words changed. */
  lines: number;
  changed: number;
}

/**
 * Reads the page's lines of headline type again (see the file comment) and puts in each the words most
 * readings agree on. `image`: the page as OCR read it (enlarged `enlarge` times from the scan's pixels);
 * `pxPerPoint`: its pixels per PDF point, the unit of `lines`; `recognize`: one read of an image (PSM 6).
 * `chosen`: the lines to read again, known to be headlines (a library's page, headline-reread.ts), in
 * place of the lines of headline type on a small scan; lost lines are then not looked for.
 */
export async function rereadHeadlines(
  lines: SourceLine[],
  image: GreyImage,
  pxPerPoint: number,
  enlarge: number,
  recognize: (pgm: Buffer) => Promise<Page>,
  chosen?: SourceLine[],
): Promise<RereadResult> {
  if (!chosen && enlarge < MIN_ENLARGE) return { lines: 0, changed: 0 };
  const body = median(
    lines.flatMap((l) => l.words.map((w) => w.h)),
    0,
  );
  const heads = (chosen ?? lines).filter((l) => {
    if (chosen) return l.words.length > 0;
    if (l.words.length === 0 || !mostlyCaps(l.text)) return false;
    return (
      median(
        l.words.map((w) => w.h),
        0,
      ) >=
      body * HEADLINE_SIZE
    );
  });
  if (heads.length === 0) return { lines: 0, changed: 0 };
  const box = (x0: number, y0: number, x1: number, y1: number) => {
    const pad = (y1 - y0) * 0.3;
    return {
      x: (x0 - pad) * pxPerPoint,
      y: (y0 - pad) * pxPerPoint,
      w: (x1 - x0 + 2 * pad) * pxPerPoint,
      h: (y1 - y0 + 2 * pad) * pxPerPoint,
      pad: pad * pxPerPoint,
    };
  };
  const extent = (l: SourceLine) => ({
    x0: Math.min(...l.words.map((w) => w.x)),
    x1: Math.max(...l.words.map((w) => w.x + w.w)),
    y0: Math.min(...l.words.map((w) => w.y)),
    y1: Math.max(...l.words.map((w) => w.y + w.h)),
  });
  // A library's line box may hold only part of its head ("Senate" for "Senate Proceedings.", "in the
  // House." for "Doings in the House."): a chosen line is read across its column, as wide as the lines
  // of its column near it.
  const across = heads.map((l) => {
    const e = extent(l);
    if (!chosen) return e;
    const h = e.y1 - e.y0;
    const near = lines.filter(
      (o) =>
        o !== l &&
        o.words.length > 0 &&
        Math.abs(o.y + o.height / 2 - (e.y0 + e.y1) / 2) <= h * 4 &&
        o.x < e.x1 &&
        o.x + o.width > e.x0,
    );
    const [x0, x1] = [
      Math.min(e.x0, ...near.map((o) => o.x)),
      Math.max(e.x1, ...near.map((o) => o.x + o.width)),
    ];
    // A head set centred whose box stands centred in its column holds all of it: read across, the
    // column's edges (a rule, a speck) give stray letters ("B Heavy Snow Blockades").
    const char = (e.x1 - e.x0) / Math.max(1, l.text.trim().length);
    return Math.abs(e.x0 - x0 - (x1 - e.x1)) <= char * 1.5 ? e : { ...e, x0, x1 };
  });
  const boxes = across.map((e) => box(e.x0, e.y0, e.x1, e.y1));
  // A line OCR lost inside a headline ("JTA SURVEY: / DAY SCHOOL / … / UP 6 PERCENT"): between two of its
  // lines in one block, a space where one more line of their type would stand, read there at each size.
  const lost = (chosen ? [] : heads).flatMap((a, k) => {
    const b = heads[k + 1];
    if (!b || a.block !== b.block) return [];
    const [ea, eb] = [extent(a), extent(b)];
    const h = Math.min(ea.y1 - ea.y0, eb.y1 - eb.y0);
    const space = eb.y0 - ea.y1;
    if (space < h * 1.2 || space > h * 2.4 || Math.min(ea.x1, eb.x1) <= Math.max(ea.x0, eb.x0)) return [];
    const top = ea.y1 + (space - h) / 2;
    return [{ after: a, x0: Math.min(ea.x0, eb.x0), x1: Math.max(ea.x1, eb.x1), y0: top, y1: top + h }];
  });
  for (const g of lost) boxes.push(box(g.x0, g.y0, g.x1, g.y1));
  const readings: Reading[][] = boxes.map(() => []);
  // The lost lines are read in strips of their own, so the headlines' readings are as they were.
  const groups = [boxes.slice(0, heads.length), boxes.slice(heads.length)];
  for (const [i, s] of REREAD_SCALES.entries()) {
    // Chosen lines of any type are each brought to one height (tesseract reads a strip of mixed sizes as
    // its largest lines and drops the rest); a small scan's headline type is enlarged by the scale.
    const factor = (b: { h: number; pad: number }) =>
      chosen ? REREAD_HEIGHTS[i]! / Math.max(1, b.h - 2 * b.pad) : s / enlarge;
    let from = 0;
    for (const group of groups) {
      if (group.length === 0) continue;
      const { image: strip, rows } = stack(
        group.map((b) => {
          const f = factor(b);
          return {
            img: scaled(image, b.x, b.y, b.w, b.h, f),
            // Words reaching into the padding by under half their own: the line's box is OCR's, a little tight.
            padX: Math.round(b.pad * f * 0.5),
            padY: Math.round(b.pad * f * 0.5),
          };
        }),
      );
      for (const [k, r] of rowReadings(await recognize(toPgm(strip)), rows).entries())
        readings[from + k]!.push(r);
      from += group.length;
    }
  }
  let changed = 0;
  heads.forEach((l, k) => {
    // A library's reading of a chosen line votes without its marks standing alone ("Fire * ."), which the
    // readings again leave out; so the word counts agree where the words do.
    const kept = l.words.filter((w) => !chosen || /[\p{L}\p{N}]/u.test(w.text));
    const original = kept.map((w) => w.text);
    const caps = mostlyCaps(l.text);
    const all = [
      { tokens: original, confs: kept.map((w) => w.conf ?? 0) },
      ...readings[k]!.map((r) => clean(r, original, caps)),
    ];
    // A library's headline is often garbled past the small scan's limit ("Important CIISPR nt U'nlioo."),
    // and its crop is its own line; a word tesseract is unsure of has no say against the library's.
    const v = vote(all, chosen ? CHOSEN_VOTE : {});
    if (!v || v.tokens.join(' ') === original.join(' ')) return;
    changed++;
    if (v.tokens.length === l.words.length) {
      l.words = l.words.map((w, i) => ({ ...w, text: v.tokens[i]!, conf: v.confs[i]! }));
    } else {
      // The line's box shared out by the words' lengths; where the reading across the column found more
      // words than the box held, across the words' own share of the column.
      const more = v.tokens.length > l.words.length;
      const x0 = Math.min(...l.words.map((w) => w.x), more ? across[k]!.x0 : Number.POSITIVE_INFINITY);
      const x1 = Math.max(...l.words.map((w) => w.x + w.w), more ? across[k]!.x1 : Number.NEGATIVE_INFINITY);
      const chars = v.tokens.reduce((s, t) => s + t.length + 1, -1);
      const unit = (x1 - x0) / Math.max(1, chars);
      const y = Math.min(...l.words.map((w) => w.y));
      const h = median(
        l.words.map((w) => w.h),
        0,
      );
      let x = x0;
      l.words = v.tokens.map((text, i) => {
        const w = { text, x, y, w: text.length * unit, h, conf: v.confs[i]! };
        x += (text.length + 1) * unit;
        return w;
      });
    }
    l.text = v.tokens.join(' ');
  });
  // A lost line is put back where two readings of it agree on every word, capitals read surely.
  let found = 0;
  lost.forEach((g, k) => {
    const rs = readings[heads.length + k]!.map((r) => clean(r, [], true)).filter((r) => r.tokens.length > 0);
    const key = (r: Reading) => r.tokens.join(' ');
    const agreed = rs.find((r) => rs.filter((x) => key(x) === key(r)).length >= 2);
    // Tesseract's confidence in a crop of one line says little (9 for a right "ENROLLMENT", 69 for a
    // wrong "FAROLLMENT"): two readings at different sizes that agree are the surer sign.
    if (!agreed || !mostlyCaps(key(agreed)) || agreed.tokens.some((t) => !/\p{L}{2}/u.test(t))) return;
    // The line is as sure as the readings that agree on it: 70 for two of three, 80 for all three.
    const conf = 50 + 10 * rs.filter((x) => key(x) === key(agreed)).length;
    const chars = agreed.tokens.reduce((n, t) => n + t.length + 1, -1);
    const unit = (g.x1 - g.x0) / Math.max(1, chars);
    let x = g.x0;
    const words = agreed.tokens.map((text) => {
      const w = { text, x, y: g.y0, w: text.length * unit, h: g.y1 - g.y0, conf };
      x += (text.length + 1) * unit;
      return w;
    });
    lines.splice(lines.indexOf(g.after) + 1, 0, {
      ...g.after,
      text: key(agreed),
      x: g.x0,
      y: g.y0,
      width: g.x1 - g.x0,
      height: g.y1 - g.y0,
      words,
    });
    found++;
  });
  return { lines: heads.length, changed: changed + found };
}
