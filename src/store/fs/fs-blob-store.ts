/** BlobStore on disk: content-addressed files under blobs/ab/<sha256>, written atomically. */
import { createHash } from 'node:crypto';
import { mkdir, open, readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { BlobStore } from '../ports.js';

const KEY = /^[0-9a-f]{64}$/;
const DERIVED = /^[a-z0-9][a-z0-9.-]{0,60}$/;

/** Writes a file and flushes it to disk, so a rename after it never publishes a file the disk does not hold. */
async function writeDurably(file: string, bytes: Uint8Array): Promise<void> {
  const fh = await open(file, 'w');
  try {
    await fh.writeFile(bytes);
    await fh.datasync();
  } finally {
    await fh.close();
  }
}

export class FsBlobStore implements BlobStore {
  constructor(private readonly root: string) {}

  /** The file path of a key; refuses anything that is not a sha256 so no path can escape the root. */
  private path(key: string): string {
    if (!KEY.test(key)) throw new Error(`Not a blob key: ${JSON.stringify(key)}`);
    return join(this.root, key.slice(0, 2), key);
  }

  async put(bytes: Uint8Array): Promise<string> {
    const key = createHash('sha256').update(bytes).digest('hex');
    const file = this.path(key);
    if (await this.has(key)) return key;
    await mkdir(join(this.root, key.slice(0, 2)), { recursive: true });
    const tmp = `${file}.${process.pid}.${Date.now()}.tmp`;
    await writeDurably(tmp, bytes);
    await rename(tmp, file);
    return key;
  }

  async get(key: string): Promise<Buffer | null> {
    if (!KEY.test(key)) return null;
    try {
      return await readFile(this.path(key));
    } catch {
      return null;
    }
  }

  async has(key: string): Promise<boolean> {
    if (!KEY.test(key)) return false;
    try {
      return (await stat(this.path(key))).isFile();
    } catch {
      return false;
    }
  }

  /** Derived files live beside the blob in `derived/<key>/<name>`; both parts are checked so no path escapes. */
  private derivedPath(key: string, name: string): string {
    if (!KEY.test(key) || !DERIVED.test(name) || name.includes('..')) {
      throw new Error(`Not a derived file name: ${JSON.stringify(name)}`);
    }
    return join(this.root, 'derived', key, name);
  }

  async getDerived(key: string, name: string): Promise<Buffer | null> {
    try {
      return await readFile(this.derivedPath(key, name));
    } catch {
      return null;
    }
  }

  async putDerived(key: string, name: string, bytes: Uint8Array): Promise<void> {
    const file = this.derivedPath(key, name);
    await mkdir(join(this.root, 'derived', key), { recursive: true });
    const tmp = `${file}.${process.pid}.${Date.now()}.tmp`;
    await writeDurably(tmp, bytes);
    await rename(tmp, file);
  }

  async *keys(): AsyncIterable<string> {
    const shards = (await readdir(this.root).catch(() => [] as string[])).filter((d) =>
      /^[0-9a-f]{2}$/.test(d),
    );
    for (const shard of shards.sort()) {
      const names = await readdir(join(this.root, shard)).catch(() => [] as string[]);
      // Temporary files of interrupted writes end in .tmp and are not blobs.
      for (const n of names.sort()) if (KEY.test(n) && n.startsWith(shard)) yield n;
    }
  }

  async delete(key: string): Promise<void> {
    if (!KEY.test(key)) return;
    await rm(this.path(key), { force: true });
  }
}
