/** JPEG for the level-0 image service: the page's PNG (as the render queue keeps it) re-encoded on @napi-rs/canvas. */
import { createCanvas, Image } from '@napi-rs/canvas';

/** JPEG quality, 0–100: type on a scan stays legible at 85 and the file is a fraction of the PNG. */
const QUALITY = 85;

/** The PNG image re-encoded as JPEG (about 70 ms for a 1600-px page; the encoder runs off the main thread). */
export async function pngToJpeg(png: Uint8Array): Promise<Buffer> {
  const image = new Image();
  image.src = Buffer.from(png.buffer, png.byteOffset, png.byteLength);
  const canvas = createCanvas(image.width, image.height);
  const context = canvas.getContext('2d');
  // JPEG has no alpha: a transparent pixel would turn black, so white goes underneath.
  context.fillStyle = '#ffffff';
  context.fillRect(0, 0, image.width, image.height);
  context.drawImage(image, 0, 0);
  return canvas.encode('jpeg', QUALITY);
}
