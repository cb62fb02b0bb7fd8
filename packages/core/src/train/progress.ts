import cliProgress from 'cli-progress';

export interface Progress {
  update(step: number, metrics: Record<string, number>): void;
  stop(): void;
}

function formatMetrics(metrics: Record<string, number>): string {
  return Object.entries(metrics)
    .map(([k, v]) => `${k} ${v.toFixed(4)}`)
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
