import { diffusionTable } from './diffusion-table.js';
import { SMOKE_RESOLUTION } from './scales.js';

/**
 * Dimba, DiT and DiM trained from scratch on captioned scenes of coloured shapes, scored by a
 * classifier of every attribute a caption names: a compositional prompt-following test.
 */
export const dimbaShapesTable = diffusionTable({
  id: 'dimba-shapes',
  title: 'Compositional text-to-image generation: Dimba against Transformer-only and Mamba-only backbones at equal parameters (prompt accuracy %, Fréchet distance in classifier features)',
  ourRuns: 'synthetic-shapes',
  columns: [
    {
      id: 'shapes-32',
      label: `Compositional shapes (one or two coloured shapes, placements and relations), 32×32 RGB (${SMOKE_RESOLUTION}×${SMOKE_RESOLUTION} at smoke)`,
      settings: { dataset: 'shapes', resolution: 32 },
    },
  ],
  scaleColumns: { smoke: ['shapes-32'], small: ['shapes-32'], paper: ['shapes-32'] },
});
