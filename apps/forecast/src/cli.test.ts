import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import { runCli, validateResultFile } from '@hybridssm/harness';
import { describe, expect, it } from 'vitest';

const CLI = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
const run = (args: string[], cwd: string) => runCli(CLI, args, cwd);

describe('hybridssm-forecast', () => {
  it('reproduces the Mambaformer table at smoke scale: JSON (schema-valid), Markdown with the paper column, PNG curves', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'forecast-cli-'));
    const result = await run(['reproduce', 'mambaformer-table2', '--scale', 'smoke', '--quiet', '--backend', 'wasm'], cwd);
    expect(result.code, result.stderr).toBe(0);
    const json = join(cwd, 'results/forecast/mambaformer-table2.smoke.json');
    const table = validateResultFile(JSON.parse(readFileSync(json, 'utf8')), json);
    expect(table.cells.map((c) => c.row)).toEqual(['mambaformer', 'attention-mamba', 'mamba-attention', 'mamba', 'transformer', 'dlinear', 'patchtst']);
    for (const cell of table.cells) expect(Number.isFinite(cell.metrics.mse?.mean)).toBe(true);
    const markdown = readFileSync(join(cwd, 'results/forecast/mambaformer-table2.smoke.md'), 'utf8');
    expect(markdown).toMatch(/\| Synthetic 24 \| [\d.]+ \(—\) \|/);
    const png = table.plots.find((p) => p.endsWith('.png')) as string;
    expect((await sharp(join(cwd, 'results/forecast', png)).metadata()).format).toBe('png');
  });

  it('a missing dataset is one clear line and a non-zero exit; `auto` prints no warning of a missing Vulkan driver', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'forecast-cli-'));
    const result = await run(['reproduce', 'mambaformer-table2', '--scale', 'small', '--quiet', '--backend', 'auto', '--data-dir', 'nowhere'], cwd);
    expect(result.code).toBe(1);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr.trim()).toMatch(/^hybridssm-forecast: dataset ETTh1 not found at .*nowhere.*ETTh1\.csv; run `pnpm hybridssm forecast fetch ETTh1`/);
  });

  it('train (RevIN, channel-independent, patches, 3 updates) → evaluate → forecast: a checkpoint, the same test metrics, a CSV and a PNG of history, forecast and truth', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'forecast-cli-'));
    const common = ['--scale', 'smoke', '--quiet', '--backend', 'wasm'];
    const options = ['--revin', '--channel-independent', '--patch', '--epochs', '1', '--steps-per-epoch', '3', '--lr', '0.005'];
    const trained = await run(['train', '--model', 'mambaformer', '--dataset', 'synthetic', '--horizon', '24', ...options, ...common], cwd);
    expect(trained.code, trained.stderr).toBe(0);
    const mse = /test MSE ([\d.]+), MAE ([\d.]+)/.exec(trained.stdout);
    expect(mse, trained.stdout).not.toBeNull();
    const checkpoint = 'results/forecast/models/mambaformer-synthetic-24.smoke.safetensors';
    const loaded = ['--quiet', '--backend', 'wasm'];
    const evaluated = await run(['evaluate', '--checkpoint', checkpoint, ...loaded], cwd);
    expect(evaluated.code, evaluated.stderr).toBe(0);
    expect(evaluated.stdout).toMatch(/mambaformer on synthetic, horizon 24: test MSE [\d.]+/);
    const forecast = await run(['forecast', '--checkpoint', checkpoint, ...loaded], cwd);
    expect(forecast.code, forecast.stderr).toBe(0);
    const prefix = join(cwd, 'results/forecast/forecasts/mambaformer-synthetic-24.smoke');
    const csv = readFileSync(`${prefix}.csv`, 'utf8').trim().split('\n');
    expect(csv[0]).toBe('step,c0_forecast,c0_truth,c1_forecast,c1_truth,c2_forecast,c2_truth,OT_forecast,OT_truth');
    expect(csv).toHaveLength(1 + 48 + 24);
    const image = await sharp(`${prefix}.png`).metadata();
    expect(image.format).toBe('png');
    expect(image.width).toBeGreaterThan(500);
  });

  it('train, evaluate and forecast reject bad seeds, repeated flags and unusable paths with one line, before any work', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'forecast-cli-'));
    mkdirSync(join(cwd, 'folder'));
    writeFileSync(join(cwd, 'folder', 'model.safetensors'), '');
    const train = ['train', '--model', 'dlinear', '--dataset', 'synthetic', '--backend', 'cpu'];
    for (const [args, message] of [
      [[...train, '--seed', 'x'], "--seed must be a number; got 'x'"],
      [[...train, '--seeds', '7,8'], 'Unknown argument: seeds'],
      [[...train, '--horizon', '24', '--horizon', '48'], '--horizon was given 2 times (24, 48); give it once'],
      [['train', '--model', 'dlinear', '--dataset', 'ETTh9'], "unknown dataset 'ETTh9'; known: ETTh1, ETTh2, ETTm1, ETTm2, Exchange, Weather, ILI, Electricity"],
      [[...train, '--patch'], '--patch needs --revin and --channel-independent (patches are cut from each normalised univariate series)'],
      [[...train, '--checkpoint', 'folder'], `--checkpoint must name a file, not the directory ${join(cwd, 'folder')}`],
      [['evaluate', '--checkpoint', 'missing.safetensors'], `--checkpoint: no file at ${join(cwd, 'missing.safetensors')} (write one with \`train\`)`],
      [['forecast', '--checkpoint', 'folder/model.safetensors', '--output', 'folder'], `--output must name a file, not the directory ${join(cwd, 'folder')}`],
      [['evaluate', '--checkpoint', 'folder/model.safetensors', '--scale', 'small'], 'Unknown argument: scale'],
    ] as const) {
      const result = await run([...args], cwd);
      expect(result.code, args.join(' ')).toBe(1);
      expect(result.stderr, args.join(' ')).toBe(`hybridssm-forecast: ${message}\n`);
      expect(result.stdout, args.join(' ')).toBe('');
    }
  });

  it('train rejects an unknown model, a bad horizon and bad fit flags with one line', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'forecast-cli-'));
    const badModel = await run(['train', '--model', 'lstm', '--dataset', 'synthetic'], cwd);
    expect(badModel.code).toBe(1);
    expect(badModel.stderr.trim().split('\n').at(-1)).toMatch(/^hybridssm-forecast: Invalid values: Argument: model, Given: "lstm"/);
    const badHorizon = await run(['train', '--model', 'dlinear', '--dataset', 'synthetic', '--horizon', '0', '--backend', 'cpu'], cwd);
    expect(badHorizon.code).toBe(1);
    expect(badHorizon.stderr.trim().split('\n').at(-1)).toBe('hybridssm-forecast: --horizon must be a positive integer; got 0');
    const badEpochs = await run(['train', '--model', 'dlinear', '--dataset', 'synthetic', '--epochs', '0.5', '--backend', 'cpu'], cwd);
    expect(badEpochs.code).toBe(1);
    expect(badEpochs.stderr.trim().split('\n').at(-1)).toBe('hybridssm-forecast: --epochs must be a positive integer; got 0.5');
    const badMicro = await run(['train', '--model', 'dlinear', '--dataset', 'synthetic', '--batch-size', '16', '--micro-batch-size', '5', '--backend', 'cpu'], cwd);
    expect(badMicro.code).toBe(1);
    expect(badMicro.stderr.trim().split('\n').at(-1)).toBe('hybridssm-forecast: --micro-batch-size must divide the batch size 16; got 5');
  });
  it('bench update profiles a smoke update into results/forecast; a micro-batch that does not divide the batch is one line', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'forecast-cli-bench-'));
    const result = await run(['bench', 'update', '--scale', 'smoke', '--model', 'mamba', '--horizon', '24', '--micro-batch-size', '8', '--updates', '1', '--backend', 'wasm'], cwd);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/mamba at smoke: [\d,]+ parameters, 16 windows as passes of 8: \d+ ms an update/);
    expect(readFileSync(join(cwd, 'results/forecast/profile-update.mamba.smoke.md'), 'utf8')).toContain('| BatchMatMul |');
    const bad = await run(['bench', 'update', '--scale', 'smoke', '--micro-batch-size', '5'], cwd);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr.trim()).toBe("hybridssm-forecast: --micro-batch-size must divide the scale's batch size 16; got 5");
  });
});
