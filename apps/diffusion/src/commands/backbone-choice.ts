import { backboneConfig, backboneParameterCount, matchParameterCount } from '@hybridssm/diffusion';
import type { BackboneConfig, BackboneKind } from '@hybridssm/diffusion';
import { integerAtLeast } from '@hybridssm/harness';

/** The presets `train` offers: `tiny` (tests, seconds) and `small` (the CPU tables'); `L` is the paper's size, for parameter counts only. */
export const TRAIN_PRESETS = ['tiny', 'small'] as const;
export type TrainPreset = (typeof TRAIN_PRESETS)[number];

/** The model flags of `train`. */
export interface BackboneChoice {
  model: BackboneKind;
  preset: TrainPreset;
  hidden?: number | undefined;
  depth?: number | undefined;
  /** dit and dim: solve their width for the dimba reference's parameter count (else take its width as is) */
  matchParameters: boolean;
}

/** The images the model will generate: square, `side` pixels, grey or RGB. */
export interface ImageShape {
  side: number;
  channels: 1 | 3;
}

const greatestCommonDivisor = (a: number, b: number): number => (b === 0 ? a : greatestCommonDivisor(b, a % b));

/** The preset's attention heads and patch size, which --hidden and the image side must fit. */
export function presetGeometry(preset: TrainPreset): { heads: number; patch: number } {
  const { heads, patch } = backboneConfig({ kind: 'dimba', preset });
  return { heads, patch };
}

/** Checks --hidden and --depth up front; the message names the flag and what it must be. */
export function checkBackboneFlags(choice: Pick<BackboneChoice, 'preset' | 'hidden' | 'depth'>): true {
  integerAtLeast('depth', choice.depth, 1);
  const { heads } = presetGeometry(choice.preset);
  const multiple = (4 * heads) / greatestCommonDivisor(4, heads);
  const { hidden } = choice;
  if (hidden !== undefined && !(Number.isInteger(hidden) && hidden >= multiple && hidden % multiple === 0)) {
    throw new Error(`--hidden must be a positive multiple of ${multiple} (4 for the 2-D position embedding and the ${choice.preset} preset's ${heads} heads); got ${hidden}`);
  }
  return true;
}

/** The dimba configuration of the preset at the image's size, with --hidden and --depth on top: the reference size. */
function dimbaReference(choice: BackboneChoice, image: ImageShape): BackboneConfig {
  return backboneConfig({
    kind: 'dimba',
    preset: choice.preset,
    imageSize: image.side,
    channels: image.channels,
    ...(choice.hidden === undefined ? {} : { hidden: choice.hidden }),
    ...(choice.depth === undefined ? {} : { depth: choice.depth }),
  });
}

/** The backbone `train` builds, and the dimba reference's parameter count when it was matched to it. */
export function chosenBackbone(choice: BackboneChoice, image: ImageShape): { backbone: BackboneConfig; matchedTo?: number } {
  const reference = dimbaReference(choice, image);
  if (choice.model === 'dimba') return { backbone: reference };
  if (!choice.matchParameters) return { backbone: backboneConfig({ ...reference, kind: choice.model }) };
  return { backbone: backboneConfig(matchParameterCount(reference, choice.model)), matchedTo: backboneParameterCount(reference) };
}
