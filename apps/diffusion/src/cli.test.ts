import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runCli } from '@hybridssm/harness';
import { DIFFUSION_MODEL_FILES, GRID_GAP, writeImageGrid } from '@hybridssm/diffusion';
import { beforeAll, describe, expect, it } from 'vitest';

const CLI = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const run = (args: string[]) => runCli(CLI, args, ROOT);
const dir = mkdtempSync(join(tmpdir(), 'diffusion-cli-'));
const model = join(dir, 'model');
/** Generated digits at 16×16 (an 8×8 grid of patches for the tiny preset), 16 of them to train on: seconds. */
const SIDE = 16;
const TINY_DIGITS = ['--data', 'digits', '--resolution', String(SIDE), '--train-count', '16', '--preset', 'tiny', '--batch', '4', '--quiet'];

/** The command failed with exit code 1 and exactly one line on stderr, the app's error matching `message`. */
async function expectOneLineError(args: string[], message: RegExp): Promise<void> {
  const result = await run(args);
  expect(result.code, `${args.join(' ')}\n${result.stderr}`).toBe(1);
  const lines = result.stderr.trim().split('\n');
  expect(lines, result.stderr).toHaveLength(1);
  expect(lines[0]).toMatch(/^hybridssm-diffusion: /);
  expect(lines[0]).toMatch(message);
}

/** Width and height from a PNG's IHDR chunk. */
function pngSize(path: string): [number, number] {
  const bytes = readFileSync(path);
  expect(bytes.subarray(1, 4).toString('latin1')).toBe('PNG');
  return [bytes.readUInt32BE(16), bytes.readUInt32BE(20)];
}

describe('hybridssm-diffusion CLI', () => {
  beforeAll(async () => {
    const trained = await run(['train', '--model', 'dimba', ...TINY_DIGITS, '--steps', '2', '--checkpoint', model]);
    expect(trained.code, trained.stderr).toBe(0);
    expect(trained.stdout).toMatch(/dimba \(tiny\): [\d,]+ parameters: backbone [\d,]+, text encoder [\d,]+; hidden 32, depth 2, patch 2, 16×16×1 images; seven-segment digit glyphs/);
    expect(trained.stdout).toMatch(/trained 2 updates: loss \d+\.\d{4} \(mean of the last 2: \d+\.\d{4}\); saved .*model\.safetensors \(weights and their EMA over 2 updates/);
  });

  it('--help lists the own commands beside the shared ones', async () => {
    const help = await run(['--help']);
    expect(help.code).toBe(0);
    for (const command of ['train', 'sample', 'eval', 'bench', 'reproduce', 'list']) expect(help.stdout).toContain(`hybridssm-diffusion ${command}`);
  });

  it('resumes when the same command runs again with more steps; dit is matched to the dimba parameter count', async () => {
    const resumed = await run(['train', '--model', 'dimba', ...TINY_DIGITS, '--steps', '3', '--checkpoint', model]);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(resumed.stdout).toContain('resumed from update 2');
    expect(resumed.stdout).toMatch(/trained 3 updates: .*EMA over 3 updates/);
    const dit = await run(['train', '--model', 'dit', ...TINY_DIGITS, '--steps', '1', '--checkpoint', join(dir, 'dit')]);
    expect(dit.code, dit.stderr).toBe(0);
    expect(dit.stdout).toMatch(/dit \(tiny\): [\d,]+ parameters: backbone [\d,]+ \(matched to the tiny dimba's [\d,]+\), text encoder [\d,]+; hidden \d+, depth 2/);
  });

  it('samples a grid for prompts the text encoder never saw: empty, 10,000 characters, non-Latin, misspelt', async () => {
    const output = join(dir, 'grids', 'odd.png');
    const prompts = ['', 'x'.repeat(10_000), '数字七', 'a hnadwritten sevn'];
    const sampled = await run(['sample', '--checkpoint', model, ...prompts.flatMap((p) => ['--prompt', p]), '--n', '2', '--steps', '2', '--guidance', '3', '--output', output]);
    expect(sampled.code, sampled.stderr).toBe(0);
    expect(sampled.stdout).toContain(`wrote ${output}: 4 prompts × 2 images of 16×16, one row per prompt:`);
    expect(sampled.stdout).toContain('note: prompt 1 is empty');
    expect(sampled.stdout).toContain('note: prompt 2 is 10,000 bytes of UTF-8; the text encoder reads its first 15');
    expect(sampled.stdout).toContain('row 3: "数字七"');
    expect(sampled.stdout).toMatch(/\d+\.\d ms per image \(ddim 2 steps, guidance 3, seed 0; /);
    const cell = SIDE + GRID_GAP;
    expect(pngSize(output)).toEqual([2 * cell + GRID_GAP, 4 * cell + GRID_GAP]);

    const ddpm = await run(['sample', '--checkpoint', model, '--prompt', 'a 7', '--n', '1', '--steps', '3', '--sampler', 'ddpm', '--zoom', '2', '--out', join(dir, 'results')]);
    expect(ddpm.code, ddpm.stderr).toBe(0);
    const inDefaultPlace = join(dir, 'results', 'diffusion', 'samples', 'model.png');
    expect(pngSize(inDefaultPlace)).toEqual([2 * SIDE + 2 * GRID_GAP, 2 * SIDE + 2 * GRID_GAP]);
  });

  it('rejects bad flags, models and checkpoints with one line naming them, and exit code 1', async () => {
    const truncated = join(dir, 'truncated');
    mkdirSync(truncated);
    writeFileSync(join(truncated, DIFFUSION_MODEL_FILES.model), readFileSync(join(model, DIFFUSION_MODEL_FILES.model)).subarray(0, 2000));
    const folder = join(dir, 'pictures');
    mkdirSync(folder);
    const grey = { images: new Float32Array(SIDE * SIDE), count: 1, height: SIDE, width: SIDE, channels: 1 as const };
    await Promise.all(['a.png', 'b.png'].map((file) => writeImageGrid(join(folder, file), grey)));
    writeFileSync(join(folder, 'captions.txt'), 'a.png\ta grey square\nb.png\tanother grey square\n');
    const folderModel = join(dir, 'folder-model');
    const folderTrained = await run(['train', '--data', 'folder', '--images', folder, '--resolution', String(SIDE), '--preset', 'tiny', '--steps', '1', '--batch', '2', '--checkpoint', folderModel, '--quiet']);
    expect(folderTrained.code, folderTrained.stderr).toBe(0);
    const resumeTarget = join(dir, 'resume-target');
    mkdirSync(resumeTarget);
    copyFileSync(join(model, DIFFUSION_MODEL_FILES.training), join(resumeTarget, DIFFUSION_MODEL_FILES.training));

    const sample = (...rest: string[]) => ['sample', '--checkpoint', model, '--prompt', 'a 7', ...rest];
    await Promise.all([
      expectOneLineError(sample('--steps', '0'), /--steps must be a positive integer; got 0/),
      expectOneLineError(sample('--steps', '2000'), /--steps must be at most the model's 1000 training steps; got 2000/),
      expectOneLineError(sample('--guidance', 'abc'), /--guidance must be a number; got 'abc'/),
      expectOneLineError(sample('--guidance', '-1'), /--guidance must be a number ≥ 0; got -1/),
      expectOneLineError(sample('--n', '0'), /--n must be a positive integer; got 0/),
      expectOneLineError(sample('--sampler', 'ddpm', '--eta', '0.5'), /--eta goes with --sampler ddim; got --sampler ddpm/),
      expectOneLineError(sample('--output', dir), /--output must name a file, not the directory/),
      expectOneLineError(['sample', '--checkpoint', join(dir, 'nothing'), '--prompt', 'a 7'], /no model directory at .*nothing/),
      expectOneLineError(['sample', '--checkpoint', truncated, '--prompt', 'a 7'], /truncated\/model\.safetensors: truncated: the header is \d+ bytes but only 1992 bytes follow its length/),
      expectOneLineError(['train', '--model', 'unet'], /Argument: model, Given: "unet", Choices: "dimba", "dit", "dim"/),
      expectOneLineError(['train', '--hidden', '30', '--preset', 'tiny'], /--hidden must be a positive multiple of 4 .*; got 30/),
      expectOneLineError(['train', '--data', 'folder'], /--data folder needs --images <folder>/),
      expectOneLineError(['train', '--data', 'mnist', '--resolution', '32'], /--resolution applies to --data shapes, digits, folder; mnist images are 28×28/),
      expectOneLineError(['train', '--model', 'dimba', ...TINY_DIGITS, '--depth', '1', '--steps', '1', '--checkpoint', resumeTarget], /--checkpoint: .* holds the training run of a dimba, hidden 32, depth 2, .* not of this dimba, hidden 32, depth 1/),
      expectOneLineError(['eval', '--checkpoint', folderModel], /was trained on the image folder .*pictures: prompt accuracy and the Fréchet distance need a labelled dataset/),
    ]);
    expect(existsSync(join(dir, 'nothing'))).toBe(false);
  });
});
