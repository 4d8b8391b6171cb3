/**
 * The demo archive's IIIF as @iiif/parser reads it: the Collection of every bulletin down to each manifest,
 * each canvas's level-0 image service, and the image a standard viewer asks for first (default.jpg).
 */
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { normalize } from '@iiif/parser';
import {
  canonicalServiceUrl,
  createImageServiceRequest,
  getImageServiceLevel,
  getImageServices,
  imageServiceRequestToString,
  imageServiceSupportsFormat,
  imageServiceSupportsRequest,
  parseImageServiceRequest,
} from '@iiif/parser/image-3';
import { presentation3StrictUpgrade } from '@iiif/parser/strict';
import { createCanvas, loadImage } from '@napi-rs/canvas';
import type { DemoServer } from '../helpers/demo-server.js';

/** The parser's own type of an image service description. */
type ImageService = Parameters<typeof getImageServiceLevel>[0];

let demo: DemoServer;
/** Every manifest reached from the Collection, by id. */
const manifests = new Map<string, any>();

/** The iiif checks, on the demo archive that `demoArchive` returns once the runner's `before` has made it. */
export function iiifSuite(demoArchive: () => DemoServer): void {
  describe('iiif', () => {
    before(async () => {
      demo = demoArchive();
    });

    async function getJson(url: string): Promise<any> {
      const res = await fetch(url);
      assert.equal(res.status, 200, url);
      assert.match(res.headers.get('content-type') ?? '', /^application\/ld\+json/, url);
      return res.json();
    }

    /** A JPEG's width and height from its start-of-frame marker. */
    function jpegSize(b: Buffer): { width: number; height: number } {
      assert.deepEqual([...b.subarray(0, 3)], [0xff, 0xd8, 0xff], 'a JPEG starts with SOI');
      for (let i = 2; i < b.length - 9; ) {
        const marker = b[i + 1]!;
        if (marker >= 0xc0 && marker <= 0xc3)
          return { height: b.readUInt16BE(i + 5), width: b.readUInt16BE(i + 7) };
        i += 2 + b.readUInt16BE(i + 2);
      }
      throw new Error('no start-of-frame marker in the JPEG');
    }

    /** The mean grey (0 black – 255 white) of an image: the JPEG and the PNG of one page must show the same ink. */
    async function meanGrey(bytes: Buffer): Promise<number> {
      const image = await loadImage(bytes);
      const canvas = createCanvas(image.width, image.height);
      const context = canvas.getContext('2d');
      context.drawImage(image, 0, 0);
      const { data } = context.getImageData(0, 0, image.width, image.height);
      let sum = 0;
      for (let i = 0; i < data.length; i += 4) sum += (data[i]! + data[i + 1]! + data[i + 2]!) / 3;
      return sum / (data.length / 4);
    }

    test('the Collection leads, year by year, to a valid manifest of every bulletin', async () => {
      const top = await getJson(`${demo.url}/iiif/collection.json`);
      const topNorm = normalize(top);
      assert.equal(topNorm.resource.type, 'Collection');
      const years = top.items.map((c: any) => c.id as string);
      assert.ok(years.length > 5, `years: ${years.length}`);
      for (const yearId of years) {
        const year = await getJson(yearId);
        assert.equal(normalize(year).resource.type, 'Collection');
        assert.equal(year.partOf[0].id, top.id);
        for (const ref of year.items) {
          assert.equal(ref.type, 'Manifest');
          const m = await getJson(ref.id);
          const warnings: string[] = [];
          presentation3StrictUpgrade(m, { warnings });
          assert.deepEqual(warnings, [], `${ref.id} needs no repair by the strict reader`);
          const n = normalize(m);
          assert.equal(n.resource.id, ref.id);
          assert.equal(m.partOf[0].id, yearId);
          assert.equal(m.navDate, ref.navDate);
          manifests.set(ref.id, n);
        }
      }
      // Every bulletin, each with its pages as canvases.
      assert.equal(manifests.size, demo.bulletins.length);
      for (const b of demo.bulletins) {
        const n = manifests.get(`${demo.url}/iiif/${b.truth.date}/manifest.json`);
        assert.ok(n, `no manifest in the Collection for ${b.truth.date}`);
        const m = n.entities.Manifest[n.resource.id];
        assert.equal(m.items.length, b.truth.pageCount, b.truth.date);
      }
    });

    test('each canvas has a level-0 image service offering png besides jpg, and its base URI redirects to info.json', async () => {
      assert.ok(manifests.size > 0, 'the Collection test ran first');
      let services = 0;
      for (const n of manifests.values()) {
        for (const canvas of Object.values(n.entities.Canvas) as any[]) {
          const page = n.entities.AnnotationPage[canvas.items[0].id];
          const paint = n.entities.Annotation[page.items[0].id];
          const body = n.entities.ContentResource[paint.body[0].id];
          const [ref] = getImageServices(body);
          assert.ok(ref, `${canvas.id}: an image service on the painting body`);
          // A viewer reads the service's own description before asking for an image.
          const info = (await getJson(canonicalServiceUrl(ref.id!))) as ImageService;
          assert.equal(getImageServiceLevel(info), 0);
          assert.deepEqual(imageServiceSupportsFormat(info, 'png'), [true]);
          assert.equal(info.width, canvas.width);
          assert.equal(info.height, canvas.height);
          services++;
        }
      }
      assert.equal(
        services,
        demo.bulletins.reduce((s, b) => s + b.truth.pageCount, 0),
      );
      const base = `${demo.url}/iiif/image/${demo.bulletins[0]!.truth.date}/1`;
      const res = await fetch(base, { redirect: 'manual' });
      assert.equal(res.status, 303);
      assert.equal(res.headers.get('location'), `${base}/info.json`);
    });

    test("a viewer's first request (full/max/0/default.jpg) and every listed size, jpg and png, are served", async () => {
      const dates = [demo.bulletins[0]!, demo.bulletins.at(-1)!].map((b) => b.truth.date);
      for (const date of dates) {
        const info = (await getJson(`${demo.url}/iiif/image/${date}/1/info.json`)) as ImageService & {
          sizes: { width: number; height: number }[];
        };
        const first = imageServiceRequestToString(createImageServiceRequest(info), info);
        assert.match(first, /\/full\/max\/0\/default\.jpg$/);
        const res = await fetch(first);
        assert.equal(res.status, 200, first);
        assert.equal(res.headers.get('content-type'), 'image/jpeg');
        assert.deepEqual(jpegSize(Buffer.from(await res.arrayBuffer())), {
          width: info.width,
          height: info.height,
        });
        for (const size of info.sizes) {
          const grey: number[] = [];
          for (const format of ['jpg', 'png']) {
            const url = `${info.id}/full/${size.width},${size.height}/0/default.${format}`;
            assert.deepEqual(imageServiceSupportsRequest(info, parseImageServiceRequest(url)), [true], url);
            const img = await fetch(url);
            assert.equal(img.status, 200, url);
            const bytes = Buffer.from(await img.arrayBuffer());
            const width = format === 'jpg' ? jpegSize(bytes).width : bytes.readUInt32BE(16);
            assert.equal(width, size.width, url);
            grey.push(await meanGrey(bytes));
          }
          const [jpg, png] = grey as [number, number];
          assert.ok(png < 250, `${info.id} at ${size.width}: the page has ink (mean grey ${png})`);
          assert.ok(Math.abs(jpg - png) < 2, `${info.id} at ${size.width}: jpg ${jpg} and png ${png} differ`);
        }
      }
    });

    test("an article page's og:image is its region of the page through the image service, and its head links the manifest and the Collection", async () => {
      const b = demo.bulletins[3]!;
      const e = (await demo.archive.store.getEdition(b.truth.date))!;
      const article = (await demo.archive.store.listArticles(e.id)).at(-1)!;
      const res = await fetch(`${demo.url}/archive/${article.id}`);
      assert.equal(res.status, 200);
      const html = await res.text();
      const attr = (re: RegExp) => re.exec(html)?.[1]?.replaceAll('&quot;', '"').replaceAll('&amp;', '&');
      const image = attr(/<meta property="og:image" content="([^"]+)">/)!;
      // The article's own region (issue #18): x,y,w,h in canvas pixels holding its first stored region.
      const cut = new RegExp(
        `^${demo.url}/iiif/image/${b.truth.date}/${article.firstPage}/(\\d+),(\\d+),(\\d+),(\\d+)/(max|800,)/0/default\\.jpg$`,
      ).exec(image);
      assert.ok(cut, image);
      const [x, y, w, h] = cut.slice(1, 5).map(Number) as [number, number, number, number];
      const first = (await demo.archive.store.getArticle(article.id))!.regions![0]!;
      const page = (await demo.archive.store.getPages(e.id))[article.firstPage - 1]!;
      const s = 1600 / page.width;
      assert.ok(x <= first.x * s && y <= first.y * s, `${image} starts before the region`);
      assert.ok(
        x + w >= (first.x + first.w) * s && y + h >= (first.y + first.h) * s,
        `${image} holds the region`,
      );
      const img = await fetch(image);
      assert.equal(img.status, 200);
      assert.equal(img.headers.get('content-type'), 'image/jpeg');
      assert.equal(jpegSize(Buffer.from(await img.arrayBuffer())).width, Math.min(800, w));
      const manifest = attr(/<link rel="alternate" type="application\/ld\+json[^"]*" href="([^"]+)"/);
      assert.equal(
        normalize(await getJson(manifest!)).resource.id,
        `${demo.url}/iiif/${b.truth.date}/manifest.json`,
      );
      const collection = attr(/<link rel="collection" type="application\/ld\+json[^"]*" href="([^"]+)"/);
      assert.equal(normalize(await getJson(collection!)).resource.type, 'Collection');
    });
  });
}
