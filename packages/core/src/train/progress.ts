import cliProgress from 'cli-progress';

/** Metrics by name; `undefined` for one not reported yet (before the first step), shown as `—`. */
export type ProgressMetrics = Record<string, number | undefined>;

export interface Progress {
  update(step: number, metrics: ProgressMetrics): void;
  stop(): void;
}

/** `loss 0.1234 | acc —`: four decimals, `—` for a metric without a value yet. */
export function formatMetrics(metrics: ProgressMetrics): string {
  return Object.entries(metrics)
    .map(([name, value]) => `${name} ${value === undefined ? '—' : value.toFixed(4)}`)
    .join(' | ');
}

/**
 * A progress bar with live metrics on a terminal; elsewhere (CI logs, pipes) one line every `total/lines` steps,
 * so that a log still shows the run advancing and the loss falling.
 */
export function createProgress(label: string, total: number, options: { quiet?: boolean; lines?: number } = {}): Progress {
  if (options.quiet) return { update: () => {}, stop: () => {} };
  if (process.stderr.isTTY) {
    const bar = new cliProgress.SingleBar(
      { format: `${label} |{bar}| {value}/{total} | {metrics} | ETA {eta_formatted}`, stream: process.stderr, hideCursor: true },
      cliProgress.Presets.shades_classic,
    );
    bar.start(total, 0, { metrics: '' });
    return {
      update: (step, metrics) => bar.update(step, { metrics: formatMetrics(metrics) }),
      stop: () => bar.stop(),
    };
  }
  const every = Math.max(1, Math.floor(total / (options.lines ?? 10)));
  const started = Date.now();
  return {
    update: (step, metrics) => {
      if (step % every !== 0 && step !== total) return;
      const elapsed = (Date.now() - started) / 1000;
      const eta = step > 0 ? (elapsed / step) * (total - step) : 0;
      console.error(`${label} ${step}/${total} | ${formatMetrics(metrics)} | ETA ${eta.toFixed(0)}s`);
    },
    stop: () => {},
  };
}
