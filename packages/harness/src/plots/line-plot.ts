import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { randomBytes } from 'node:crypto';
import sharp from 'sharp';
import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';

export interface SeriesPoint {
  x: number;
  y: number;
}

export interface LineSeries {
  name: string;
  points: SeriesPoint[];
  /** dashed line, e.g. for truth/reference curves */
  dashed?: boolean;
}

export interface LinePlot {
  title: string;
  xLabel: string;
  yLabel: string;
  series: LineSeries[];
  /** log scale on y */
  logY?: boolean;
  /** log scale on x (base 2: ticks at powers of two, e.g. context lengths) */
  logX?: boolean;
  /** plot-area width in px (default 560); axes, title and legend add to it */
  width?: number;
  /** plot-area height in px (default 320) */
  height?: number;
}

const FONT = 'DejaVu Sans';
const DASH: number[] = [6, 4];
const SOLID: number[] = [1, 0];

/** Throws an Error naming the offending field when the plot cannot be drawn faithfully. */
function validate(plot: LinePlot): void {
  if (plot.series.length === 0) throw new Error('LinePlot.series: must contain at least one series');
  const seen = new Set<string>();
  plot.series.forEach((s, i) => {
    const field = `LinePlot.series[${i}] ("${s.name}")`;
    if (s.name === '') throw new Error(`LinePlot.series[${i}].name: must not be empty`);
    if (seen.has(s.name)) throw new Error(`${field}.name: duplicate series name`);
    seen.add(s.name);
    if (s.points.length === 0) throw new Error(`${field}.points: must contain at least one point`);
    s.points.forEach((p, j) => {
      if (!Number.isFinite(p.x)) throw new Error(`${field}.points[${j}].x: not finite (${p.x})`);
      if (!Number.isFinite(p.y)) throw new Error(`${field}.points[${j}].y: not finite (${p.y})`);
      if (plot.logY && p.y <= 0) throw new Error(`${field}.points[${j}].y: must be > 0 with logY (${p.y})`);
      if (plot.logX && p.x <= 0) throw new Error(`${field}.points[${j}].x: must be > 0 with logX (${p.x})`);
    });
  });
  for (const key of ['width', 'height'] as const) {
    const v = plot[key];
    if (v !== undefined && !(Number.isFinite(v) && v > 0)) throw new Error(`LinePlot.${key}: must be a positive number (${v})`);
  }
}

/**
 * A vega-lite v6 spec: one line per series, coloured by series name; dashed series use a dashed stroke.
 * Colour and dash encode the same field, so vega-lite draws a single legend showing both.
 */
export function linePlotSpec(plot: LinePlot): object {
  validate(plot);
  const names = plot.series.map((s) => s.name);
  const values = plot.series.flatMap((s) => s.points.map((p) => ({ series: s.name, x: p.x, y: p.y })));
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: plot.title,
    width: plot.width ?? 560,
    height: plot.height ?? 320,
    background: 'white',
    config: { font: FONT, legend: { labelLimit: 0 } },
    data: { values },
    // points mark the measured values, so a line bridging a gap in x is not mistaken for data
    mark: { type: 'line', clip: true, point: true },
    encoding: {
      x: { field: 'x', type: 'quantitative', title: plot.xLabel, scale: plot.logX ? { type: 'log', base: 2 } : {} },
      y: { field: 'y', type: 'quantitative', title: plot.yLabel, scale: plot.logY ? { type: 'log' } : {} },
      // ten colours repeat beyond ten series (train/val curves of seven models): use twenty then
      color: { field: 'series', type: 'nominal', title: null, scale: { domain: names, scheme: names.length > 10 ? 'tableau20' : 'tableau10' } },
      strokeDash: {
        field: 'series',
        type: 'nominal',
        title: null,
        scale: { domain: names, range: plot.series.map((s) => (s.dashed ? DASH : SOLID)) },
      },
    },
  };
}

/** Compiles a vega-lite spec and renders it headlessly (no canvas, no browser) to an SVG string. */
export async function renderSvg(vegaLiteSpec: object): Promise<string> {
  const { spec } = compile(vegaLiteSpec as TopLevelSpec);
  const view = new vega.View(vega.parse(spec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/** Rasterises an SVG with sharp at density 72*scale, so the PNG is `scale` times the SVG's pixel size. */
export async function svgToPng(svg: string, scale = 2): Promise<Buffer> {
  if (!(Number.isFinite(scale) && scale > 0)) throw new Error(`svgToPng scale: must be a positive number (${scale})`);
  return sharp(Buffer.from(svg), { density: 72 * scale }).png().toBuffer();
}

/** Writes via a sibling temp file and rename, so readers never see a half-written file. */
async function writeAtomic(path: string, data: string | Buffer): Promise<void> {
  const tmp = `${path}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    await writeFile(tmp, data);
    await rename(tmp, path);
  } catch (err) {
    await rm(tmp, { force: true });
    throw err;
  }
}

/** Renders `plot` to `${basePath}.svg` and `${basePath}.png` (2x), creating the directory if needed. */
export async function writePlot(plot: LinePlot, basePath: string): Promise<{ svg: string; png: string }> {
  const svgText = await renderSvg(linePlotSpec(plot));
  const pngData = await svgToPng(svgText);
  const paths = { svg: `${basePath}.svg`, png: `${basePath}.png` };
  await mkdir(dirname(basePath), { recursive: true });
  await writeAtomic(paths.svg, svgText);
  await writeAtomic(paths.png, pngData);
  return paths;
}
