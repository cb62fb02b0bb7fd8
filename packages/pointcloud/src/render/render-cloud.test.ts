import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { Rng } from '@hybridssm/core';
import { afterAll, describe, expect, it } from 'vitest';
import { sampleShapeSurface } from '../data/shape-surfaces.js';
import { IMPORTANCE_RAMP, POINT_COLOUR, rampColour, renderCloudPng, writeCloudPng } from './render-cloud.js';
import { importanceShades } from './importance-shades.js';

const dir = mkdtempSync(join(tmpdir(), 'render-cloud-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const cloud = { points: sampleShapeSurface('cube', 300, new Rng(4)), count: 300 };

async function pixelsOf(png: Buffer): Promise<{ width: number; height: number; data: Buffer }> {
  const { data, info } = await sharp(png).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  return { width: info.width, height: info.height, data };
}

/** How many pixels have exactly this colour, and how many are not white. */
function count(data: Buffer, colour?: readonly number[]): { exact: number; drawn: number } {
  let exact = 0;
  let drawn = 0;
  for (let i = 0; i < data.length; i += 3) {
    if (data[i] !== 255 || data[i + 1] !== 255 || data[i + 2] !== 255) drawn++;
    if (colour !== undefined && data[i] === colour[0] && data[i + 1] === colour[1] && data[i + 2] === colour[2]) exact++;
  }
  return { exact, drawn };
}

describe('renderCloudPng', () => {
  it('draws the cloud in one colour at the requested size, the same bytes every time', async () => {
    const png = await renderCloudPng(cloud, { width: 200, height: 160 });
    expect(Buffer.compare(png, await renderCloudPng(cloud, { width: 200, height: 160 }))).toBe(0);
    const { width, height, data } = await pixelsOf(png);
    expect([width, height]).toEqual([200, 160]);
    const { drawn } = count(data);
    expect(drawn).toBeGreaterThan(0.05 * width * height);
    expect(drawn).toBeLessThan(0.8 * width * height);
    // the nearest points are drawn at full brightness in the one colour: some pixel has it (±1 for rounding)
    const near = [...Array(data.length / 3).keys()].some((p) => [0, 1, 2].every((c) => Math.abs((data[p * 3 + c] as number) - (POINT_COLOUR[c] as number)) <= 2));
    expect(near).toBe(true);
  });

  it('colours points by their shade along the importance ramp, with a legend and a caption, into a file', async () => {
    const shades = Float32Array.from({ length: cloud.count }, (_, i) => (cloud.points[i * 3] as number) > 0 ? 0 : 1);
    const path = join(dir, 'sub', 'shaded.png');
    await writeCloudPng(path, cloud, { width: 256, height: 256, shades, legend: { high: 'high', low: 'low' }, caption: 'cube 97.0% <test>' });
    const { width, height, data } = await pixelsOf(readFileSync(path));
    expect([width, height]).toEqual([256, 256]);
    const reds = [...Array(data.length / 3).keys()].filter((p) => (data[p * 3] as number) > 120 && (data[p * 3 + 2] as number) < 60).length;
    const blues = [...Array(data.length / 3).keys()].filter((p) => (data[p * 3 + 2] as number) > 100 && (data[p * 3] as number) < 60).length;
    expect(reds).toBeGreaterThan(100);
    expect(blues).toBeGreaterThan(100);
    // the legend and caption sit in the bottom two text lines (256 / 20 ≈ 13 px each): something is drawn there
    const bottom = data.subarray((height - 26) * width * 3);
    expect(count(bottom).drawn).toBeGreaterThan(50);
  });

  it('ramp: high importance red, low blue; arguments are checked', async () => {
    expect(rampColour(0)).toEqual(IMPORTANCE_RAMP[0]);
    expect(rampColour(1)).toEqual(IMPORTANCE_RAMP[IMPORTANCE_RAMP.length - 1]);
    await expect(renderCloudPng(cloud, { width: 10 })).rejects.toThrow("renderCloudPng: 'width' must be an integer in [64, 8192]; got 10");
    await expect(renderCloudPng({ points: Float32Array.from([0, 0, 0, 1, Number.NaN, 0]), count: 2 })).rejects.toThrow("renderCloudPng: 'cloud' point 1 must have finite coordinates; got y = NaN");
    await expect(renderCloudPng(cloud, { shades: new Float32Array(3) })).rejects.toThrow("renderCloudPng: 'shades' must have one value per point (300); got 3");
  });
});

describe('importanceShades', () => {
  it("a point takes its most important group's rank, a point in no group its nearest centre's", () => {
    // points on a line at x = 0…4; groups centred at 0 (holding 0, 1) and 4 (holding 3, 4, 1); point 2 is in none
    const line = { points: Float32Array.from([0, 0, 0, 1, 0, 0, 2.1, 0, 0, 3, 0, 0, 4, 0, 0]), count: 5 };
    const groups = { centres: Int32Array.from([0, 4]), neighbours: Int32Array.from([0, 1, 1, 4, 3, 1]), size: 3 };
    expect(Array.from(importanceShades(line, groups, Int32Array.from([1, 0])))).toEqual([1, 0, 0, 0, 0]);
    expect(Array.from(importanceShades(line, groups, Int32Array.from([0, 1])))).toEqual([0, 0, 1, 1, 1]);
    expect(() => importanceShades(line, groups, Int32Array.from([0]))).toThrow("importanceShades: 'ranks' must have one rank per group (2); got 1");
  });
});
