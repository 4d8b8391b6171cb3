import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Hono } from 'hono';
import { sampleArchive } from '../../test/helpers/sample-bulletins.js';
import { createApp } from '../server.js';

let t: Awaited<ReturnType<typeof sampleArchive>>;
let app: Hono;

before(async () => {
  t = await sampleArchive();
  app = createApp(t.archive, () => {});
});
after(() => t.done());

async function json(path: string, status = 200) {
  const res = await app.request(`http://localhost${path}`);
  assert.equal(res.status, status, path);
  return res.json() as Promise<any>;
}

const isLangMap = (v: any) =>
  typeof v === 'object' &&
  Object.values(v).every((x) => Array.isArray(x) && x.every((s) => typeof s === 'string'));

test('the manifest has the structure Presentation 3 requires: canvases, painting images, ranges, text', async () => {
  const m = await json('/iiif/1974-12-19/manifest.json');
  assert.equal(m['@context'], 'http://iiif.io/api/presentation/3/context.json');
  assert.equal(m.type, 'Manifest');
  assert.equal(m.id, 'http://localhost/iiif/1974-12-19/manifest.json');
  assert.ok(isLangMap(m.label));
  assert.equal(m.items.length, 2);
  for (const [i, canvas] of m.items.entries()) {
    assert.equal(canvas.type, 'Canvas');
    assert.ok(
      Number.isInteger(canvas.width) && Number.isInteger(canvas.height) && canvas.height > canvas.width,
    );
    const page = canvas.items[0];
    assert.equal(page.type, 'AnnotationPage');
    const paint = page.items[0];
    assert.equal(paint.motivation, 'painting');
    assert.equal(paint.target, canvas.id);
    assert.equal(paint.body.type, 'Image');
    assert.equal(paint.body.service[0].profile, 'level0');
    const text = canvas.annotations[0].items[0];
    assert.equal(text.motivation, 'supplementing');
    assert.match(text.body.value, i === 0 ? /State Department/ : /last camps/);
    // Every id is an absolute URL, unique in the manifest.
    assert.match(canvas.id, /^http:\/\/localhost\/iiif\/1974-12-19\/canvas\/\d$/);
  }
  assert.deepEqual(
    m.structures.map((r: any) => [r.label.en[0], r.items.map((c: any) => c.id.split('/').pop())]),
    [
      ["U.S. Seeks DP's Entry, Says Dr. McDonald", ['1']],
      ['Soviet Union Bars Emigration of 300 Families from Kiev', ['1', '2']],
      ['Camps in Bavaria to Close by Spring', ['2']],
    ],
  );
  assert.equal(m.service[0].type, 'SearchService2');
  assert.equal(m.rendering[0].format, 'application/pdf');
  // Canvases, annotation pages, annotations and ranges each have their own id.
  const ids: string[] = [];
  const walk = (v: any) => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') {
      if (['AnnotationPage', 'Annotation', 'Range'].includes(v.type) || (v.type === 'Canvas' && v.items))
        ids.push(v.id);
      Object.values(v).forEach(walk);
    }
  };
  walk(m);
  assert.equal(ids.length, 2 + 2 * 2 + 2 * 2 + 3);
  assert.equal(new Set(ids).size, ids.length);
});

test('the image service lists its sizes and serves them, and any width below the largest (sizeByW)', async () => {
  const info = await json('/iiif/image/1974-12-19/2/info.json');
  assert.equal(info.type, 'ImageService3');
  assert.equal(info.profile, 'level0');
  assert.deepEqual(
    info.sizes.map((s: any) => s.width),
    [200, 800, 1600],
  );
  const res = await app.request('/iiif/image/1974-12-19/2/full/200,/0/default.png');
  assert.equal(res.status, 200);
  assert.equal(Buffer.from(await res.arrayBuffer()).readUInt32BE(16), 200);
  assert.deepEqual(info.extraFeatures, ['regionByPx', 'sizeByW', 'sizeByH']);
  // sizeByW: another width is cut from a kept size, never enlarged past the canvas.
  const w300 = await app.request('/iiif/image/1974-12-19/2/full/300,/0/default.png');
  assert.equal(w300.status, 200);
  assert.equal(Buffer.from(await w300.arrayBuffer()).readUInt32BE(16), 300);
  assert.equal(
    (await json('/iiif/image/1974-12-19/2/full/1700,/0/default.png', 400)).error.code,
    'BAD_REQUEST',
  );
  assert.equal((await json('/iiif/image/1974-12-19/3/info.json', 404)).error.code, 'NOT_FOUND');
});

test('a region of a page (regionByPx) comes at its own size, or narrower, clipped at the edge of the page', async () => {
  const info = await json('/iiif/image/1974-12-19/1/info.json');
  const png = async (path: string) => {
    const res = await app.request(path);
    assert.equal(res.status, 200, path);
    const b = Buffer.from(await res.arrayBuffer());
    return {
      type: res.headers.get('content-type'),
      width: b.readUInt32BE(16),
      height: b.readUInt32BE(20),
      b,
    };
  };
  const cut = await png('/iiif/image/1974-12-19/1/100,200,600,300/max/0/default.png');
  assert.deepEqual([cut.type, cut.width, cut.height], ['image/png', 600, 300]);
  assert.deepEqual([(await png('/iiif/image/1974-12-19/1/100,200,600,300/150,/0/default.png')).height], [75]);
  // Past the right and bottom edges: clipped to the page (Image API 3 §4.1).
  const edge = await png(`/iiif/image/1974-12-19/1/1500,${info.height - 50},400,400/max/0/default.png`);
  assert.deepEqual([edge.width, edge.height], [100, 50]);
  const jpg = await app.request('/iiif/image/1974-12-19/1/100,200,600,300/max/0/default.jpg');
  assert.equal(jpg.headers.get('content-type'), 'image/jpeg');
  // A region of the page's text is not blank: some pixel is dark.
  const { loadImage, createCanvas } = await import('@napi-rs/canvas');
  const img = await loadImage(cut.b);
  const canvas = createCanvas(img.width, img.height);
  canvas.getContext('2d').drawImage(img, 0, 0);
  const px = canvas.getContext('2d').getImageData(0, 0, img.width, img.height).data;
  let dark = 0;
  for (let i = 0; i < px.length; i += 4) if (px[i]! < 128) dark++;
  assert.ok(dark > 100, `dark pixels: ${dark}`);
  for (const bad of [
    '/iiif/image/1974-12-19/1/0,0,0,10/max/0/default.png',
    '/iiif/image/1974-12-19/1/1600,0,10,10/max/0/default.png',
    '/iiif/image/1974-12-19/1/square/max/0/default.png',
    '/iiif/image/1974-12-19/1/0,0,100,100/200,/0/default.png',
    '/iiif/image/1974-12-19/1/0,0,100,100/pct:50/0/default.png',
  ]) {
    const body = await json(bad, 400);
    assert.equal(body.error.code, 'BAD_REQUEST', bad);
  }
});

test('Content Search 2 finds words in the bulletin and boxes them where the text layer put them', async () => {
  const r = await json('/iiif/1974-12-19/search?q=bavaria');
  assert.equal(r['@context'], 'http://iiif.io/api/search/2/context.json');
  assert.equal(r.type, 'AnnotationPage');
  // "Bavaria" is on page 1 (body of the first article) and page 2 (headline and body).
  const targets = r.items.map((a: any) => a.target as string);
  assert.deepEqual(
    targets.map((x: string) => x.split('#')[0]!.split('/').pop()),
    ['1', '2', '2'],
  );
  const e = await t.archive.store.getEdition('1974-12-19');
  const pages = await t.archive.store.getPages(e!.id);
  const word = pages[1]!.words.find((w) => w.text === 'BAVARIA')!;
  const scale = 1600 / pages[1]!.width;
  const [x, y, w, h] = /xywh=(\d+),(\d+),(\d+),(\d+)/.exec(targets[1]!)!.slice(1).map(Number) as [
    number,
    number,
    number,
    number,
  ];
  assert.equal(x, Math.round(word.x * scale));
  assert.equal(y, Math.round(word.y * scale));
  assert.equal(w, Math.round(word.w * scale));
  assert.equal(h, Math.round(word.h * scale));
  // The box lies on the canvas.
  const m = await json('/iiif/1974-12-19/manifest.json');
  assert.ok(x + w <= m.items[1].width && y + h <= m.items[1].height);
  assert.equal(r.items[1].body.value, 'BAVARIA');
  assert.equal((await json('/iiif/1974-12-19/search', 400)).error.code, 'BAD_REQUEST');
  assert.equal((await json('/iiif/1974-12-20/search?q=x', 404)).error.code, 'NOT_FOUND');
});
