/**
 * Page images of a bulletin, rendered from its PDF on first request and kept as derived blobs. Renders
 * are the most costly thing a reader can ask for (a 1600 px page takes a second and tens of MB), so they
 * go through one small queue per process: identical asks share one render (single-flight), at most
 * `concurrency` run at once and `queue` more wait; past that the ask is refused `BUSY` (503 with
 * Retry-After) at once, and a render nobody waits for any more (the reader left, or the request timed
 * out) is dropped from the queue or cancelled mid-drawing.
 */
import { ArchiveError } from '../core/errors.js';
import type { Edition } from '../core/types.js';
import { MAX_RENDER_WIDTH, renderPagePng } from '../ingest/pdf-render.js';
import type { BlobStore } from '../store/ports.js';

export interface RenderLimits {
  /** Renders drawn at once. */
  concurrency: number;
  /** Different renders that may wait for a free slot; one more is refused BUSY. */
  queue: number;
}

/** Two at once (the machine keeps cores for searches), eight waiting: about five seconds of work. */
export const defaultRenderLimits: RenderLimits = { concurrency: 2, queue: 8 };

/** The seconds a refused reader is told to wait (Retry-After): about the time the queue takes to drain. */
export const RENDER_RETRY_AFTER_SECONDS = 5;

export interface ImageRequest {
  /** Aborts when the reader no longer waits (gone, or the request's time is up). */
  signal?: AbortSignal;
  /** Called before an image that is not kept yet is rendered or waited for; may throw (the rate limit). */
  beforeRender?: () => void | Promise<void>;
}

type Render = (
  pdf: Uint8Array,
  n: number,
  width: number,
  max: number,
  signal: AbortSignal,
) => Promise<Buffer>;

interface Job {
  key: string;
  waiters: number;
  controller: AbortController;
  run: () => Promise<void>;
  done: Promise<Buffer>;
}

/** The render queue of one process, over one blob store. */
export class PageRenderer {
  private readonly jobs = new Map<string, Job>();
  private readonly waiting: Job[] = [];
  private running = 0;
  /** Renders finished, cancelled and refused since start (for the tests and the log). */
  readonly counts = { rendered: 0, cancelled: 0, refused: 0, shared: 0 };

  constructor(
    private readonly blobs: BlobStore,
    private readonly limits: RenderLimits = defaultRenderLimits,
    private readonly render: Render = renderPagePng,
  ) {}

  /** Renders running and waiting now. */
  get load(): { running: number; waiting: number } {
    return { running: this.running, waiting: this.waiting.length };
  }

  /** PNG of page `n` at `width` pixels, from the derived blobs or rendered now (shared with identical asks). */
  async image(edition: Edition, n: number, width: number, req: ImageRequest = {}): Promise<Buffer> {
    const name = `p${n}-w${width}.png`;
    const kept = await this.blobs.getDerived(edition.pdfKey, name);
    if (kept) return kept;
    req.signal?.throwIfAborted();
    await req.beforeRender?.();
    const key = `${edition.pdfKey}/${name}`;
    let job = this.jobs.get(key);
    if (job) this.counts.shared++;
    else {
      if (this.running >= this.limits.concurrency && this.waiting.length >= this.limits.queue) {
        this.counts.refused++;
        throw new ArchiveError(
          'BUSY',
          `The server is drawing as many page images as it can (${this.running} at once, ${this.waiting.length} waiting). Try again in ${RENDER_RETRY_AFTER_SECONDS} s; a page drawn once is kept.`,
        );
      }
      job = this.newJob(key, edition, n, width, name);
      this.jobs.set(key, job);
      this.waiting.push(job);
      this.pump();
    }
    return this.wait(job, req.signal);
  }

  private newJob(key: string, edition: Edition, n: number, width: number, name: string): Job {
    const controller = new AbortController();
    let settle!: { resolve: (b: Buffer) => void; reject: (e: unknown) => void };
    const done = new Promise<Buffer>((resolve, reject) => {
      settle = { resolve, reject };
    });
    // A job every waiter left rejects with nobody listening.
    done.catch(() => {});
    const run = async () => {
      try {
        const pdf = await this.blobs.get(edition.pdfKey);
        if (!pdf)
          throw new ArchiveError(
            'NOT_FOUND',
            `The PDF of ${edition.date} is missing from the blob store; run the ingest again.`,
          );
        const png = await this.render(pdf, n, width, MAX_RENDER_WIDTH, controller.signal);
        await this.blobs.putDerived(edition.pdfKey, name, png);
        this.counts.rendered++;
        settle.resolve(png);
      } catch (err) {
        if (controller.signal.aborted) this.counts.cancelled++;
        settle.reject(err);
      }
    };
    return { key, waiters: 0, controller, run, done };
  }

  /** Starts waiting jobs while a slot is free. */
  private pump(): void {
    while (this.running < this.limits.concurrency) {
      const job = this.waiting.shift();
      if (!job) return;
      this.running++;
      void job.run().finally(() => {
        this.running--;
        if (this.jobs.get(job.key) === job) this.jobs.delete(job.key);
        this.pump();
      });
    }
  }

  /** One reader's wait for a job; when the last reader leaves, the job is dropped or cancelled. */
  private wait(job: Job, signal?: AbortSignal): Promise<Buffer> {
    job.waiters++;
    if (!signal) return job.done;
    return new Promise<Buffer>((resolve, reject) => {
      const leave = () => {
        reject(signal.reason);
        if (--job.waiters > 0) return;
        // Nobody waits: a queued job leaves the queue, a running one is cancelled; a new ask starts afresh.
        if (this.jobs.get(job.key) === job) this.jobs.delete(job.key);
        const at = this.waiting.indexOf(job);
        if (at >= 0) {
          this.waiting.splice(at, 1);
          this.counts.cancelled++;
        }
        job.controller.abort(signal.reason);
      };
      signal.addEventListener('abort', leave, { once: true });
      job.done.then(
        (png) => {
          signal.removeEventListener('abort', leave);
          resolve(png);
        },
        (err) => {
          signal.removeEventListener('abort', leave);
          reject(err);
        },
      );
    });
  }
}

/** PNG of page `n` at `width` pixels outside any server's queue (tools and tests). */
export function pageImage(blobs: BlobStore, edition: Edition, n: number, width: number): Promise<Buffer> {
  return new PageRenderer(blobs).image(edition, n, width);
}
