/**
 * time(slow)/time(fast), ratio of the fastest of `rounds` calls each, the two calls interleaved so that
 * drift in machine load hits both alike; one warm-up call of each first (kernels compiled, memory
 * allocated). The minimum, not the median: on a shared machine contention, page faults and garbage
 * collection only ever add time, and they hit a 1 ms kernel in bursts that moved the ratio of medians
 * by 3× between runs of the same build, while the fastest call is the cost of the code itself.
 */
export async function interleavedSpeedup(slow: () => unknown, fast: () => unknown, rounds: number): Promise<number> {
  const best = { slow: Number.POSITIVE_INFINITY, fast: Number.POSITIVE_INFINITY };
  await slow();
  await fast();
  for (let round = 0; round < rounds; round++) {
    for (const [key, call] of [['slow', slow], ['fast', fast]] as const) {
      const started = performance.now();
      await call();
      best[key] = Math.min(best[key], performance.now() - started);
    }
  }
  return best.slow / best.fast;
}
