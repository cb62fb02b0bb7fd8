import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runCli } from '@hybridssm/harness';
import { beforeAll, describe, expect, it } from 'vitest';

const CLI = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const run = (args: string[]) => runCli(CLI, args, ROOT);
const dir = mkdtempSync(join(tmpdir(), 'lm-cli-'));
const model = join(dir, 'model');

/** The command failed with exit code 1 and one error line matching `message`. */
async function expectOneLineError(args: string[], message: RegExp): Promise<void> {
  const result = await run(args);
  expect(result.code, `${args.join(' ')}\n${result.stderr}`).toBe(1);
  const errors = result.stderr.trim().split('\n').filter((line) => line.startsWith('hybridssm-lm:'));
  expect(errors, result.stderr).toHaveLength(1);
  expect(errors[0]).toMatch(message);
}

describe('hybridssm-lm CLI', () => {
  beforeAll(async () => {
    const trained = await run(['train', '--task', 'mqar', '--preset', 'tiny', '--steps', '2', '--eval-every', '2', '--checkpoint', model, '--quiet']);
    expect(trained.code, trained.stderr).toBe(0);
  });

  it('trains on a task, then evaluates and generates from the saved directory', async () => {
    const evaluated = await run(['eval', '--checkpoint', model, '--windows', '8']);
    expect(evaluated.code, evaluated.stderr).toBe(0);
    expect(evaluated.stdout).toMatch(/mqar \(20 tokens\): answer accuracy \d\.\d{4}/);
    const generated = await run(['generate', '--checkpoint', model, '--temperature', '0']);
    expect(generated.code, generated.stderr).toBe(0);
    expect(generated.stdout).toMatch(/⟶ .+\(expected .+\)/);
  });

  it('trains on any text file and streams a continuation of a prompt', async () => {
    const corpus = join(dir, 'corpus.txt');
    writeFileSync(corpus, 'to be or not to be, that is the question. '.repeat(40));
    const textModel = join(dir, 'text');
    const trained = await run(['train', '--corpus', corpus, '--tokenizer', 'char', '--preset', 'tiny', '--steps', '2', '--seq-len', '16', '--batch-size', '2', '--eval-every', '2', '--checkpoint', textModel, '--quiet']);
    expect(trained.code, trained.stderr).toBe(0);
    expect(JSON.parse(readFileSync(join(textModel, 'tokenizer.json'), 'utf8')).kind).toBe('char');
    const generated = await run(['generate', '--checkpoint', textModel, '--prompt', 'to be', '--max-new-tokens', '5']);
    expect(generated.code, generated.stderr).toBe(0);
    expect(generated.stdout.startsWith('to be')).toBe(true);
    expect(generated.stderr).toMatch(/5 tokens after a 5-token prompt/);
  });

  it('rejects bad input with one clear line and exit code 1', async () => {
    const empty = join(dir, 'empty.txt');
    writeFileSync(empty, '');
    const binary = join(dir, 'binary.bin');
    writeFileSync(binary, Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 0, 1, 2]));
    const truncated = join(dir, 'truncated');
    mkdirSync(truncated);
    writeFileSync(join(truncated, 'model.safetensors'), readFileSync(join(model, 'model.safetensors')).subarray(0, 100));
    await expectOneLineError(['train', '--task', 'mqar', '--preset', 'huge'], /preset.*huge.*Choices: "tiny", "mini", "small", "base"/);
    await expectOneLineError(['train', '--task', 'mqar', '--pattern', 'M-x', '--checkpoint', join(dir, 'x')], /unknown layer character 'x' at position 2 of "M-x"/);
    await expectOneLineError(['train', '--corpus', empty, '--checkpoint', join(dir, 'x')], /corpus: .*empty\.txt is empty \(0 bytes\)/);
    await expectOneLineError(['train', '--corpus', join(dir, 'missing.txt'), '--checkpoint', join(dir, 'x')], /missing\.txt/);
    await expectOneLineError(['train', '--corpus', binary, '--checkpoint', join(dir, 'x')], /binary\.bin looks binary/);
    await expectOneLineError(['generate', '--checkpoint', join(dir, 'nothing')], /no model directory at .*nothing/);
    await expectOneLineError(['generate', '--checkpoint', truncated], /truncated/);
    await expectOneLineError(['generate', '--checkpoint', model, '--top-p', '2'], /top-p must be in \(0, 1\]; got 2/);
    await expectOneLineError(['generate', '--checkpoint', model, '--temperature', '-1'], /temperature must be a number ≥ 0 \(0 = greedy\); got -1/);
  });

  it('demo trains on associative recall and generates through the caches', async () => {
    const demo = await run(['demo', '--steps', '4', '--quiet', '--backend', 'wasm']);
    expect(demo.code, demo.stderr).toBe(0);
    expect(demo.stdout).toMatch(/training loss: step 1 \d\.\d{3} → .* → step 4 \d\.\d{3}/);
    expect(demo.stdout).toMatch(/recall accuracy on 256 held-out sequences: .*% before training, .*% after \(chance: 6\.3%\)/);
    expect(demo.stdout.match(/^ {2}([a-p]→[A-P] ){5}[a-p]→[A-P] \| [a-p]\? → [A-P] \(expected [A-P]; step vs full forward: .* relative\)$/gm)).toHaveLength(3);
    await expectOneLineError(['demo', '--steps', '0'], /--steps must be a positive integer; got 0/);
  });

  it('rejects a prompt longer than the model allows', async () => {
    const corpus = join(dir, 'short.txt');
    writeFileSync(corpus, 'abcdefgh'.repeat(20));
    const textModel = join(dir, 'short');
    const trained = await run(['train', '--corpus', corpus, '--preset', 'tiny', '--steps', '1', '--seq-len', '8', '--batch-size', '1', '--eval-every', '1', '--max-seq-len', '16', '--checkpoint', textModel, '--quiet']);
    expect(trained.code, trained.stderr).toBe(0);
    await expectOneLineError(['generate', '--checkpoint', textModel, '--prompt', 'x'.repeat(20), '--max-new-tokens', '1'], /prompt of 20 tokens \+ 1 new tokens exceeds the model's maximum sequence length of 16/);
  });
});
