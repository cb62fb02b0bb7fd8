import { ArgumentError } from '@hybridssm/core';
import { ARCHITECTURES, checkPattern, parseArchitecture } from '../models/architectures.js';
import type { Architecture } from '../models/architectures.js';
import { lmConfig } from '../models/lm-config.js';
import type { LmConfig } from '../models/lm-config.js';

/** The benchmark's vocabulary: one token per byte. */
export const BENCH_VOCAB = 256;

/** One benchmarked model: its name in the result files and its config. */
export interface BenchModel {
  name: string;
  config: LmConfig;
}

export interface BenchModelOptions {
  /** an LM preset (tiny, mini, small, base): the hybrid's width and depth, and the parameter budget */
  preset: string;
  /** architectures at the preset hybrid's parameter count (lmConfig solves their widths); comma-separated values allowed */
  architectures?: readonly string[] | undefined;
  /** `NAME=PATTERN` or a bare pattern: the preset's width, unsolved (issue 15's models) */
  patterns?: readonly string[] | undefined;
  tieEmbeddings: boolean;
  /** false: no RoPE even in a pure-attention stack (lmConfig gives one RoPE; issue 15's Transformer had none) */
  rope: boolean;
}

const splitValues = (values: readonly string[]) => values.flatMap((v) => String(v).split(',')).map((v) => v.trim()).filter((v) => v !== '');

/** `--pattern NAME=PATTERN` (or a bare PATTERN, named by itself), the pattern checked against core's layer language. */
export function parseNamedPattern(value: string): { name: string; pattern: string } {
  const eq = value.indexOf('=');
  const name = (eq < 0 ? value : value.slice(0, eq)).trim();
  const pattern = (eq < 0 ? value : value.slice(eq + 1)).trim();
  if (name === '') throw new ArgumentError(`--pattern: '${value}' has no name before '=' (give NAME=PATTERN, e.g. hybrid='M-M*M-M-')`);
  try {
    checkPattern(pattern);
  } catch (error) {
    throw new ArgumentError(`--pattern: '${value}': ${(error as Error).message}`);
  }
  return { name, pattern };
}

/**
 * The models of a benchmark run: each architecture through lmConfig at the preset (every width solved
 * to the preset hybrid's parameter count, vocabulary 256), then each named pattern at the preset's
 * width. With neither, the four architectures. Names must differ (they key the result rows).
 */
export function benchModels(options: BenchModelOptions): BenchModel[] {
  const patterns = (options.patterns ?? []).map(parseNamedPattern);
  const architectures: Architecture[] =
    options.architectures === undefined ? (patterns.length === 0 ? [...ARCHITECTURES] : []) : splitValues(options.architectures).map((value) => {
      try {
        return parseArchitecture(value);
      } catch (error) {
        throw new ArgumentError(`--architectures: ${(error as Error).message}`);
      }
    });
  if (architectures.length + patterns.length === 0) throw new ArgumentError('--architectures: give at least one architecture (or --pattern NAME=PATTERN)');
  const common = { preset: options.preset, vocabSize: BENCH_VOCAB, tieEmbeddings: options.tieEmbeddings };
  const models: BenchModel[] = [
    ...architectures.map((architecture) => ({ name: architecture as string, config: lmConfig({ ...common, architecture }) })),
    ...patterns.map(({ name, pattern }) => ({ name, config: lmConfig({ ...common, pattern }) })),
  ];
  const seen = new Set<string>();
  for (const { name } of models) {
    if (seen.has(name)) throw new ArgumentError(`two benchmarked models are named '${name}'; give each --pattern its own NAME=`);
    seen.add(name);
  }
  return options.rope ? models : models.map((m) => ({ ...m, config: { ...m.config, attention: { numHeads: m.config.attention.numHeads } } }));
}

/** The names the generate benchmark compares: the hybrid (mamba2-hybrid, or a pattern named hybrid) against the Transformer. */
export const HYBRID_NAMES: readonly string[] = ['mamba2-hybrid', 'hybrid'];
export const TRANSFORMER_NAME = 'transformer';
