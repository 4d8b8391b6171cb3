/**
 * Sets articles into the columns of one typeset page: head blocks (decks, byline, credit), body lines flowing
 * from column to column, jumps to a later page, continuations, and a lead story under a headline across two
 * columns. Placement is undone and retried with fewer sentences when an article must end on the page.
 * (Past the house size limit: the page builder, its blocks and the undo they need share one page state;
 * demo code, not run by the archive.)
 */
import type { PDFFont } from 'pdf-lib';
import { type Nameplate, printedDateline, type TypesetArticle } from './content.js';
import type { TypesetStyle } from './style.js';
import { balancedLines, type Cursor, finished, linesLeft, type Measure, nextLine, START } from './text.js';

export type FontKey = 'roman' | 'bold' | 'italic' | 'boldItalic';
export type Fonts = Record<FontKey, PDFFont>;

/** A line of text; `y` is the baseline's distance from the page's top edge; `spacing` is extra word spacing. */
export interface TextOp {
  kind: 'text';
  text: string;
  x: number;
  y: number;
  size: number;
  font: FontKey;
  spacing: number;
}

/** A drawn rule, coordinates from the page's top-left corner. */
export interface RuleOp {
  kind: 'rule';
  x1: number;
  y1: number;
  x2: number;
  y2: number;
  width: number;
}

export type Op = TextOp | RuleOp;

/** A body column: its box, the next free y, what is drawn in it, and where its gaps may be widened. */
interface Column {
  x: number;
  w: number;
  top: number;
  bottom: number;
  y: number;
  ops: Op[];
  /** y of each space between two articles (the column is justified vertically by widening them). */
  stretch: number[];
  /** A rule across columns was drawn just above `y`, so the next article needs no rule of its own. */
  ruled: boolean;
}

/** Columns being filled, and the one in use. */
interface Region {
  cols: Column[];
  c: number;
}

/** A jump line ("(Continued on Page 4)"), whose page and column are printed once the continuation is set. */
export interface Jump {
  op: TextOp;
  colX: number;
  colW: number;
  toPage: number;
  toColumn: number;
  /** Name the column too ("(Continued on Page 3, Column 2)"). */
  withColumn: boolean;
}

/** An article while it is being set. */
export interface Story {
  art: TypesetArticle;
  /** Sentences printed (the article is shortened from the end to fit). */
  keep: number;
  /** Printed words of each paragraph (a run-in dateline included) and each sentence's end, in words. */
  paras: string[][];
  ends: number[][];
  cursor: Cursor;
  ordinal: number;
  parts: { page: number; column: number }[];
  jumps: Jump[];
  seed: number;
}

const sentenceCount = (a: TypesetArticle) => a.paragraphs.reduce((n, p) => n + p.length, 0);

/** Recomputes a story's printed words after `keep` changed. */
function print(s: Story, style: TypesetStyle): void {
  let left = s.keep;
  s.paras = [];
  s.ends = [];
  for (const [i, p] of s.art.paragraphs.entries()) {
    if (left <= 0) break;
    const sentences = p.slice(0, left);
    left -= sentences.length;
    const words: string[] = [];
    const ends: number[] = [];
    sentences.forEach((sentence, j) => {
      const sw = sentence.split(' ');
      if (i === 0 && j === 0 && s.art.dateline && !style.datelineOwnLine) {
        const dl = printedDateline(s.art.dateline, style.spacedDash).split(' ');
        // "LONDON, June 14.—The" when the dash is not spaced: the dash and the first word print as one.
        if (style.spacedDash) words.push(...dl);
        else {
          words.push(...dl.slice(0, -1));
          sw[0] = dl.at(-1)! + sw[0]!;
        }
      }
      words.push(...sw);
      ends.push(words.length);
    });
    s.paras.push(words);
    s.ends.push(ends);
  }
}

export function newStory(art: TypesetArticle, style: TypesetStyle, seed: number): Story {
  const s: Story = {
    art,
    keep: sentenceCount(art),
    paras: [],
    ends: [],
    cursor: START,
    ordinal: -1,
    parts: [],
    jumps: [],
    seed,
  };
  print(s, style);
  return s;
}

/** The fewest sentences that keep everything already set from `c`. */
function floorKeep(s: Story): number {
  const { p, w, tail } = s.cursor;
  if (p >= s.paras.length) return s.keep;
  let n = s.ends.slice(0, p).reduce((a, e) => a + e.length, 0);
  const consumed = w + (tail ? 1 : 0);
  if (consumed === 0) return n;
  const j = s.ends[p]!.findIndex((e) => e >= consumed);
  n += j < 0 ? s.ends[p]!.length : j + 1;
  return n;
}

/** Drops the story's last sentence if at least `min` remain and nothing set is lost; false when it cannot. */
export function trimStory(s: Story, style: TypesetStyle, min: number): boolean {
  if (s.keep - 1 < Math.max(min, floorKeep(s), 1)) return false;
  s.keep--;
  print(s, style);
  return true;
}

/** The article's paragraphs as the truth records them: printed sentences, without the dateline. */
export function truthParagraphs(s: Story): string[] {
  let left = s.keep;
  const out: string[] = [];
  for (const p of s.art.paragraphs) {
    if (left <= 0) break;
    out.push(p.slice(0, left).join(' '));
    left -= Math.min(left, p.length);
  }
  return out;
}

/** Ops relative to a block's top-left corner, and its height. */
interface Block {
  ops: Op[];
  height: number;
}

/** Builds a block line by line. */
class BlockBuilder {
  ops: Op[] = [];
  y = 0;

  constructor(
    private readonly fonts: Fonts,
    readonly width: number,
  ) {}

  measure(font: FontKey, size: number): Measure {
    return (t) => this.fonts[font].widthOfTextAtSize(t, size);
  }

  /** One line of type in a box `lh` high, centred, left (with an indent) or right. */
  text(
    text: string,
    font: FontKey,
    size: number,
    lh: number,
    align: 'center' | 'left' | 'right',
    indent = 0,
  ) {
    const w = this.fonts[font].widthOfTextAtSize(text, size);
    const x = align === 'center' ? (this.width - w) / 2 : align === 'right' ? this.width - w : indent;
    this.ops.push({ kind: 'text', text, x, y: this.y + (lh + size * 0.72) / 2, size, font, spacing: 0 });
    this.y += lh;
  }

  gap(h: number) {
    this.y += h;
  }

  /** A centred rule `len` long. */
  rule(len: number, width = 0.6) {
    const x1 = (this.width - len) / 2;
    this.ops.push({ kind: 'rule', x1, y1: this.y, x2: x1 + len, y2: this.y, width });
  }

  done(): Block {
    return { ops: this.ops, height: this.y };
  }
}

function translate(ops: Op[], dx: number, dy: number): Op[] {
  return ops.map((o) =>
    o.kind === 'text'
      ? { ...o, x: o.x + dx, y: o.y + dy }
      : { ...o, x1: o.x1 + dx, x2: o.x2 + dx, y1: o.y1 + dy, y2: o.y2 + dy },
  );
}

export type Placement = 'placed' | 'jumped' | 'nofit';

/** One page being set. */
export class PageBuilder implements Region {
  /** Ops outside the columns: nameplate, running head, headlines across columns, rules. */
  ops: Op[] = [];
  cols: Column[];
  c = 0;
  private cutouts: { gutter: number; y1: number; y2: number }[] = [];
  private readonly body: Measure;

  constructor(
    readonly page: number,
    readonly style: TypesetStyle,
    readonly fonts: Fonts,
    columns: number,
    readonly top: number,
  ) {
    const inner = style.pageWidth - 2 * style.margin;
    const w = (inner - (columns - 1) * style.gutter) / columns;
    const bottom = style.pageHeight - style.bottom;
    this.cols = Array.from({ length: columns }, (_, i) => ({
      x: style.margin + i * (w + style.gutter),
      w,
      top,
      bottom,
      y: top,
      ops: [],
      stretch: [],
      ruled: false,
    }));
    this.body = (t) => fonts.roman.widthOfTextAtSize(t, style.bodySize);
  }

  get columnWidth(): number {
    return this.cols[0]!.w;
  }

  /** Lines of body a whole column holds. */
  get columnLines(): number {
    return Math.floor((this.cols[0]!.bottom - this.cols[0]!.top) / this.style.leading);
  }

  private snapshot() {
    return {
      c: this.c,
      ops: this.ops.length,
      cutouts: this.cutouts.length,
      cols: this.cols.map((col) => ({
        y: col.y,
        ops: col.ops.length,
        stretch: col.stretch.length,
        ruled: col.ruled,
      })),
    };
  }

  private restore(snap: ReturnType<PageBuilder['snapshot']>) {
    this.c = snap.c;
    this.ops.length = snap.ops;
    this.cutouts.length = snap.cutouts;
    snap.cols.forEach((c, i) => {
      const col = this.cols[i]!;
      col.y = c.y;
      col.ops.length = c.ops;
      col.stretch.length = c.stretch;
      col.ruled = c.ruled;
    });
  }

  /** The head block of a new article: main deck, smaller decks under short rules, byline, credit. */
  headBlock(s: Story, width: number, size: number): Block {
    const st = this.style;
    const b = new BlockBuilder(this.fonts, width);
    for (const l of balancedLines(s.art.headline, width - 4, b.measure('bold', size))) {
      b.text(l, 'bold', size, size * 1.06, 'center');
    }
    let above = size;
    s.art.decks.forEach((deck, i) => {
      const [font, dsize]: [FontKey, number] = i === 0 ? ['bold', st.deckSize] : ['roman', st.deckSize - 0.5];
      // Clear of the descenders of the deck above.
      b.gap(3 + above * 0.25);
      b.rule(Math.min(36, width * 0.25), 0.5);
      b.gap(4);
      above = dsize;
      for (const l of balancedLines(deck, width - 10, b.measure(font, dsize)))
        b.text(l, font, dsize, dsize * 1.12, 'center');
    });
    if (s.art.byline) {
      b.gap(3);
      b.text(s.art.byline, 'italic', st.bodySize, st.leading, 'center');
    }
    if (s.art.dateline && st.datelineOwnLine) {
      b.gap(3);
      b.text(
        printedDateline(s.art.dateline, st.spacedDash),
        'roman',
        st.bodySize,
        st.leading,
        'left',
        st.indent,
      );
    }
    if (s.art.credit) {
      b.gap(s.art.byline || st.datelineOwnLine ? 0 : 3);
      b.text(s.art.credit, 'italic', st.bodySize - 0.5, st.leading, 'center');
    }
    b.gap(4);
    return b.done();
  }

  /** The head of a continuation: a few words of the headline and "(Continued from Page 1)". */
  continuationBlock(s: Story, width: number, fromPage: number): Block {
    const st = this.style;
    const b = new BlockBuilder(this.fonts, width);
    const size = Math.min(st.headSize, 11);
    for (const l of balancedLines(shortHead(s.art.headline), width - 4, b.measure('bold', size))) {
      b.text(l, 'bold', size, size * 1.1, 'center');
    }
    b.text(`(Continued from Page ${fromPage})`, 'italic', st.bodySize - 0.5, st.leading, 'center');
    b.gap(3);
    return b.done();
  }

  /** Height of the space and rule between two articles in a column (none under a rule across columns). */
  private separatorOf(col: Column): number {
    if (col.y <= col.top + 0.5 || col.ruled) return 0;
    return 10;
  }

  private putSeparator(col: Column) {
    col.stretch.push(col.y);
    if (col.ruled) {
      col.ruled = false;
      return;
    }
    const len = Math.min(col.w * 0.3, 48);
    const x1 = col.x + (col.w - len) / 2;
    col.ops.push({ kind: 'rule', x1, y1: col.y + 4, x2: x1 + len, y2: col.y + 4, width: 0.6 });
    col.y += 10;
  }

  /**
   * Sets the story's body from its cursor into the region's columns. With `jump`, the last line the region
   * holds (or the line after `budget` lines) becomes a jump line and the rest waits for another page.
   */
  private setBody(s: Story, reg: Region, jump: boolean, budget?: number): 'ended' | 'jumped' | 'full' {
    const st = this.style;
    const L = st.leading;
    let n = 0;
    let limit = budget;
    for (;;) {
      if (finished(s.paras, s.cursor)) return 'ended';
      const col = reg.cols[reg.c]!;
      const slots = Math.floor((col.bottom - col.y) / L + 1e-6);
      if (slots < 1) {
        if (reg.c + 1 < reg.cols.length) {
          reg.c++;
          continue;
        }
        return 'full';
      }
      const lastCol = reg.c === reg.cols.length - 1;
      if (jump) {
        const left = () => linesLeft(s.paras, s.cursor, col.w, this.body, st.indent);
        // The page is full, the budget is spent, or it would be spent a few lines into the next column; a
        // remainder of a few lines is set here rather than sent to another page.
        let due = limit !== undefined && (n >= limit || (slots === 1 && limit - n <= 4));
        if (due && !(lastCol && slots === 1) && left() <= 4) {
          limit = undefined;
          due = false;
        }
        if ((lastCol && slots === 1 && left() > 1) || due) {
          this.putJump(s, col);
          return 'jumped';
        }
      }
      const beforeJump =
        jump &&
        ((slots === 2 && (lastCol || (limit !== undefined && limit - n <= 5))) ||
          (limit !== undefined && n + 1 >= limit));
      const line = nextLine(s.paras, s.cursor, col.w, this.body, {
        indent: st.indent,
        hyphens: !beforeJump,
        seed: s.seed,
      });
      const indent = line.startsParagraph ? st.indent : 0;
      let spacing = 0;
      if (st.justify && !line.endsParagraph && line.spaces > 0) {
        spacing = (col.w - indent - line.natural) / line.spaces;
        // A line too loose to justify is left ragged, as a hurried compositor would.
        if (spacing > st.bodySize * 1.4) spacing = 0;
      }
      col.ops.push({
        kind: 'text',
        text: line.text,
        x: col.x + indent,
        y: col.y + (L + st.bodySize * 0.72) / 2,
        size: st.bodySize,
        font: 'roman',
        spacing,
      });
      col.y += L;
      col.ruled = false;
      s.cursor = line.next;
      n++;
    }
  }

  private putJump(s: Story, col: Column) {
    const st = this.style;
    const op: TextOp = {
      kind: 'text',
      text: '',
      x: col.x,
      y: col.y + (st.leading + st.bodySize * 0.72) / 2,
      size: st.bodySize - 0.5,
      font: 'italic',
      spacing: 0,
    };
    col.ops.push(op);
    col.y += st.leading;
    const named = `(Continued on Page 9, Column 9)`;
    const fits = this.fonts.italic.widthOfTextAtSize(named, op.size) <= col.w;
    s.jumps.push({
      op,
      colX: col.x,
      colW: col.w,
      toPage: 0,
      toColumn: 0,
      withColumn: fits && (s.seed & 3) === 0,
    });
  }

  /**
   * Places a head block and sets the body after it, from the first column from the current one with room
   * for the head and `minLines` lines. When the story must end here (`jump` false) and does not fit, its last
   * sentences are dropped, down to `minKeep`; 'nofit' when even that does not fit (nothing is placed).
   */
  private placeWithHead(
    s: Story,
    block: (width: number) => Block,
    o: { jump: boolean; budget?: number; minKeep: number; minLines: number; stay?: boolean },
  ): Placement {
    const L = this.style.leading;
    const head = block(this.columnWidth);
    for (;;) {
      const col = this.cols[this.c]!;
      const sep = this.separatorOf(col);
      if (col.y + sep + head.height + o.minLines * L <= col.bottom + 1e-6) break;
      if (this.c + 1 >= this.cols.length || o.stay) return 'nofit';
      this.c++;
    }
    for (;;) {
      const snap = this.snapshot();
      const saved = { cursor: s.cursor, parts: s.parts.length, jumps: s.jumps.length };
      const col = this.cols[this.c]!;
      if (col.y > col.top + 0.5) this.putSeparator(col);
      col.ops.push(...translate(head.ops, col.x, col.y));
      col.y += head.height;
      s.parts.push({ page: this.page, column: this.c + 1 });
      const r = this.setBody(s, this, o.jump, o.budget);
      if (r !== 'full') return r === 'jumped' ? 'jumped' : 'placed';
      this.restore(snap);
      s.cursor = saved.cursor;
      s.parts.length = saved.parts;
      s.jumps.length = saved.jumps;
      if (!trimStory(s, this.style, o.minKeep)) return 'nofit';
    }
  }

  /** Lines of body left in the current column. */
  get roomLines(): number {
    const col = this.cols[this.c]!;
    return Math.floor((col.bottom - col.y) / this.style.leading);
  }

  /** Whether a new article's head and `minLines` lines fit in the current column. */
  headFits(s: Story, size: number, minLines: number): boolean {
    const col = this.cols[this.c]!;
    const sep = this.separatorOf(col);
    const head = this.headBlock(s, this.columnWidth, size).height;
    return col.y + sep + head + minLines * this.style.leading <= col.bottom + 1e-6;
  }

  /** A new article with a one-column headline of `size` points. */
  placeNew(
    s: Story,
    o: { size: number; jump: boolean; budget?: number; minKeep: number; stay?: boolean },
  ): Placement {
    return this.placeWithHead(s, (w) => this.headBlock(s, w, o.size), { ...o, minLines: o.jump ? 5 : 3 });
  }

  /** The rest of a story that jumped here from `fromPage`; it must end on this page. */
  placeContinuation(s: Story, fromPage: number): Placement {
    return this.placeWithHead(s, (w) => this.continuationBlock(s, w, fromPage), {
      jump: false,
      minKeep: 1,
      minLines: 2,
    });
  }

  /**
   * The lead story at the top of the page: its headline across the first two columns, its body in two legs
   * of `legLines` lines under it (shorter and even when it ends there), then a jump when `jump` and it does
   * not end.
   */
  placeSpanning(s: Story, o: { size: number; legLines: number; jump: boolean }): Placement {
    const [a, b] = [this.cols[0]!, this.cols[1]!];
    const L = this.style.leading;
    const width = b.x + b.w - a.x;
    const head = this.headBlock(s, width, o.size);
    this.ops.push(...translate(head.ops, a.x, a.y));
    this.cutouts.push({ gutter: 0, y1: a.y, y2: a.y + head.height - 2 });
    const yBody = a.y + head.height;
    let total = linesLeft(s.paras, s.cursor, a.w, this.body, this.style.indent);
    // A lead that must end here is shortened to its two legs.
    while (!o.jump && total > 2 * o.legLines && trimStory(s, this.style, 2)) {
      total = linesLeft(s.paras, s.cursor, a.w, this.body, this.style.indent);
    }
    const ends = total <= 2 * o.legLines;
    const saved = { cursor: s.cursor, jumps: s.jumps.length, ops: [a.ops.length, b.ops.length] };
    for (let k = ends ? Math.ceil(total / 2) : o.legLines; ; k++) {
      const legs = [a, b].map((col) => ({ ...col, y: yBody, bottom: yBody + k * L }));
      const r = this.setBody(s, { cols: legs, c: 0 }, !ends, undefined);
      if (r === 'full') {
        // Line-end hyphens changed the count; undo and give each leg a line more.
        a.ops.length = saved.ops[0]!;
        b.ops.length = saved.ops[1]!;
        s.cursor = saved.cursor;
        s.jumps.length = saved.jumps;
        continue;
      }
      s.parts.push({ page: this.page, column: 1 });
      // A rule across both columns closes the lead's box.
      const foot = yBody + k * L + 3;
      this.ops.push({ kind: 'rule', x1: a.x, y1: foot, x2: b.x + b.w, y2: foot, width: 0.8 });
      for (const col of [a, b]) {
        col.y = foot + 6;
        col.ruled = true;
      }
      this.c = 0;
      return r === 'jumped' ? 'jumped' : 'placed';
    }
  }

  /**
   * Finishes the page: widens the spaces between articles so that columns end near the foot (at most 1.2 lines
   * a space), and draws the column rules, broken where a headline crosses the gutter. Returns all ops.
   */
  finish(): Op[] {
    const L = this.style.leading;
    for (const col of this.cols) {
      const slack = col.bottom - col.y;
      if (slack <= 0.5 || col.stretch.length === 0) continue;
      const each = Math.min(slack / col.stretch.length, 1.2 * L);
      for (const op of col.ops) {
        const y = op.kind === 'text' ? op.y : op.y1;
        const shift = col.stretch.filter((s) => s <= y).length * each;
        if (op.kind === 'text') op.y += shift;
        else {
          op.y1 += shift;
          op.y2 += shift;
        }
      }
    }
    const out = [...this.ops, ...this.cols.flatMap((c) => c.ops)];
    if (this.style.columnRules) {
      for (let g = 0; g + 1 < this.cols.length; g++) {
        const x = (this.cols[g]!.x + this.cols[g]!.w + this.cols[g + 1]!.x) / 2;
        let y = this.top;
        const bottom = this.cols[g]!.bottom;
        for (const cut of this.cutouts.filter((c) => c.gutter === g).sort((p, q) => p.y1 - q.y1)) {
          if (cut.y1 > y) out.push({ kind: 'rule', x1: x, y1: y, x2: x, y2: cut.y1, width: 0.5 });
          y = Math.max(y, cut.y2);
        }
        out.push({ kind: 'rule', x1: x, y1: y, x2: x, y2: bottom, width: 0.5 });
      }
    }
    return out;
  }
}

const WEAK = new Set([
  'OF',
  'IN',
  'TO',
  'FOR',
  'AT',
  'ON',
  'WITH',
  'AND',
  'THE',
  'A',
  'AN',
  'BY',
  'FROM',
  'AS',
]);

/** A continuation's heading: the headline's first words (figures left out), up to five, not ending on a small word. */
export function shortHead(headline: string): string {
  const words = headline
    .replace(/[;,:]/g, '')
    .split(' ')
    .filter((w) => !/^\$?[\d,.]+$/.test(w));
  let n = Math.min(words.length, words.length <= 5 ? words.length : 4);
  while (n > 2 && WEAK.has(words[n - 1]!)) n--;
  return words.slice(0, n).join(' ');
}

/** Fills in each jump line's page (and column) now that the continuations are placed. */
export function printJumps(stories: Story[], fonts: Fonts): void {
  for (const s of stories) {
    for (const j of s.jumps) {
      j.op.text = j.withColumn
        ? `(Continued on Page ${j.toPage}, Column ${j.toColumn})`
        : `(Continued on Page ${j.toPage})`;
      j.op.x = j.colX + j.colW - fonts[j.op.font].widthOfTextAtSize(j.op.text, j.op.size);
    }
  }
}

/** The nameplate's paper, for the heads of pages 2 and after. */
export type { Nameplate };
