/**
 * Small library deliveries written by the tests themselves: ALTO pages in every version and unit, METS issues
 * with physical and logical structure maps, KB-style DIDL issues, ABBYY FineReader pages and BagIt bags.
 */
import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';

/** A word on a page, in inches from the top-left corner (so every unit can express it). */
export interface FixtureWord {
  text: string;
  x: number;
  y: number;
  w: number;
  h: number;
}

export interface FixtureBlock {
  id: string;
  /** The ComposedBlock it sits in, if any. */
  composed?: string;
  lines: FixtureWord[][];
}

export type AltoVersion = '1-plain' | '1-ccs' | '2' | '3-prefixed' | '4';
export type AltoUnit = 'pixel' | 'mm10' | 'inch1200';

/** Units per inch: pixels of a 300 ppi scan, tenths of a millimetre, 1200ths of an inch. */
export const PER_INCH: Record<AltoUnit, number> = { pixel: 300, mm10: 254, inch1200: 1200 };

const NAMESPACES: Record<AltoVersion, string | null> = {
  '1-plain': null,
  '1-ccs': 'http://schema.ccs-gmbh.com/ALTO',
  '2': 'http://www.loc.gov/standards/alto/ns-v2#',
  '3-prefixed': 'http://www.loc.gov/standards/alto/ns-v3#',
  '4': 'http://www.loc.gov/standards/alto/ns-v4#',
};

const esc = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;').replace(/>/g, '&gt;');

/**
 * One ALTO page of `width` × `height` inches. Version 3 is written with an `alto:` prefix on every element,
 * version 1 without a namespace or in the CCS one (as the KB has it).
 */
export function altoXml(
  blocks: FixtureBlock[],
  opts: { version?: AltoVersion; unit?: AltoUnit; width?: number; height?: number; lang?: string } = {},
): string {
  const version = opts.version ?? '2';
  const unit = opts.unit ?? 'pixel';
  const k = PER_INCH[unit];
  const u = (v: number) => String(Math.round(v * k));
  const p = version === '3-prefixed' ? 'alto:' : '';
  const ns = NAMESPACES[version];
  const xmlns = ns ? ` xmlns${p ? ':alto' : ''}="${ns}"` : '';
  const box = (ws: FixtureWord[]) => {
    const x = Math.min(...ws.map((w) => w.x));
    const y = Math.min(...ws.map((w) => w.y));
    const r = Math.max(...ws.map((w) => w.x + w.w));
    const b = Math.max(...ws.map((w) => w.y + w.h));
    return `HPOS="${u(x)}" VPOS="${u(y)}" WIDTH="${u(r - x)}" HEIGHT="${u(b - y)}"`;
  };
  const textBlock = (b: FixtureBlock) =>
    `<${p}TextBlock ID="${b.id}" ${box(b.lines.flat())}${opts.lang ? ` language="${opts.lang}"` : ''}>\n` +
    b.lines
      .map(
        (line) =>
          `  <${p}TextLine ${box(line)}>` +
          line
            .map(
              (w, i) =>
                `${i ? `<${p}SP/>` : ''}<${p}String CONTENT="${esc(w.text)}" HPOS="${u(w.x)}" VPOS="${u(w.y)}" WIDTH="${u(w.w)}" HEIGHT="${u(w.h)}" WC="0.9"/>`,
            )
            .join('') +
          `</${p}TextLine>\n`,
      )
      .join('') +
    `</${p}TextBlock>\n`;
  let body = '';
  const composed = new Map<string, FixtureBlock[]>();
  for (const b of blocks) {
    if (!b.composed) {
      body += textBlock(b);
      continue;
    }
    if (!composed.has(b.composed)) {
      composed.set(b.composed, []);
      body += `@@${b.composed}@@`;
    }
    composed.get(b.composed)!.push(b);
  }
  for (const [id, bs] of composed)
    body = body.replace(
      `@@${id}@@`,
      `<${p}ComposedBlock ID="${id}" ${box(bs.flatMap((b) => b.lines.flat()))}>\n${bs.map(textBlock).join('')}</${p}ComposedBlock>\n`,
    );
  return `<?xml version="1.0" encoding="UTF-8"?>
<${p}alto${xmlns}>
<${p}Description><${p}MeasurementUnit>${unit}</${p}MeasurementUnit></${p}Description>
<${p}Layout>
<${p}Page ID="P1" WIDTH="${u(opts.width ?? 8.5)}" HEIGHT="${u(opts.height ?? 11)}" PHYSICAL_IMG_NR="1">
<${p}PrintSpace HPOS="0" VPOS="0" WIDTH="${u(opts.width ?? 8.5)}" HEIGHT="${u(opts.height ?? 11)}">
${body}</${p}PrintSpace>
</${p}Page>
</${p}Layout>
</${p}alto>
`;
}

/** Lines of words set in one column: each line one inch in from `x`, words 0.12 in per letter, lines 0.25 in apart. */
export function column(x: number, y: number, lines: string[], size = 0.16): FixtureWord[][] {
  return lines.map((line, i) => {
    let cx = x;
    return line.split(' ').map((text) => {
      const w = { text, x: cx, y: y + i * size * 1.5, w: text.length * size * 0.5, h: size };
      cx += w.w + size * 0.3;
      return w;
    });
  });
}

/** An area of a METS logical structure map: a page's ALTO file ID and the block it begins (and ends) at. */
export interface FixtureArea {
  file: string;
  /** Absent: the whole file (or, with `coords`, a region of an image). */
  begin?: string;
  end?: string;
  coords?: string;
}

export interface FixtureArticle {
  label?: string;
  heading?: FixtureArea[];
  body: FixtureArea[];
}

/**
 * A METS issue: MODS (date, title, language), a file section with one ALTO per page (ALTO1, ALTO2… at
 * `alto/000N.xml`) and, when asked, a PDF per page or one for the issue; a physical map of the pages and a
 * logical map with the articles.
 */
export function metsXml(opts: {
  date: string;
  title: string;
  language?: string;
  pages: number;
  pagePdfs?: boolean;
  issuePdf?: string;
  /** One image file per page (its MIME type from its extension), in a fileGrp USE="IMAGE". */
  pageImages?: string[];
  articles?: FixtureArticle[];
}): string {
  const n = Array.from({ length: opts.pages }, (_, i) => i + 1);
  const area = (a: FixtureArea) =>
    `<mets:fptr><mets:area FILEID="${a.file}"${a.begin ? ` BETYPE="IDREF" BEGIN="${a.begin}"` : ''}${a.end ? ` END="${a.end}"` : ''}${a.coords ? ` SHAPE="RECT" COORDS="${a.coords}"` : ''}/></mets:fptr>`;
  const articles = (opts.articles ?? [])
    .map(
      (a, i) =>
        `<mets:div ID="ART${i + 1}" TYPE="ARTICLE"${a.label ? ` LABEL="${esc(a.label)}"` : ''}>` +
        (a.heading?.length ? `<mets:div TYPE="HEADING">${a.heading.map(area).join('')}</mets:div>` : '') +
        `<mets:div TYPE="BODY">${a.body.map(area).join('')}</mets:div></mets:div>\n`,
    )
    .join('');
  return `<?xml version="1.0" encoding="UTF-8"?>
<mets:mets xmlns:mets="http://www.loc.gov/METS/" xmlns:mods="http://www.loc.gov/mods/v3" xmlns:xlink="http://www.w3.org/1999/xlink" LABEL="${esc(opts.title)}, ${opts.date}">
<mets:dmdSec ID="MODSMD_ISSUE1"><mets:mdWrap MDTYPE="MODS"><mets:xmlData><mods:mods>
<mods:titleInfo><mods:title>${esc(opts.title)}</mods:title></mods:titleInfo>
<mods:originInfo><mods:dateIssued encoding="iso8601">${opts.date}</mods:dateIssued></mods:originInfo>
${opts.language ? `<mods:language><mods:languageTerm type="code" authority="iso639-2b">${opts.language}</mods:languageTerm></mods:language>` : ''}
</mods:mods></mets:xmlData></mets:mdWrap></mets:dmdSec>
<mets:fileSec>
<mets:fileGrp USE="FULLTEXT">${n.map((i) => `<mets:file ID="ALTO${i}" MIMETYPE="text/xml"><mets:FLocat LOCTYPE="URL" xlink:href="alto/000${i}.xml"/></mets:file>`).join('')}</mets:fileGrp>
${opts.pagePdfs ? `<mets:fileGrp USE="PDF">${n.map((i) => `<mets:file ID="PDF${i}" MIMETYPE="application/pdf"><mets:FLocat LOCTYPE="URL" xlink:href="pdf/000${i}.pdf"/></mets:file>`).join('')}</mets:fileGrp>` : ''}
${opts.pageImages ? `<mets:fileGrp USE="IMAGE">${opts.pageImages.map((href, i) => `<mets:file ID="IMG${i + 1}" MIMETYPE="image/${href.endsWith('.png') ? 'png' : 'jpeg'}"><mets:FLocat LOCTYPE="URL" xlink:href="${href}"/></mets:file>`).join('')}</mets:fileGrp>` : ''}
${opts.issuePdf ? `<mets:fileGrp USE="PDF"><mets:file ID="ISSUEPDF" MIMETYPE="application/pdf"><mets:FLocat LOCTYPE="URL" xlink:href="${opts.issuePdf}"/></mets:file></mets:fileGrp>` : ''}
</mets:fileSec>
<mets:structMap TYPE="PHYSICAL"><mets:div TYPE="Newspaper">
${n.map((i) => `<mets:div ID="DIVP${i}" TYPE="page" ORDER="${i}"><mets:fptr FILEID="ALTO${i}"/>${opts.pagePdfs ? `<mets:fptr FILEID="PDF${i}"/>` : ''}${opts.pageImages ? `<mets:fptr FILEID="IMG${i}"/>` : ''}</mets:div>`).join('\n')}
</mets:div></mets:structMap>
<mets:structMap TYPE="LOGICAL"><mets:div ID="DIVL1" TYPE="Newspaper" DMDID="MODSMD_ISSUE1"><mets:div TYPE="CONTENT">
${articles}</mets:div></mets:div></mets:structMap>
</mets:mets>
`;
}

/** A page scan of `width` × `height` pixels, grey with a dark band, as JPEG or PNG (drawn with @napi-rs/canvas). */
export async function scanImage(type: 'jpeg' | 'png', width = 255, height = 330): Promise<Uint8Array> {
  const { createCanvas } = await import('@napi-rs/canvas');
  const canvas = createCanvas(width, height);
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = '#e8e4da';
  ctx.fillRect(0, 0, width, height);
  ctx.fillStyle = '#222';
  ctx.fillRect(20, 40, width - 40, 8);
  return type === 'jpeg' ? canvas.encode('jpeg', 80) : canvas.encode('png');
}

/** Writes `files` (path relative to `dir` → text or bytes) under `dir`. */
export async function writeTree(dir: string, files: Record<string, string | Uint8Array>): Promise<void> {
  for (const [name, content] of Object.entries(files)) {
    await mkdir(dirname(join(dir, name)), { recursive: true });
    await writeFile(join(dir, name), content);
  }
}

/** A KB-style DIDL issue: pages naming their ALTO, articles naming their text and the pages of their parts. */
export function didlXml(opts: {
  date: string;
  title: string;
  language: string;
  pages: string[];
  articles: { file: string; title: string; pages: number[] }[];
}): string {
  const id = 'ddd:000000001:mpeg21';
  const role = (r: string) =>
    `<didl:Descriptor><didl:Statement mimeType="text/plain" dc:type="role">${r}</didl:Statement></didl:Descriptor>`;
  return `<?xml version="1.0" encoding="UTF-8"?>
<didl:DIDL xmlns:didl="urn:mpeg:mpeg21:2002:02-DIDL-NS" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcx="http://krait.kb.nl/coop/tel/handbook/telterms.html" xmlns:srw_dc="info:srw/schema/1/dc-v1.1">
<didl:Item dc:identifier="${id}">
<didl:Component>${role('metadata')}<didl:Resource mimeType="text/xml"><srw_dc:dcx>
<dc:title>${esc(opts.title)}</dc:title><dc:date>${opts.date}</dc:date><dcx:issuenumber>7</dcx:issuenumber><dc:language>${opts.language}</dc:language>
</srw_dc:dcx></didl:Resource></didl:Component>
${opts.pages.map((alto, i) => `<didl:Item dc:identifier="${id}:p00${i + 1}">${role(`page ${i + 1}`)}<didl:Component>${role('alto')}<didl:Resource mimeType="text/xml" dcx:filename="${alto}"/></didl:Component></didl:Item>`).join('\n')}
${opts.articles
  .map(
    (a, i) =>
      `<didl:Item dc:identifier="${id}:a000${i + 1}">${role(`article ${i + 1}`)}` +
      `<didl:Component>${role('ocr')}<didl:Resource mimeType="text/xml" dcx:filename="${a.file}"/></didl:Component>` +
      `<didl:Component>${role('metadata')}<didl:Resource mimeType="text/xml"><srw_dc:dcx><dc:subject>artikel</dc:subject><dc:title>${esc(a.title)}</dc:title></srw_dc:dcx></didl:Resource></didl:Component>` +
      `<didl:Component>${role('metadata/zoning')}<didl:Resource mimeType="text/xml"><dcx:zoning>${a.pages.map((p, k) => `<dcx:article-part order="${k + 1}" pageid="${id}:p00${p}"/>`).join('')}</dcx:zoning></didl:Resource></didl:Component></didl:Item>`,
  )
  .join('\n')}
</didl:Item>
</didl:DIDL>
`;
}

/** A KB `*_articletext.xml`: a title and paragraphs. */
export const articleTextXml = (title: string, paragraphs: string[]) =>
  `<?xml version="1.0" encoding="UTF-8"?>\n<text>\n<title>${esc(title)}</title>\n${paragraphs.map((p) => `<p>${esc(p)}</p>`).join('\n')}\n</text>\n`;

/**
 * An ABBYY FineReader 10 document, 300 ppi: one page of `lines`, or one page per entry of `pages`; each
 * word's letters with their boxes, spaces between.
 */
export function abbyyXml(
  lines: FixtureWord[][],
  opts: { lang?: string; width?: number; height?: number; pages?: FixtureWord[][][] } = {},
): string {
  const px = (v: number) => Math.round(v * 300);
  const line = (ws: FixtureWord[]) => {
    const b = Math.max(...ws.map((w) => w.y + w.h));
    const chars = ws
      .map((w, wi) => {
        const step = w.w / [...w.text].length;
        const letters = [...w.text]
          .map(
            (ch, i) =>
              `<charParams l="${px(w.x + i * step)}" t="${px(w.y)}" r="${px(w.x + (i + 1) * step)}" b="${px(w.y + w.h)}"${i === 0 ? ' wordStart="1"' : ''} charConfidence="90">${esc(ch)}</charParams>`,
          )
          .join('');
        return (
          (wi
            ? `<charParams l="${px(w.x - 0.05)}" t="${px(w.y)}" r="${px(w.x)}" b="${px(w.y + w.h)}"> </charParams>`
            : '') + letters
        );
      })
      .join('');
    return `<line baseline="${px(b)}" l="${px(ws[0]!.x)}" t="${px(Math.min(...ws.map((w) => w.y)))}" r="${px(Math.max(...ws.map((w) => w.x + w.w)))}" b="${px(b)}"><formatting lang="${opts.lang ?? 'FrenchStandard'}" ff="Times New Roman" fs="11.">${chars}</formatting></line>`;
  };
  return `<?xml version="1.0" encoding="UTF-8"?>
<document xmlns="http://www.abbyy.com/FineReader_xml/FineReader10-schema-v1.xml" version="1.0" producer="FineReader 10.0">
${(opts.pages ?? [lines])
  .map(
    (
      ls,
    ) => `<page width="${px(opts.width ?? 8.5)}" height="${px(opts.height ?? 11)}" resolution="300" originalCoords="1">
<block blockType="Text"><text><par>${ls.map(line).join('\n')}</par></text></block>
</page>`,
  )
  .join('\n')}
</document>
`;
}

/** Makes `dir` a BagIt bag of what is in `dir/data`: bagit.txt and a sha256 manifest. */
export async function makeBag(dir: string): Promise<void> {
  const files: string[] = [];
  const walk = async (d: string): Promise<void> => {
    for (const e of await readdir(d, { withFileTypes: true })) {
      if (e.isDirectory()) await walk(join(d, e.name));
      else files.push(join(d, e.name));
    }
  };
  await walk(join(dir, 'data'));
  const lines: string[] = [];
  for (const f of files.sort()) {
    const hash = createHash('sha256')
      .update(await readFile(f))
      .digest('hex');
    lines.push(`${hash}  ${relative(dir, f).split(sep).join('/')}`);
  }
  await writeFile(join(dir, 'bagit.txt'), 'BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n');
  await writeFile(join(dir, 'manifest-sha256.txt'), `${lines.join('\n')}\n`);
}
