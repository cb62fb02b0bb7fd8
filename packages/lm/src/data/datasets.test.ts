import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LM_DATASETS, resolveCorpus } from './datasets.js';

const dir = mkdtempSync(join(tmpdir(), 'lm-datasets-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('LM dataset catalogue', () => {
  it('lists Tiny Shakespeare with its url, size and checksum', () => {
    expect(LM_DATASETS.map((entry) => [entry.name, entry.file, entry.bytes, entry.md5])).toEqual([
      ['tinyshakespeare', 'tinyshakespeare/input.txt', 1_115_394, '6fb458f1232090904fb40fe944165e91'],
    ]);
    expect(LM_DATASETS[0]?.url).toBe('https://raw.githubusercontent.com/karpathy/char-rnn/master/data/tinyshakespeare/input.txt');
  });
});

describe('resolveCorpus', () => {
  it('returns an existing file path as given', () => {
    const path = join(dir, 'my-corpus.txt');
    writeFileSync(path, 'text\n');
    expect(resolveCorpus(path, join(dir, 'elsewhere'))).toBe(path);
  });

  it("resolves a dataset name to its file under the data directory, and says how to fetch it when it's missing", () => {
    const dataDir = join(dir, 'data');
    const file = join(dataDir, 'tinyshakespeare', 'input.txt');
    expect(() => resolveCorpus('tinyshakespeare', dataDir)).toThrow(
      `dataset tinyshakespeare not found at ${file}; run \`pnpm hybridssm lm fetch tinyshakespeare\` or pass --data-dir`,
    );
    mkdirSync(join(dataDir, 'tinyshakespeare'), { recursive: true });
    writeFileSync(file, 'First Citizen:\n');
    expect(resolveCorpus('TinyShakespeare', dataDir)).toBe(file);
  });

  it('lists the known datasets for a name that is neither a file nor a dataset', () => {
    expect(() => resolveCorpus('wikitext', dir)).toThrow(
      "corpus: 'wikitext' is neither a file nor a known dataset; known datasets: tinyshakespeare",
    );
  });
});
