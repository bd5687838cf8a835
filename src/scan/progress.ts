import cliProgress from 'cli-progress';

export interface ProgressCounts {
  done: number;
  total: number;
  healthy: number;
  degraded: number;
  dead: number;
}

export interface Progress {
  update(counts: ProgressCounts): void;
  stop(): void;
}

const PLAIN_INTERVAL_MS = 5_000;

function rateOf(done: number, startedAt: number): number {
  const seconds = (Date.now() - startedAt) / 1000;
  return seconds > 0 ? done / seconds : 0;
}

/**
 * Scan progress on stderr (stdout carries results): a bar with rate, ETA and running
 * tallies on a TTY (cli-progress), a plain line every few seconds otherwise, nothing when off.
 */
export function createProgress(stream: NodeJS.WriteStream, total: number, mode: 'auto' | 'off'): Progress {
  const startedAt = Date.now();
  if (mode === 'off') return { update: () => undefined, stop: () => undefined };
  if (stream.isTTY) {
    const bar = new cliProgress.SingleBar(
      {
        stream,
        format: ' {bar} {value}/{total} | {rate}/s | ETA {eta_formatted} | healthy {healthy} · degraded {degraded} · dead {dead}',
        hideCursor: true,
        etaBuffer: 50,
        fps: 5,
      },
      cliProgress.Presets.shades_classic,
    );
    bar.start(total, 0, { rate: '0.0', healthy: 0, degraded: 0, dead: 0 });
    return {
      update: (c) => bar.update(c.done, { rate: rateOf(c.done, startedAt).toFixed(1), healthy: c.healthy, degraded: c.degraded, dead: c.dead }),
      stop: () => bar.stop(),
    };
  }
  let last: ProgressCounts = { done: 0, total, healthy: 0, degraded: 0, dead: 0 };
  const line = (c: ProgressCounts) => {
    const rate = rateOf(c.done, startedAt);
    const eta = rate > 0 ? `, ETA ${Math.ceil((c.total - c.done) / rate)} s` : '';
    stream.write(`progress: ${c.done}/${c.total} (${Math.floor((100 * c.done) / Math.max(1, c.total))}%), ${rate.toFixed(1)}/s${eta}; healthy ${c.healthy}, degraded ${c.degraded}, dead ${c.dead}\n`);
  };
  const timer = setInterval(() => line(last), PLAIN_INTERVAL_MS);
  timer.unref();
  return {
    update: (c) => {
      last = c;
    },
    stop: () => clearInterval(timer),
  };
}
