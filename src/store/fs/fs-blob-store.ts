/**
 * BlobStore on disk: content-addressed files under blobs/ab/<sha256>, written atomically (a temporary
 * file, flushed, then renamed). A process killed mid-write leaves its temporary file; the first write of
 * a later process removes those older than TEMP_SWEEP_AGE_MS.
 */
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { writeDurably } from '../durable-files.js';
import type { BlobStore, BlobTempFile } from '../ports.js';

const KEY = /^[0-9a-f]{64}$/;
const DERIVED = /^[a-z0-9][a-z0-9.-]{0,60}$/;
/** Temporary files of writes are named `<target>.<pid>.<ms>.<random>.tmp`; any `.tmp` in the store is one. */
const TEMP = /\.tmp$/;

/** A temporary file older than this (15 minutes) is no write in progress: the first write of a process removes it. */
export const TEMP_SWEEP_AGE_MS = 15 * 60_000;

/**
 * A temporary name no other write can have: two writes of one file in the same process and millisecond
 * (two readers asking for one page image at once) once shared `<file>.<pid>.<ms>.tmp`, and the second
 * rename failed.
 */
function tempName(file: string): string {
  return `${file}.${process.pid}.${Date.now()}.${randomBytes(6).toString('hex')}.tmp`;
}

export class FsBlobStore implements BlobStore {
  /** The sweep of old temporary files, started by this process's first write. */
  private swept: Promise<void> | null = null;

  constructor(private readonly root: string) {}

  /** Runs once per process (per store), before its first write; a file that cannot be removed is left. */
  private sweepOnce(): Promise<void> {
    this.swept ??= (async () => {
      const before = Date.now() - TEMP_SWEEP_AGE_MS;
      for (const t of await this.tempFiles()) {
        if (Date.parse(t.modifiedAt) < before)
          await rm(join(this.root, t.name), { force: true }).catch(() => {});
      }
    })();
    return this.swept;
  }

  /** The folders that temporary files are written in: the shards and each blob's derived folder. */
  private async writeDirs(): Promise<string[]> {
    const list = (dir: string) => readdir(dir).catch(() => [] as string[]);
    const shards = (await list(this.root)).filter((d) => /^[0-9a-f]{2}$/.test(d));
    const derived = (await list(join(this.root, 'derived'))).filter((k) => KEY.test(k));
    return [...shards, ...derived.map((k) => join('derived', k))];
  }

  async tempFiles(): Promise<BlobTempFile[]> {
    const out: BlobTempFile[] = [];
    for (const dir of await this.writeDirs()) {
      for (const n of await readdir(join(this.root, dir)).catch(() => [] as string[])) {
        if (!TEMP.test(n)) continue;
        const s = await stat(join(this.root, dir, n)).catch(() => null);
        if (s?.isFile()) out.push({ name: join(dir, n), bytes: s.size, modifiedAt: s.mtime.toISOString() });
      }
    }
    return out.sort((a, b) => a.modifiedAt.localeCompare(b.modifiedAt) || a.name.localeCompare(b.name));
  }

  /** The file path of a key; refuses anything that is not a sha256 so no path can escape the root. */
  private path(key: string): string {
    if (!KEY.test(key)) throw new Error(`Not a blob key: ${JSON.stringify(key)}`);
    return join(this.root, key.slice(0, 2), key);
  }

  async put(bytes: Uint8Array): Promise<string> {
    const key = createHash('sha256').update(bytes).digest('hex');
    const file = this.path(key);
    if (await this.has(key)) return key;
    await this.sweepOnce();
    const tmp = tempName(file);
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

  async size(key: string): Promise<number | null> {
    if (!KEY.test(key)) return null;
    const s = await stat(this.path(key)).catch(() => null);
    return s?.isFile() ? s.size : null;
  }

  stream(key: string, start: number, end: number): ReadableStream<Uint8Array> {
    return Readable.toWeb(createReadStream(this.path(key), { start, end })) as ReadableStream<Uint8Array>;
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
    await this.sweepOnce();
    const tmp = tempName(file);
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
