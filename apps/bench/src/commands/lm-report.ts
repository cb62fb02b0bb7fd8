import { BENCH_LM } from '../lm/byte-lm.js';

/** The benchmark model in words, for the result files. */
export function describeModel(dModel: number): string {
  const { mamba2, attention, mlpRatio } = BENCH_LM;
  return (
    `byte-level LM (vocabulary 256), d_model ${dModel}, the pattern's blocks (pre-norm RMSNorm), ` +
    `Mamba-2 d_state ${mamba2.dState} / headdim ${mamba2.headdim} / expand ${mamba2.expand}, ${attention.numHeads} attention heads (causal, no bias), ` +
    `GELU MLP ×${mlpRatio}, final RMSNorm, output head tied to the embedding`
  );
}

export function runtimeLine(backend: string, torch: string | null): string {
  return `Ours: ${backend.replace(/^backend: /, 'tfjs backend ')} (one thread: tfjs-backend-wasm in Node runs its single-threaded build).` + (torch === null ? '' : ` PyTorch ${torch} on CPU.`);
}

export function torchNote(torch: string | null): string[] {
  if (torch === null) return [];
  return [
    '',
    'PyTorch side: `apps/bench/python/byte_lm.py`, the same models in plain torch ops (Mamba-2 as the SSD chunked algorithm,',
    'chunk 64, for training and prefill, the recurrent step for generation; attention with a preallocated KV cache), same',
    'parameter shapes and initialisation as core\'s layers.',
  ];
}
