import { describe, expect, it } from 'vitest';
import type { PointCloudBatch } from './point-cloud-batch.js';
import { randomCloudBatch } from './random-clouds.js';
import { hilbertOrder, mortonOrder, tripleXyzOrder } from './space-filling-curve.js';

/** The g×g×g integer grid, listed in a scrambled order; point i's cell is cells[i]. */
function scrambledGrid(g: number): { clouds: PointCloudBatch; cells: number[][] } {
  const cells = Array.from({ length: g ** 3 }, (_, i) => [i % g, Math.floor(i / g) % g, Math.floor(i / g ** 2)])
    .map((cell, i) => ({ cell, key: (i * 104729) % g ** 3 }))
    .sort((a, b) => a.key - b.key)
    .map(({ cell }) => cell);
  return { clouds: { points: Float32Array.from(cells.flat()), batch: 1, count: cells.length }, cells };
}

function isPermutation(order: Int32Array, m: number): boolean {
  return [...order].sort((a, b) => a - b).every((v, i) => v === i) && order.length === m;
}

describe('space-filling-curve orders', () => {
  const centres = randomCloudBatch(71, 3, 64);

  it('Morton and Hilbert orders are permutations of each cloud’s points', () => {
    for (const order of [mortonOrder(centres), hilbertOrder(centres), hilbertOrder(centres, { bits: 16, axes: [1, 0, 2] })]) {
      for (let c = 0; c < 3; c++) expect(isPermutation(order.subarray(c * 64, (c + 1) * 64), 64)).toBe(true);
    }
  });

  it('Hilbert: consecutive cells of a regular grid are face neighbours', () => {
    for (const g of [2, 4, 8]) {
      const { clouds, cells } = scrambledGrid(g);
      const order = hilbertOrder(clouds, { bits: Math.log2(g) });
      for (let s = 1; s < order.length; s++) {
        const [a, b] = [cells[order[s - 1] as number], cells[order[s] as number]] as [number[], number[]];
        expect(a.reduce((sum, v, axis) => sum + Math.abs(v - (b[axis] as number)), 0), `g=${g} step ${s}`).toBe(1);
      }
    }
  });

  it('Morton interleaves x, y, z bits, x most significant', () => {
    const { clouds, cells } = scrambledGrid(4);
    const morton = (cell: number[]): number =>
      [1, 0].reduce((key, level) => key * 8 + cell.reduce((bits, v) => bits * 2 + ((v >> level) & 1), 0), 0);
    const expected = cells.map((cell, i) => ({ i, key: morton(cell) })).sort((a, b) => a.key - b.key);
    expect(Array.from(mortonOrder(clouds, { bits: 2 }))).toEqual(expected.map(({ i }) => i));
  });

  it('axes permute the coordinates before encoding ([1, 0, 2]: PointMamba’s trans order)', () => {
    const swapped = { ...centres, points: centres.points.map((_, i) => centres.points[i - (i % 3) + ([1, 0, 2][i % 3] as number)] as number) };
    expect(hilbertOrder(centres, { axes: [1, 0, 2] })).toEqual(hilbertOrder(swapped));
    expect(hilbertOrder(centres, { axes: [1, 0, 2] })).not.toEqual(hilbertOrder(centres));
  });

  it('triple_xyz concatenates the orders by x, by y and by z: [b, 3m]', () => {
    const order = tripleXyzOrder(centres);
    expect(order.length).toBe(3 * 3 * 64);
    for (let c = 0; c < 3; c++) {
      for (let axis = 0; axis < 3; axis++) {
        const part = order.subarray((c * 3 + axis) * 64, (c * 3 + axis + 1) * 64);
        expect(isPermutation(part, 64)).toBe(true);
        const values = Array.from(part, (i) => centres.points[(c * 64 + i) * 3 + axis] as number);
        expect(values).toEqual([...values].sort((a, b) => a - b));
      }
    }
  });

  it('names bad options', () => {
    expect(() => hilbertOrder(centres, { bits: 17 })).toThrow("hilbertOrder: 'bits' must be an integer in [1, 16]; got 17");
    expect(() => mortonOrder(centres, { axes: [0, 0, 2] })).toThrow("mortonOrder: 'axes' must be a permutation of [0, 1, 2]; got [0, 0, 2]");
  });
});
