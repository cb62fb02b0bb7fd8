import { basename, dirname, join } from 'node:path';

const SAMPLE_GRIDS = 'sample-grids';

/**
 * Where a cell's grid of generated samples goes. The runner keeps a cell's checkpoint at
 * `results/<domain>/runs/<table>.<scale>/<cell>.ckpt.safetensors` (git-ignored); its grid goes to
 * `results/<domain>/sample-grids/<table>.<scale>/<row>-<column>-seed<seed>.png`, committed beside the
 * table except at smoke (`samples/` is the app's, for users' samples, and ignored). A checkpoint
 * elsewhere (a test's or a probe's temporary folder) keeps its grid beside it, in `sample-grids/`.
 */
export function sampleGridPath(checkpointPath: string, row: string, column: string, seed: number): string {
  const runDir = dirname(checkpointPath);
  const runsDir = dirname(runDir);
  const file = `${row}-${column}-seed${seed}.png`;
  return basename(runsDir) === 'runs' ? join(dirname(runsDir), SAMPLE_GRIDS, basename(runDir), file) : join(runDir, SAMPLE_GRIDS, file);
}
