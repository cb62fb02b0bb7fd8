import type { Attributes } from './attributes.js';

/** How often images show what their prompts asked for. */
export interface PromptAccuracy {
  images: number;
  /** the fraction of images whose predicted attributes match every attribute their prompt asked for */
  accuracy: number;
  /** per attribute, the fraction of the images whose prompt asked for it that show it (attributes never asked are left out) */
  perAttribute: Record<string, number>;
}

/**
 * Prompt accuracy: `predicted[i]` is what the evaluation classifier sees in image i, `asked[i]` what
 * its prompt asked for (prompt-targets.ts). Given the real images' own attributes as `asked`, it is the
 * classifier's accuracy.
 */
export function promptAccuracy(predicted: readonly Attributes[], asked: readonly Attributes[]): PromptAccuracy {
  if (predicted.length !== asked.length || asked.length === 0) {
    throw new Error(`promptAccuracy: expected as many predictions as prompts, at least one; got ${predicted.length} and ${asked.length}`);
  }
  const hits = new Map<string, { right: number; total: number }>();
  let allRight = 0;
  asked.forEach((target, i) => {
    let right = true;
    for (const [name, value] of Object.entries(target)) {
      const tally = hits.get(name) ?? { right: 0, total: 0 };
      const match = predicted[i]?.[name] === value;
      hits.set(name, { right: tally.right + (match ? 1 : 0), total: tally.total + 1 });
      right &&= match;
    }
    if (right) allRight++;
  });
  const perAttribute = Object.fromEntries([...hits].map(([name, { right, total }]) => [name, right / total]));
  return { images: asked.length, accuracy: allRight / asked.length, perAttribute };
}
