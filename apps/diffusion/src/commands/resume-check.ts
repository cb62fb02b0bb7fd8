import { existsSync } from 'node:fs';
import { isDeepStrictEqual } from 'node:util';
import { loadSafetensors } from '@hybridssm/core';
import type { TextToImageConfig } from '@hybridssm/diffusion';

/** The model config a training checkpoint was started with (fitDiffusion saves { model, fit, seed }), if it records one. */
async function checkpointModelConfig(path: string): Promise<unknown> {
  const { tensors, metadata } = await loadSafetensors(path);
  for (const tensor of Object.values(tensors)) tensor.dispose();
  try {
    return (JSON.parse(metadata.config ?? '{}') as { model?: unknown }).model;
  } catch {
    return undefined;
  }
}

const describe = (config: TextToImageConfig) => {
  const { kind, hidden, depth, patch, imageSize, channels } = config.backbone;
  return `${kind}, hidden ${hidden}, depth ${depth}, patch ${patch}, ${imageSize}×${imageSize}×${channels}`;
};

/**
 * Running `train` again with the same flags resumes from the training checkpoint at `path`; a checkpoint
 * of a different model there (other --model, --preset, --hidden, --depth or image size) is refused with
 * one line, before it would fail tensor by tensor.
 */
export async function checkResumable(path: string, config: TextToImageConfig): Promise<void> {
  if (!existsSync(path)) return;
  const saved = await checkpointModelConfig(path);
  if (isDeepStrictEqual(saved, JSON.parse(JSON.stringify(config)))) return;
  const what = typeof saved === 'object' && saved !== null && 'backbone' in saved ? `a ${describe(saved as TextToImageConfig)} model` : 'another model';
  throw new Error(`--checkpoint: ${path} holds the training run of ${what}, not of this ${describe(config)} one; rerun that command to resume it, or choose another --checkpoint`);
}
