import { ArgumentError } from '../ops/arg-checker.js';
import type { Module } from '../layers/module.js';
import { parsePattern } from './block-registry.js';
import type { HybridStackConfig } from './hybrid-stack.js';

export interface ParameterCount {
  total: number;
  /** per block kind (mamba2, mamba, attention, mlp, …, each including its block's norm); the rest under 'other' */
  byKind: Record<string, number>;
}

/** Counts a model's parameters, attributing each to the nearest module with a `parameterGroup`. */
export function countParameters(model: Module): ParameterCount {
  const byKind: Record<string, number> = {};
  const visit = (module: Module, group: string) => {
    const own = module.parameterGroup ?? group;
    for (const variable of module.ownParameterMap().values()) byKind[own] = (byKind[own] ?? 0) + variable.size;
    for (const child of module.namedChildren().values()) visit(child, own);
  };
  visit(model, 'other');
  return { total: Object.values(byKind).reduce((a, b) => a + b, 0), byKind };
}

/** Closed-form parameter count of a HybridStack (no tensors are made), used to match model sizes. */
export function stackParameterCount(config: HybridStackConfig): number {
  const normSize = (config.norm ?? 'rms') === 'rms' ? config.dModel : 2 * config.dModel;
  const blocks = parsePattern(config.pattern).map((kind) => {
    if (kind.parameterCount === undefined) {
      throw new ArgumentError(`stackParameterCount: block '${kind.char}' (${kind.name}) has no closed-form parameter count`);
    }
    return normSize + kind.parameterCount(config.dModel, config.layers ?? {});
  });
  const finalNorm = config.finalNorm ?? (config.residual ?? 'pre-norm') === 'pre-norm';
  return blocks.reduce((a, b) => a + b, 0) + (finalNorm ? normSize : 0);
}

export interface WidthSearch {
  /** candidate widths are multiples of this (e.g. the head dimension), default 8 */
  multipleOf?: number;
  min?: number;
  max?: number;
}

/**
 * The width whose parameter count is closest to `target` (the papers compare models at matched sizes):
 * scans the multiples of `multipleOf` in [min, max] with `count(width)`, which must increase with width.
 */
export function solveWidth(target: number, count: (width: number) => number, search: WidthSearch = {}): { width: number; parameters: number } {
  const step = search.multipleOf ?? 8;
  const min = search.min ?? step;
  const max = search.max ?? 16384;
  if (!(target > 0)) throw new ArgumentError(`solveWidth: argument 'target' must be positive; got ${target}`);
  let best = { width: min, parameters: count(min) };
  for (let width = Math.ceil(min / step) * step; width <= max; width += step) {
    const parameters = count(width);
    if (Math.abs(parameters - target) < Math.abs(best.parameters - target)) best = { width, parameters };
    if (parameters > target) break;
  }
  return best;
}
