import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Rng } from '@hybridssm/core';
import { runCli } from '@hybridssm/harness';
import { formatPcd, sampleShapeSurface, writePcd, writePly } from '@hybridssm/pointcloud';
import { beforeAll, describe, expect, it } from 'vitest';

const CLI = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const run = (args: string[]) => runCli(CLI, args, ROOT);
const dir = mkdtempSync(join(tmpdir(), 'pointcloud-cli-'));
const model = join(dir, 'model');
const torus = { points: sampleShapeSurface('torus', 300, new Rng(3)), count: 300 };

/** The command failed with exit code 1 and exactly one line on stderr, the app's error matching `message`. */
async function expectOneLineError(args: string[], message: RegExp): Promise<void> {
  const result = await run(args);
  expect(result.code, `${args.join(' ')}\n${result.stderr}`).toBe(1);
  const lines = result.stderr.trim().split('\n');
  expect(lines, result.stderr).toHaveLength(1);
  expect(lines[0]).toMatch(/^hybridssm-pointcloud: /);
  expect(lines[0]).toMatch(message);
}

/** Width and height from a PNG's IHDR chunk. */
function pngSize(path: string): [number, number] {
  const bytes = readFileSync(path);
  expect(bytes.subarray(1, 4).toString('latin1')).toBe('PNG');
  return [bytes.readUInt32BE(16), bytes.readUInt32BE(20)];
}

describe('hybridssm-pointcloud CLI', () => {
  beforeAll(async () => {
    // a tiny PoinTramba (the smoke scale: 16 groups × 8 of 256 points) on 16 generated shapes, 2 updates
    const trained = await run(['train', '--model', 'pointramba', '--data', 'synthetic', '--scale-config', 'smoke', '--epochs', '1', '--batch', '8', '--per-class', '2', '--test-per-class', '1', '--checkpoint', model, '--quiet']);
    expect(trained.code, trained.stderr).toBe(0);
    expect(trained.stdout).toMatch(/pointramba: [\d,]+ parameters, 256 points, 16 groups × 8; synthetic: 16 training and 8 test clouds of 8 classes/);
    expect(trained.stdout).toMatch(/trained 2 updates: loss \d+\.\d{4}; test OA \d+\.\d%, mAcc \d+\.\d%; saved .*model\.safetensors/);
  });

  it('--help lists the own commands beside the shared ones', async () => {
    const help = await run(['--help']);
    expect(help.code).toBe(0);
    for (const command of ['train', 'eval', 'predict <file>', 'reproduce', 'list']) expect(help.stdout).toContain(`hybridssm-pointcloud ${command}`);
  });

  it('evaluates the saved model with votes and prints the confusion matrix', async () => {
    const evaluated = await run(['eval', '--checkpoint', model, '--votes', '2', '--quiet']);
    expect(evaluated.code, evaluated.stderr).toBe(0);
    expect(evaluated.stdout).toMatch(/pointramba on synthetic test \(8 clouds, 2 votes\): OA \d+\.\d\d%, mAcc \d+\.\d\d%/);
    expect(evaluated.stdout).toContain('| true \\ predicted | sphere | cube |');
  });

  it('predicts a file: the top three classes with probabilities, and a PNG in the default place', async () => {
    const file = join(dir, 'torus.ply');
    writePly(file, torus, 'binary_little_endian');
    const out = join(dir, 'results');
    const predicted = await run(['predict', file, '--checkpoint', model, '--out', out]);
    expect(predicted.code, predicted.stderr).toBe(0);
    expect(predicted.stdout).toContain(`${file}: 300 points, 256 read by pointramba`);
    const lines = predicted.stdout.split('\n').filter((line) => /^ {2}\d\. /.test(line));
    expect(lines).toHaveLength(3);
    const probabilities = lines.map((line) => Number(/(\d+\.\d)%$/.exec(line)?.[1]));
    expect(probabilities).toEqual([...probabilities].sort((a, b) => b - a));
    const png = join(out, 'pointcloud', 'predictions', 'torus.png');
    expect(predicted.stdout).toContain(`wrote ${png}`);
    expect(pngSize(png)).toEqual([512, 512]);

    const chosen = join(dir, 'pictures', 'mine.png');
    const again = await run(['predict', file, '--checkpoint', model, '--png', chosen, '--votes', '2', '--top', '1']);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout.split('\n').filter((line) => /^ {2}\d\. /.test(line))).toHaveLength(1);
    expect(existsSync(chosen)).toBe(true);
  });

  it('rejects bad clouds, a missing checkpoint and an unknown model setting with one line and exit code 1', async () => {
    const path = (name: string) => join(dir, name);
    writeFileSync(path('truncated.pcd'), formatPcd(torus, 'binary').subarray(0, 1000));
    writePcd(path('empty.pcd'), { points: new Float32Array(0), count: 0 }, 'ascii');
    const nan = Float32Array.from(torus.points);
    nan[31] = Number.NaN;
    writePcd(path('nan.pcd'), { points: nan, count: torus.count }, 'ascii');
    writePcd(path('few.pcd'), { points: torus.points.subarray(0, 15), count: 5 }, 'binary');
    const predict = (file: string, ...rest: string[]) => ['predict', file, '--checkpoint', model, ...rest];
    await Promise.all([
      expectOneLineError(predict(path('truncated.pcd')), /truncated\.pcd: truncated: header says 300 points × 12 bytes/),
      expectOneLineError(predict(path('empty.pcd')), /empty\.pcd: the cloud is empty \(0 points\)/),
      expectOneLineError(predict(path('nan.pcd')), /nan\.pcd: point 10: y is NaN/),
      expectOneLineError(predict(path('few.pcd')), /few\.pcd: 5 points, fewer than the 16 the model needs \(16 groups of 8 points\)/),
      expectOneLineError(predict(path('missing.pcd')), /missing\.pcd: no such file/),
      expectOneLineError(predict(path('cloud.xyz')), /cloud\.xyz: unknown extension '\.xyz'; expected a point cloud file, one of \.pcd, \.off, \.ply/),
      expectOneLineError(['predict', path('nan.pcd'), '--checkpoint', path('nothing')], /no model directory at .*nothing/),
      expectOneLineError(['train', '--model', 'pointnet', '--model-option', 'width=3'], /--model-option: pointnet has no setting 'width'; its settings are pointMlp, headMlp, dropout, npoints/),
    ]);
  });
});
