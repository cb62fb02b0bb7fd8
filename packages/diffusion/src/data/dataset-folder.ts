/** The command that downloads a diffusion dataset, without the dataset's name. */
export const DIFFUSION_FETCH_COMMAND = 'pnpm hybridssm diffusion fetch';
