import { DIFFUSION_DATA_NAMES, loadDiffusionData, loadImageFolder } from '@hybridssm/diffusion';
import type { CaptionedImages, DiffusionDataName, DiffusionSplits, SavedDiffusionData } from '@hybridssm/diffusion';
import { integerAtLeast, resolvePath } from '@hybridssm/harness';

/** What `train --data` reads: a labelled dataset, or the user's own images (`--images <folder>`). */
export const TRAIN_DATA = [...DIFFUSION_DATA_NAMES, 'folder'] as const;
export type TrainData = (typeof TRAIN_DATA)[number];

/** Image side of folders when --resolution is not given (the generated sets have their own defaults). */
const FOLDER_RESOLUTION = 32;

/** The data flags of `train`. */
export interface DataChoice {
  data: TrainData;
  images?: string | undefined;
  resolution?: number | undefined;
  /** at most this many training images (not for folders: all their images are used) */
  trainCount?: number | undefined;
}

/** The data whose image size --resolution sets; MNIST is 28×28. */
const RESIZABLE: readonly TrainData[] = ['shapes', 'digits', 'folder'];

/** Checks the data flags together, up front: --images goes with --data folder, --resolution with the sets it can size, --train-count with the named sets. */
export function checkDataFlags(choice: DataChoice): true {
  if (choice.data === 'folder' && choice.images === undefined) throw new Error('--data folder needs --images <folder> (images and a captions.txt or captions.jsonl)');
  if (choice.data !== 'folder' && choice.images !== undefined) throw new Error(`--images goes with --data folder; got --data ${choice.data}`);
  if (choice.resolution !== undefined) {
    if (!RESIZABLE.includes(choice.data)) throw new Error(`--resolution applies to --data ${RESIZABLE.join(', ')}; ${choice.data} images are 28×28`);
    if (!(Number.isInteger(choice.resolution) && choice.resolution >= 1 && choice.resolution <= 4096)) {
      throw new Error(`--resolution must be an integer in [1, 4096]; got ${choice.resolution}`);
    }
  }
  if (choice.trainCount !== undefined) {
    if (choice.data === 'folder') throw new Error('--train-count applies to the named datasets; --data folder trains on every image of the folder');
    integerAtLeast('train-count', choice.trainCount, 1);
  }
  return true;
}

/** What a saved model records about its data: enough for `eval` to load the same test split again. */
function savedData(choice: DataChoice): SavedDiffusionData {
  if (choice.data === 'folder') return { dataset: 'folder', folder: resolvePath(choice.images as string), resolution: choice.resolution ?? FOLDER_RESOLUTION };
  return {
    dataset: choice.data,
    ...(choice.resolution === undefined ? {} : { resolution: choice.resolution }),
    ...(choice.trainCount === undefined ? {} : { trainCount: choice.trainCount }),
  };
}

const isDataName = (name: string): name is DiffusionDataName => (DIFFUSION_DATA_NAMES as readonly string[]).includes(name);

/** A labelled dataset at the saved model's image size: all of its training images, or at most `trainCount`. */
function loadSplitsAt(name: DiffusionDataName, data: SavedDiffusionData, dataDir: string, trainCount?: number): Promise<DiffusionSplits> {
  return loadDiffusionData(name, {
    dataDir,
    ...(typeof data.resolution === 'number' ? { resolution: data.resolution } : {}),
    ...(trainCount === undefined ? {} : { trainCount }),
  });
}

/**
 * The labelled dataset a model was trained on, with its test split, evaluation heads and prompt
 * targets, and all of its training images (the evaluation classifier learns from them whatever number
 * the model was trained on). A model trained on an image folder has none: the error says so, naming the checkpoint.
 */
export async function labelledSplits(data: SavedDiffusionData, dataDir: string, checkpoint: string): Promise<DiffusionSplits> {
  if (data.dataset === 'folder') {
    throw new Error(
      `${checkpoint} was trained on the image folder ${data.folder}: prompt accuracy and the Fréchet distance need a labelled dataset's evaluation classifier (train with --data ${DIFFUSION_DATA_NAMES.join(', ')}); use \`sample\` to look at its images`,
    );
  }
  if (!isDataName(data.dataset)) throw new Error(`${checkpoint} was trained on '${data.dataset}', which eval does not know; it evaluates ${DIFFUSION_DATA_NAMES.join(', ')}`);
  return loadSplitsAt(data.dataset, data, dataDir);
}

/** The captioned training images of `choice`, what the saved model records about them, and one line describing them. */
export async function loadTrainingData(choice: DataChoice, dataDir: string): Promise<{ train: CaptionedImages; saved: SavedDiffusionData; description: string }> {
  const saved = savedData(choice);
  if (choice.data === 'folder') {
    const train = await loadImageFolder(saved.folder as string, { resolution: saved.resolution as number });
    return { train, saved, description: `${saved.folder}: ${train.count} captioned images` };
  }
  const splits = await loadSplitsAt(choice.data, saved, dataDir, choice.trainCount);
  return { train: splits.train, saved, description: splits.description };
}
