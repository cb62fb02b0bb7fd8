import { defineDomain } from '@hybridssm/harness';
import { DIFFUSION_DATASETS } from './data/datasets.js';
import { DIFFUSION_PROBES } from './probes.js';
import { dimbaMnistTable } from './tables/dimba-mnist-table.js';
import { dimbaShapesTable } from './tables/dimba-shapes-table.js';

/** Text-to-image diffusion (Dimba, Fei et al. 2024): the domain's tables, probes and datasets. */
export const diffusionDomain = defineDomain({
  name: 'diffusion',
  description: 'Dimba (Fei et al. 2024): text-to-image diffusion with alternating Transformer and bidirectional Mamba blocks, against all-Transformer (DiT/PixArt-style) and all-Mamba (DiM) backbones.',
  tables: [dimbaMnistTable, dimbaShapesTable],
  probes: DIFFUSION_PROBES,
  datasets: DIFFUSION_DATASETS,
});
