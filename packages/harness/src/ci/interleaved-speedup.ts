/**
 * time(slow)/time(fast), ratio of medians over `rounds` calls each, the two calls interleaved so that
 * drift in machine load hits both alike (more stable than timing one after the other); one warm-up
 * call of each first (kernels compiled, memory allocated).
 */
export async function interleavedSpeedup(slow: () => unknown, fast: () => unknown, rounds: number): Promise<number> {
  const times: Record<'slow' | 'fast', number[]> = { slow: [], fast: [] };
  await slow();
  await fast();
  for (let round = 0; round < rounds; round++) {
    for (const [key, call] of [['slow', slow], ['fast', fast]] as const) {
      const started = performance.now();
      await call();
      times[key].push(performance.now() - started);
    }
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
  return median(times.slow) / median(times.fast);
}
