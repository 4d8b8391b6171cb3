/** Progress for long work: a redrawn bar on a terminal, a count line every so often in logs. */

export interface Progress {
  update(done: number, total: number, label?: string): void;
  finish(): void;
}

function clock(seconds: number): string {
  if (!Number.isFinite(seconds)) return '--:--';
  const s = Math.round(seconds);
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

/** A bar on a TTY stream, plain count lines (at most one per `every` ms) elsewhere. */
export function createProgress(stream: NodeJS.WriteStream, what: string, every = 2000): Progress {
  const started = Date.now();
  let lastLog = 0;
  const tty = stream.isTTY === true;
  return {
    update(done, total, label = '') {
      const elapsed = (Date.now() - started) / 1000;
      const rate = done / Math.max(elapsed, 0.001);
      const left = done > 0 ? (total - done) / rate : Number.NaN;
      if (tty) {
        const width = Math.max(10, Math.min(30, (stream.columns ?? 80) - 60));
        const filled = total > 0 ? Math.round((done / total) * width) : 0;
        const bar = '█'.repeat(filled) + '░'.repeat(width - filled);
        const name = label.length > 24 ? `…${label.slice(-23)}` : label;
        stream.write(
          `\r${bar} ${done}/${total} ${what} · ${rate.toFixed(1)}/s · ${clock(left)} left ${name}\x1b[K`,
        );
      } else if (Date.now() - lastLog >= every || done === total) {
        lastLog = Date.now();
        stream.write(`${done}/${total} ${what} (${rate.toFixed(1)}/s, ${clock(left)} left)\n`);
      }
    },
    finish() {
      if (tty) stream.write('\n');
    },
  };
}
