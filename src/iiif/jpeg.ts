/**
 * JPEG for the level-0 image service: the page's PNG (as the render queue keeps it) re-encoded on @napi-rs/canvas,
 * the latest kept in memory so a viewer's repeat asks cost no encoding (regions' cuts are kept the same way).
 */
import { createCanvas, loadImage } from '@napi-rs/canvas';

/** JPEG quality, 0–100: type on a scan stays legible at 85 and the file is a fraction of the PNG. */
const QUALITY = 85;

/** The PNG image re-encoded as JPEG (100–250 ms for a 1600-px page; the encoder runs off the main thread). */
export async function pngToJpeg(png: Uint8Array): Promise<Buffer> {
  // loadImage, not `new Image()` with `src` set: that image has its size at once but draws blank until it has loaded.
  const image = await loadImage(Buffer.from(png.buffer, png.byteOffset, png.byteLength));
  const canvas = createCanvas(image.width, image.height);
  const context = canvas.getContext('2d');
  // JPEG has no alpha: a transparent pixel would turn black, so white goes underneath.
  context.fillStyle = '#ffffff';
  context.fillRect(0, 0, image.width, image.height);
  context.drawImage(image, 0, 0);
  return canvas.encode('jpeg', QUALITY);
}

/**
 * JPEGs by key (the image's ETag), bounded in bytes, least recently used out first. Encodings in flight are not
 * shared: each asker's PNG comes through the render queue with its own abort signal, and the queue already
 * shares one render among identical asks.
 */
export class JpegCache {
  private readonly kept = new Map<string, Buffer>();
  private bytes = 0;

  constructor(private readonly maxBytes = 32 << 20) {}

  /** The JPEG kept under `key`, or the PNG that `png()` gives re-encoded (and kept). */
  async get(key: string, png: () => Promise<Uint8Array>): Promise<Buffer> {
    return this.made(key, async () => pngToJpeg(await png()));
  }

  /** The image kept under `key`, or the one `make()` gives (and kept): also a region's cut (region.ts). */
  async made(key: string, make: () => Promise<Buffer>): Promise<Buffer> {
    const hit = this.kept.get(key);
    if (hit) {
      this.kept.delete(key);
      this.kept.set(key, hit);
      return hit;
    }
    const image = await make();
    this.keep(key, image);
    return image;
  }

  private keep(key: string, jpeg: Buffer): void {
    if (jpeg.byteLength > this.maxBytes || this.kept.has(key)) return;
    this.kept.set(key, jpeg);
    this.bytes += jpeg.byteLength;
    for (const [k, v] of this.kept) {
      if (this.bytes <= this.maxBytes) break;
      this.kept.delete(k);
      this.bytes -= v.byteLength;
    }
  }
}
