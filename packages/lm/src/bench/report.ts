import { lmParameterCount } from '../models/lm-config.js';
import type { BenchModel } from './bench-models.js';
import type { Machine } from './environment.js';

/** The benchmarked models in words, for the result files: what they share, layer kind by layer kind. */
export function describeModels(preset: string, models: readonly BenchModel[]): string {
  const configs = models.map((m) => m.config);
  const first = configs[0];
  if (first === undefined) return 'no models';
  const has = (char: string) => configs.some((c) => c.pattern.includes(char));
  const tied = configs.every((c) => c.tieEmbeddings) ? 'output head tied to the embedding' : configs.every((c) => !c.tieEmbeddings) ? 'untied output head' : 'tied or untied output head (per model)';
  const rope = configs.filter((c) => c.pattern.includes('*') && c.attention.ropeBase !== undefined);
  const ropeText =
    rope.length === 0 ? 'no position encoding' : `RoPE base ${rope[0]?.attention.ropeBase} in ${rope.map((c) => models[configs.indexOf(c)]?.name).join(', ')}, none in stacks with Mamba layers`;
  const layers = [
    has('M') && `Mamba-2 d_state ${first.mamba2.dState} / headdim ${first.mamba2.headdim} / expand ${first.mamba2.expand} / ngroups ${first.mamba2.ngroups}`,
    has('m') && `Mamba d_state ${first.mamba.dState} / expand ${first.mamba.expand} / d_conv ${first.mamba.dConv} / dt_rank ⌈d_model/16⌉`,
    has('*') && `${first.attention.numHeads} causal attention heads (no bias, ${ropeText})`,
    has('-') && `GELU MLP ×${first.mlpRatio}`,
  ].filter((x): x is string => typeof x === 'string');
  const solved = models.some((m) => m.config.architecture !== 'custom');
  return (
    `LanguageModel of the \`${preset}\` preset, vocabulary ${first.vocabSize} (bytes): embedding → pre-norm RMSNorm blocks of the pattern → final RMSNorm → ${tied}; ` +
    `${layers.join('; ')}.` +
    (solved ? " Architectures are at equal parameters: lmConfig solves each width to the preset hybrid's parameter count." : '') +
    (models.some((m) => m.config.architecture === 'custom') ? " `--pattern` models keep the preset's width." : '')
  );
}

/** A table of the models: name, pattern, width, parameters. */
export function modelsTable(models: readonly BenchModel[]): string[] {
  return [
    '| model | pattern | d_model | parameters |',
    '|---|---|---:|---:|',
    ...models.map((m) => `| ${m.name} | \`${m.config.pattern}\` | ${m.config.dModel} | ${lmParameterCount(m.config).toLocaleString('en-US')} |`),
  ];
}

export function measuredLine(machine: Machine, command: string, at = new Date().toISOString()): string {
  const git = machine.git === null ? '' : `, commit ${machine.git.commit.slice(0, 10)}${machine.git.dirty ? ' (with uncommitted changes)' : ''}`;
  return `Measured ${at.slice(0, 10)} on ${machine.cpu}, ${machine.cores} cores (${machine.memoryGiB} GiB), Node ${machine.node}${git}, by \`${command}\`.`;
}

export function runtimeLine(backend: string, torch: string | null): string {
  const threads = backend.startsWith('backend: wasm') ? ' (one thread: tfjs-backend-wasm in Node runs its single-threaded build)' : '';
  return `Ours: ${backend.replace(/^backend: /, 'tfjs backend ')}${threads}.` + (torch === null ? '' : ` PyTorch ${torch} on CPU.`);
}

export function torchNote(torch: string | null): string[] {
  if (torch === null) return [];
  return [
    '',
    'PyTorch side: `packages/lm/python/lm_bench.py`, the same models in plain torch ops (Mamba-2 as the SSD chunked algorithm,',
    'chunk 64, for training and prefill; Mamba as a sequential selective scan over time; both generate by their recurrent step;',
    'attention with a preallocated KV cache and the same RoPE), with the parameter names, shapes and initialisation of core\'s',
    'layers: both sides count the same parameters (checked before each measurement).',
  ];
}
