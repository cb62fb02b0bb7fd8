import { ArgumentError } from '@hybridssm/core';

/**
 * Image sides from comma- or space-separated pixels (`--sizes 16,32,64`), each a positive multiple
 * of `patch`; sorted, duplicates dropped. Throws an ArgumentError naming `--flag` and the bad values.
 */
export function parseImageSides(flag: string, text: string, patch = 4): number[] {
  const items = text.split(/[\s,]+/).filter((item) => item !== '');
  if (items.length === 0) throw new ArgumentError(`--${flag}: give at least one image side`);
  const bad = items.filter((item) => !/^\d+$/.test(item) || Number(item) < patch || Number(item) % patch !== 0);
  if (bad.length > 0) throw new ArgumentError(`--${flag} must be image sides in pixels, positive multiples of the patch size ${patch}; got ${bad.join(', ')}`);
  return [...new Set(items.map(Number))].sort((a, b) => a - b);
}
