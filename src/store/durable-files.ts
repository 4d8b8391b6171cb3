/**
 * Files written so that they survive a crash: flushed before they are renamed into place, their folders
 * flushed after. Shared by the file blob store, the SQLite backup and `dateline backup` / `restore`.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, open, readdir } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';

/**
 * Writes a file (making its folder when absent) and flushes it to disk, so a rename after it never
 * publishes a file the disk does not hold.
 */
export async function writeDurably(file: string, bytes: Uint8Array | string): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  const fh = await open(file, 'w');
  try {
    await fh.writeFile(bytes);
    await fh.datasync();
  } finally {
    await fh.close();
  }
}

/** A file's sha256 and size, read as a stream. */
export async function sha256File(file: string): Promise<{ sha256: string; size: number }> {
  const h = createHash('sha256');
  let size = 0;
  for await (const chunk of createReadStream(file)) {
    h.update(chunk as Buffer);
    size += (chunk as Buffer).length;
  }
  return { sha256: h.digest('hex'), size };
}

/** Flushes a file or folder to disk. */
export async function fsyncPath(path: string): Promise<void> {
  const fh = await open(path, 'r');
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
}

/** Every file under `root`, as slash-separated relative paths, sorted. */
export async function listFiles(root: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(root, { recursive: true, withFileTypes: true })) {
    if (e.isFile()) out.push(relative(root, join(e.parentPath, e.name)).split(sep).join('/'));
  }
  return out.sort();
}

/** Whether `path` is a folder holding anything (or is not a folder at all). */
export async function isNonEmptyDir(path: string): Promise<boolean> {
  try {
    return (await readdir(path)).length > 0;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return false;
    if ((err as NodeJS.ErrnoException).code === 'ENOTDIR') return true;
    throw err;
  }
}

/** Fsyncs every file and folder under `root` (and `root` itself). */
export async function fsyncTree(root: string): Promise<void> {
  const dirs = new Set<string>([root]);
  for (const f of await listFiles(root)) {
    await fsyncPath(join(root, f));
    dirs.add(dirname(join(root, f)));
  }
  for (const d of dirs) await fsyncPath(d);
}
