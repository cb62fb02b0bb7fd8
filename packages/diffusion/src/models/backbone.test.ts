import { ArgumentError, Rng, countParameters, initBackend } from '@hybridssm/core';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { DiffusionBackbone } from './backbone.js';
import { BACKBONE_KINDS, backboneConfig } from './backbone-config.js';
import type { BackboneConfig, BackboneKind } from './backbone-config.js';
import { ByteTextEncoder } from './byte-text-encoder.js';
import { backboneParameterCount } from './parameter-count.js';
import type { TextConditioning } from './text-encoder.js';

const tiny = (kind: BackboneKind, overrides: Partial<BackboneConfig> = {}) => backboneConfig({ kind, preset: 'tiny', ...overrides });

function randomText(b: number, length: number, dim: number, rng: Rng): TextConditioning {
  return tf.tidy(() => ({
    tokens: rng.normalTensor([b, length, dim]),
    mask: tf.tensor2d(Array.from({ length: b }, (_, i) => Array.from({ length }, (__, j) => (j <= i ? 1 : 0)))),
  }));
}

/** Puts small random values in every all-zero parameter (the zero-initialised outputs and gates), so that every gradient is non-zero. */
function perturbZeroParameters(model: DiffusionBackbone, rng: Rng): void {
  for (const variable of model.parameters().values()) {
    if (tf.tidy(() => tf.max(tf.abs(variable)).dataSync()[0]) === 0) variable.assign(tf.tidy(() => rng.normalTensor(variable.shape, 0.1)));
  }
}

describe('DiffusionBackbone', () => {
  beforeAll(() => initBackend('wasm'));

  it.each(BACKBONE_KINDS)('%s: [b, h, w, c] → [b, h, w, c] at the training and other resolutions, zero at init, no leaks', (kind) => {
    const rng = new Rng(1);
    const model = new DiffusionBackbone(tiny(kind, { channels: 2 }), rng);
    const text = randomText(2, 5, 16, rng);
    const t = tf.tensor1d([3, 700]);
    for (const [h, w] of [[8, 8], [12, 8]] as const) {
      const xt = rng.normalTensor([2, h, w, 2]);
      const before = tf.memory().numTensors;
      const out = model.apply(xt, t, text);
      expect(tf.memory().numTensors).toBe(before + 1);
      expect(out.shape).toEqual([2, h, w, 2]);
      expect(Array.from(out.dataSync()).every((v) => v === 0)).toBe(true);
      tf.dispose([xt, out]);
    }
    perturbZeroParameters(model, rng);
    const xt = rng.normalTensor([2, 16, 16, 2]);
    const out = model.apply(xt, t, text);
    expect(out.shape).toEqual([2, 16, 16, 2]);
    expect(Array.from(out.dataSync()).every(Number.isFinite)).toBe(true);
    expect(tf.tidy(() => tf.max(tf.abs(out)).dataSync()[0])).toBeGreaterThan(0);
    tf.dispose([xt, out, t, text.tokens, text.mask]);
    model.dispose();
  });

  it.each(BACKBONE_KINDS)('%s: gradients reach every parameter of the backbone and the text encoder, finite and non-zero', (kind) => {
    const rng = new Rng(2);
    const model = new DiffusionBackbone(tiny(kind, { textTokens: 6 }), rng);
    const encoder = new ByteTextEncoder({ dim: 16, layers: 1, heads: 2, maxTokens: 6 }, rng);
    perturbZeroParameters(model, rng);
    const xt = rng.normalTensor([2, 8, 8, 1]);
    const target = rng.normalTensor([2, 8, 8, 1]);
    const t = tf.tensor1d([10, 500]);
    const before = tf.memory().numTensors;
    const { value, grads } = tf.variableGrads(() => {
      const text = model.captionEmbedder.dropCaptions(encoder.encode(['a red square', 'zwei']), [false, true]);
      return tf.mean(tf.square(tf.sub(model.apply(xt, t, text), target))) as tf.Scalar;
    });
    const names = [...model.parameters().keys(), ...encoder.parameters().keys()];
    const variables = [...model.parameters().values(), ...encoder.parameters().values()];
    for (const [i, variable] of variables.entries()) {
      const grad = grads[variable.name];
      expect(grad, names[i]).toBeDefined();
      const values = (grad as tf.Tensor).dataSync();
      expect(values.every(Number.isFinite), names[i]).toBe(true);
      expect(values.some((v) => v !== 0), names[i]).toBe(true);
    }
    expect(Object.keys(grads)).toHaveLength(variables.length);
    tf.dispose([value, ...Object.values(grads)]);
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([xt, target, t]);
    model.dispose();
    encoder.dispose();
  });

  it.each([
    ['dimba', {}],
    ['dimba', { mambaRatio: 0.5, depth: 4 }],
    ['dit', {}],
    ['dim', { mamba: { dState: 8, expand: 1 } }],
  ] as const)('%s %j: the closed-form parameter count is the built model\'s', (kind, overrides) => {
    const config = tiny(kind, overrides);
    const model = new DiffusionBackbone(config, new Rng(4));
    expect(backboneParameterCount(config)).toBe(countParameters(model).total);
    model.dispose();
  });

  it("dimba's layout: a Mamba block after every Transformer block at mambaRatio 1, after blocks 1 and 3 at 0.5", () => {
    const names = (config: BackboneConfig) => {
      const model = new DiffusionBackbone(config, new Rng(5));
      const blocks = [...model.namedChildren().keys()].filter((name) => name.includes('blocks'));
      model.dispose();
      return blocks;
    };
    expect(names(tiny('dimba'))).toEqual(['blocks.0', 'mamba_blocks.0', 'blocks.1', 'mamba_blocks.1']);
    expect(names(tiny('dimba', { depth: 4, mambaRatio: 0.5 }))).toEqual(['blocks.0', 'blocks.1', 'mamba_blocks.0', 'blocks.2', 'blocks.3', 'mamba_blocks.1']);
    expect(() => tiny('dimba', { depth: 4, mambaRatio: 0.75 })).toThrow(/argument 'mambaRatio' must be in \[0, 1\] with mambaRatio·depth a divisor of depth=4/);
  });

  it('null captions and condition dropout', () => {
    const rng = new Rng(6);
    const model = new DiffusionBackbone(tiny('dimba', { textTokens: 4 }), rng);
    const text = randomText(3, 4, 16, rng);
    const before = tf.memory().numTensors;
    const nullCaption = model.captionEmbedder.nullCaption(3);
    const dropped = model.captionEmbedder.dropCaptions(text, [true, false, true]);
    expect(tf.memory().numTensors).toBe(before + 4);
    expect(dropped.tokens.shape).toEqual([3, 4, 16]);
    const [droppedRows, nullRows, textRows] = [dropped.tokens, nullCaption.tokens, text.tokens].map((x) => x.arraySync() as number[][][]);
    expect(droppedRows?.[0]).toEqual(nullRows?.[0]);
    expect(droppedRows?.[1]).toEqual(textRows?.[1]);
    expect(dropped.mask.arraySync()).toEqual([[1, 1, 1, 1], [1, 1, 0, 0], [1, 1, 1, 1]]);
    expect(() => model.captionEmbedder.dropCaptions(text, [true])).toThrow(/argument 'text.tokens' must be of shape \[b,L,textDim\] = \[1,4,16\]/);
    tf.dispose([text.tokens, text.mask, nullCaption.tokens, nullCaption.mask, dropped.tokens, dropped.mask]);
    model.dispose();
  });

  it('as a Denoiser: timesteps as numbers', () => {
    const rng = new Rng(7);
    const model = new DiffusionBackbone(tiny('dit'), rng);
    const text = randomText(2, 3, 16, rng);
    const xt = rng.normalTensor([2, 8, 8, 1]);
    const out = model.denoiser(text)(xt, [1, 2]);
    expect(out.shape).toEqual([2, 8, 8, 1]);
    tf.dispose([xt, out, text.tokens, text.mask]);
    model.dispose();
  });

  it('bad shapes: ArgumentError naming the argument, the expected and the actual shape', () => {
    const rng = new Rng(8);
    const model = new DiffusionBackbone(tiny('dim'), rng);
    const text = randomText(2, 3, 16, rng);
    const t = tf.tensor1d([1, 2]);
    const xt = tf.zeros([2, 8, 8, 1]);
    const wrongChannels = tf.zeros([2, 8, 8, 3]);
    const oddSize = tf.zeros([2, 7, 8, 1]);
    const wrongT = tf.zeros([3]);
    const wrongText = tf.zeros([2, 3, 8]);
    const wrongMask = tf.ones([2, 4]);
    expect(() => model.apply(wrongChannels, t, text)).toThrow(ArgumentError);
    expect(() => model.apply(wrongChannels, t, text)).toThrow("DiffusionBackbone: argument 'xt' must be of shape [b,h,w,c] = [b,h,w,1]; got [2,8,8,3]");
    expect(() => model.apply(oddSize, t, text)).toThrow(/divisible by the patch size 2; got height 7, width 8/);
    expect(() => model.apply(xt, wrongT, text)).toThrow("argument 't' must be of shape [b] = [2]; got [3]");
    expect(() => model.apply(xt, t, { ...text, tokens: wrongText })).toThrow("argument 'text.tokens' must be of shape [b,L,textDim] = [2,L,16]; got [2,3,8]");
    expect(() => model.apply(xt, t, { ...text, mask: wrongMask })).toThrow("argument 'text.mask' must be of shape [b,L] = [2,3]; got [2,4]");
    expect(() => tiny('dit', { hidden: 30 })).toThrow("backboneConfig: argument 'hidden' must be a multiple of 4 (2-D position embedding) and of heads=2; got 30");
    expect(() => backboneConfig({ kind: 'unet' as BackboneKind })).toThrow(/argument 'kind' must be one of 'dimba', 'dit', 'dim'/);
    tf.dispose([t, xt, wrongChannels, oddSize, wrongT, wrongText, wrongMask, text.tokens, text.mask]);
    model.dispose();
  });
});
