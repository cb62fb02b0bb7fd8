import { diffusionTable } from './diffusion-table.js';
import { SMOKE_RESOLUTION } from './scales.js';

/** Dimba, DiT and DiM text-to-image models trained from scratch on digits with captions, scored by a digit classifier. */
export const dimbaMnistTable = diffusionTable({
  id: 'dimba-mnist',
  title: 'Text-to-digit generation: Dimba against Transformer-only and Mamba-only backbones at equal parameters (prompt accuracy %, Fréchet distance in classifier features)',
  ourRuns: 'MNIST',
  columns: [
    { id: 'digits', label: `Seven-segment digit glyphs (generated, no download; ${SMOKE_RESOLUTION}×${SMOKE_RESOLUTION} at smoke)`, settings: { dataset: 'digits' } },
    { id: 'mnist', label: 'MNIST (t10k split 9,000 / 1,000), 28×28', settings: { dataset: 'mnist' } },
  ],
  scaleColumns: { smoke: ['digits'], small: ['mnist'], paper: ['mnist'] },
});
