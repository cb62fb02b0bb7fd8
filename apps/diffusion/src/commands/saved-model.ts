import { loadDiffusionModel } from '@hybridssm/diffusion';
import type { SavedDiffusionModel } from '@hybridssm/diffusion';
import { resolvePath } from '@hybridssm/harness';

/** Loads the model directory `--checkpoint` names, runs `use` on it, and frees the model and its EMA. */
export async function withSavedModel<T>(checkpoint: string, use: (saved: SavedDiffusionModel) => Promise<T>): Promise<T> {
  const saved = await loadDiffusionModel(resolvePath(checkpoint));
  try {
    return await use(saved);
  } finally {
    saved.ema.dispose();
    saved.model.dispose();
  }
}
