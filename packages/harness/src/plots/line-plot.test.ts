import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { linePlotSpec, renderSvg, svgToPng, writePlot, type LinePlot } from './line-plot.js';

const xs = Array.from({ length: 40 }, (_, i) => i);

const plot: LinePlot = {
  title: 'Forecast error vs horizon',
  xLabel: 'horizon step',
  yLabel: 'squared error',
  series: [
    { name: 'hybrid SSM', points: xs.map((x) => ({ x, y: Math.exp(-x / 10) + 0.01 })) },
    { name: 'ground truth', dashed: true, points: xs.map((x) => ({ x, y: Math.exp(-x / 12) })) },
  ],
};

/** The pixel size vega wrote on the root <svg> element. */
function svgSize(svg: string): { width: number; height: number } {
  const m = /^<svg[^>]*\swidth="(\d+(?:\.\d+)?)"[^>]*\sheight="(\d+(?:\.\d+)?)"/.exec(svg);
  if (!m) throw new Error('no width/height on root <svg>');
  return { width: Number(m[1]), height: Number(m[2]) };
}

/** True when some channel takes more than one value, i.e. the image is not a single flat colour. */
async function hasContent(png: string | Buffer): Promise<boolean> {
  const { channels } = await sharp(png).stats();
  return channels.some((c) => c.min < c.max);
}

describe('writePlot', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'line-plot-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('writes an SVG with title, legend and lines, and a 2x PNG that is not blank', async () => {
    const out = await writePlot(plot, join(dir, 'nested', 'deeper', 'errors'));
    expect(out).toEqual({ svg: join(dir, 'nested', 'deeper', 'errors.svg'), png: join(dir, 'nested', 'deeper', 'errors.png') });
    expect(await readdir(join(dir, 'nested', 'deeper'))).toEqual(['errors.png', 'errors.svg']);

    const svg = await readFile(out.svg, 'utf8');
    for (const text of [plot.title, plot.xLabel, plot.yLabel, 'hybrid SSM', 'ground truth']) expect(svg).toContain(`>${text}</text>`);
    expect(svg).toContain('<path');
    expect(svg).toContain('stroke-dasharray="6,4"');
    expect(svg).toContain('font-family="DejaVu Sans"');

    const size = svgSize(svg);
    expect(size.width).toBeGreaterThan(560);
    expect(size.height).toBeGreaterThan(320);
    const meta = await sharp(out.png).metadata();
    expect(meta.format).toBe('png');
    expect(meta.width).toBe(size.width * 2);
    expect(meta.height).toBe(size.height * 2);
    expect(await hasContent(out.png)).toBe(true);
    const corner = await sharp(out.png).ensureAlpha().extract({ left: 0, top: 0, width: 1, height: 1 }).raw().toBuffer();
    expect([...corner]).toEqual([255, 255, 255, 255]);
  });

  it('renders a log-scale plot with logarithmic ticks', async () => {
    const out = await writePlot({ ...plot, logY: true, width: 300, height: 200 }, join(dir, 'log'));
    const svg = await readFile(out.svg, 'utf8');
    expect(svg).toContain('>0.01</text>');
    expect(svg).toContain('>0.1</text>');
    expect(svg).toContain('<path class="background" aria-hidden="true" d="M0.5,0.5h300v200h-300Z"');
    expect(await hasContent(out.png)).toBe(true);
  });

  it('renders a log2 x axis (context lengths) with ticks at powers of two', async () => {
    const contexts = { name: 'ms', points: [1024, 4096, 16384, 65536].map((x, i) => ({ x, y: i + 1 })) };
    const out = await writePlot({ ...plot, series: [contexts], logX: true, width: 300, height: 200 }, join(dir, 'logx'));
    const svg = await readFile(out.svg, 'utf8');
    expect(svg).toMatch(/>4,?096<\/text>/);
    expect(svg).toMatch(/>16,?384<\/text>/);
    expect(await hasContent(out.png)).toBe(true);
  });
});

describe('svgToPng', () => {
  it('scales the raster with the requested factor', async () => {
    const svg = await renderSvg(linePlotSpec(plot));
    const size = svgSize(svg);
    for (const scale of [1, 3]) {
      const meta = await sharp(await svgToPng(svg, scale)).metadata();
      expect([meta.format, meta.width, meta.height]).toEqual(['png', size.width * scale, size.height * scale]);
    }
  });

  it('renders an all-white SVG as blank, so the non-blank check can fail', async () => {
    const blank = '<svg xmlns="http://www.w3.org/2000/svg" width="20" height="10"><rect width="20" height="10" fill="white"/></svg>';
    expect(await hasContent(await svgToPng(blank))).toBe(false);
  });
});

describe('linePlotSpec validation', () => {
  const points = [{ x: 0, y: 1 }];
  const cases: [string, LinePlot, RegExp][] = [
    ['empty series list', { ...plot, series: [] }, /LinePlot\.series: must contain at least one series/],
    ['series with no points', { ...plot, series: [{ name: 'a', points }, { name: 'b', points: [] }] }, /series\[1\] \("b"\)\.points: must contain at least one point/],
    ['non-finite x', { ...plot, series: [{ name: 'a', points: [...points, { x: NaN, y: 1 }] }] }, /series\[0\] \("a"\)\.points\[1\]\.x: not finite \(NaN\)/],
    ['non-finite y', { ...plot, series: [{ name: 'a', points }, { name: 'b', points: [{ x: 0, y: Infinity }] }] }, /series\[1\] \("b"\)\.points\[0\]\.y: not finite \(Infinity\)/],
    ['logY with y = 0', { ...plot, logY: true, series: [{ name: 'a', points: [...points, { x: 1, y: 0 }] }] }, /series\[0\] \("a"\)\.points\[1\]\.y: must be > 0 with logY \(0\)/],
    ['logY with y < 0', { ...plot, logY: true, series: [{ name: 'a', points: [{ x: 1, y: -2 }] }] }, /points\[0\]\.y: must be > 0 with logY \(-2\)/],
    ['logX with x = 0', { ...plot, logX: true, series: [{ name: 'a', points }] }, /series\[0\] \("a"\)\.points\[0\]\.x: must be > 0 with logX \(0\)/],
    ['duplicate series name', { ...plot, series: [{ name: 'a', points }, { name: 'a', points }] }, /series\[1\] \("a"\)\.name: duplicate series name/],
    ['empty series name', { ...plot, series: [{ name: '', points }] }, /series\[0\]\.name: must not be empty/],
    ['non-positive width', { ...plot, width: 0 }, /LinePlot\.width: must be a positive number/],
  ];
  it.each(cases)('rejects %s', (_label, bad, message) => {
    expect(() => linePlotSpec(bad)).toThrow(message);
  });

  it('accepts y <= 0 on a linear scale', () => {
    expect(() => linePlotSpec({ ...plot, series: [{ name: 'a', points: [{ x: 0, y: -1 }, { x: 1, y: 0 }] }] })).not.toThrow();
  });

  it('writePlot rejects invalid input before writing anything', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'line-plot-bad-'));
    try {
      await expect(writePlot({ ...plot, series: [] }, join(dir, 'x'))).rejects.toThrow(/LinePlot\.series/);
      expect(await readdir(dir)).toEqual([]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
