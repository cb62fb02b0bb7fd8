/** A measured cost at a number of patches (tokens per image). */
export interface CostPoint {
  patches: number;
  ms: number;
}

/** The local growth exponent between two successive measured sizes. */
export interface GrowthStep {
  fromPatches: number;
  toPatches: number;
  /** k in ms ∝ patches^k over this step: 1 linear, 2 quadratic */
  exponent: number;
}

const byPatches = (points: readonly CostPoint[]) => [...points].sort((a, b) => a.patches - b.patches);

/** k = ln(ms₂/ms₁) / ln(N₂/N₁) between each pair of successive sizes (the slope of the log-log curve there). */
export function growthExponents(points: readonly CostPoint[]): GrowthStep[] {
  const sorted = byPatches(points);
  return sorted.slice(1).map((to, i) => {
    const from = sorted[i] as CostPoint;
    return { fromPatches: from.patches, toPatches: to.patches, exponent: Math.log(to.ms / from.ms) / Math.log(to.patches / from.patches) };
  });
}

/** The least-squares slope of ln ms on ln patches over all points (one exponent for the whole range); null with fewer than two sizes. */
export function fittedExponent(points: readonly CostPoint[]): number | null {
  if (new Set(points.map((p) => p.patches)).size < 2) return null;
  const xs = points.map((p) => Math.log(p.patches));
  const ys = points.map((p) => Math.log(p.ms));
  const mean = (vs: number[]) => vs.reduce((sum, v) => sum + v, 0) / vs.length;
  const [mx, my] = [mean(xs), mean(ys)];
  const covariance = xs.reduce((sum, x, i) => sum + (x - mx) * ((ys[i] as number) - my), 0);
  const variance = xs.reduce((sum, x) => sum + (x - mx) ** 2, 0);
  return covariance / variance;
}

/**
 * The crossover: the smallest measured patch count from which `candidate` is cheaper than `reference`
 * at every larger size both were measured at; null when it is not cheaper at the largest one.
 */
export function crossover(candidate: readonly CostPoint[], reference: readonly CostPoint[]): number | null {
  const shared = byPatches(candidate).filter((c) => reference.some((r) => r.patches === c.patches));
  const cheaper = shared.map((c) => c.ms < (reference.find((r) => r.patches === c.patches) as CostPoint).ms);
  if (cheaper.at(-1) !== true) return null;
  const lastDearer = cheaper.lastIndexOf(false);
  return (shared[lastDearer + 1] as CostPoint).patches;
}
