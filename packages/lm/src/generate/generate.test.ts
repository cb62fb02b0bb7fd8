import * as tf from '@tensorflow/tfjs';
import { Rng, initBackend } from '@hybridssm/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { LanguageModel } from '../models/language-model.js';
import { lmConfig } from '../models/lm-config.js';
import { generateTokens } from './generate.js';
import { sampleToken } from './sampling.js';

const VOCAB = 17;

async function collect(tokens: AsyncGenerator<number>): Promise<number[]> {
  const out: number[] = [];
  for await (const token of tokens) out.push(token);
  return out;
}

describe('generateTokens', () => {
  beforeAll(() => initBackend('wasm'));

  it('greedy generation equals repeated argmax of the full forward, without leaks', async () => {
    const before = tf.memory().numTensors;
    const model = new LanguageModel(lmConfig({ preset: 'tiny', architecture: 'mamba2-hybrid', vocabSize: VOCAB, maxSeqLen: 32 }), new Rng(5));
    const prompt = [3, 1, 4, 1, 5];
    const generated = await collect(generateTokens(model, prompt, { maxNewTokens: 6, temperature: 0, prefillChunk: 2 }));
    const expected = [...prompt];
    for (let i = 0; i < 6; i++) {
      const next = tf.tidy(() => tf.argMax(tf.squeeze(tf.slice(model.apply(tf.tensor2d([expected], [1, expected.length], 'int32')), [0, expected.length - 1, 0], [1, 1, VOCAB])), -1));
      expected.push(next.dataSync()[0] as number);
      next.dispose();
    }
    expect(generated).toEqual(expected.slice(prompt.length));
    model.dispose(); // with the weights it keeps transposed for decoding
    expect(tf.memory().numTensors).toBe(before);
  });

  it('rejects bad sampling options and a prompt over the maximum length, naming them', async () => {
    const model = new LanguageModel(lmConfig({ preset: 'tiny', architecture: 'mamba2', vocabSize: VOCAB, maxSeqLen: 8 }), new Rng(5));
    await expect(collect(generateTokens(model, [1, 2], { maxNewTokens: 2, topP: 2 }))).rejects.toThrow(/top-p must be in \(0, 1\]; got 2/);
    await expect(collect(generateTokens(model, [1, 2], { maxNewTokens: 2, temperature: -1 }))).rejects.toThrow(/temperature must be a number ≥ 0 \(0 = greedy\); got -1/);
    await expect(collect(generateTokens(model, [1, 2, 3, 4, 5, 6], { maxNewTokens: 3 }))).rejects.toThrow(/prompt of 6 tokens \+ 3 new tokens exceeds the model's maximum sequence length of 8/);
    await expect(collect(generateTokens(model, [99], { maxNewTokens: 1 }))).rejects.toThrow(/prompt token 99 is outside the vocabulary \[0, 17\)/);
    model.dispose();
  });
});

describe('sampleToken', () => {
  const logits = [0, 3, 1, 2.5, -1];

  it('is the argmax at temperature 0 and stays within the top k', () => {
    const rng = new Rng(1);
    expect(sampleToken(logits, { temperature: 0 }, rng)).toBe(1);
    for (let i = 0; i < 200; i++) expect([1, 3]).toContain(sampleToken(logits, { temperature: 1, topK: 2 }, rng));
  });

  it('keeps only the nucleus under top-p and follows the softmax otherwise', () => {
    const rng = new Rng(2);
    // p(1) = 0.55 of the full softmax: top-p 0.5 keeps token 1 alone
    for (let i = 0; i < 100; i++) expect(sampleToken(logits, { temperature: 1, topP: 0.5 }, rng)).toBe(1);
    const counts = new Array<number>(logits.length).fill(0);
    for (let i = 0; i < 4000; i++) counts[sampleToken(logits, { temperature: 1 }, rng)]! += 1;
    const z = logits.reduce((s, l) => s + Math.exp(l), 0);
    logits.forEach((l, i) => expect(Math.abs((counts[i] as number) / 4000 - Math.exp(l) / z)).toBeLessThan(0.03));
  });
});
