import { ArgumentError, Rng, initBackend } from '@hybridssm/core';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { diffusionLoss } from '../diffusion/training-loss.js';
import { backboneConfig } from '../models/backbone-config.js';
import { textToImageConfig } from './text-to-image-config.js';
import { TextToImageModel } from './text-to-image-model.js';

const CAPTIONS = ['a seven', '', '一只猫', 'x'.repeat(10_000)];

/** Puts small random values in every all-zero parameter (zero-initialised outputs and gates), so the model's output depends on its inputs. */
function perturbZeroParameters(model: TextToImageModel, rng: Rng): void {
  for (const variable of model.parameters().values()) {
    if (tf.tidy(() => tf.max(tf.abs(variable)).dataSync()[0]) === 0) variable.assign(tf.tidy(() => rng.normalTensor(variable.shape, 0.1)));
  }
}

const scalar = (loss: tf.Scalar): number => {
  const value = loss.dataSync()[0] as number;
  loss.dispose();
  return value;
};

describe('TextToImageModel', () => {
  let model: TextToImageModel;
  let images: tf.Tensor;
  beforeAll(async () => {
    await initBackend('wasm');
    const rng = new Rng(1);
    model = new TextToImageModel(textToImageConfig({ backbone: backboneConfig({ kind: 'dimba', preset: 'tiny' }), textLayers: 1, diffusionSteps: 50 }), rng);
    perturbZeroParameters(model, rng);
    images = tf.tidy(() => tf.clipByValue(rng.normalTensor([CAPTIONS.length, 8, 8, 1], 0.5), -1, 1));
  });
  afterAll(() => {
    model.dispose();
    images.dispose();
  });

  it('holds the backbone and the text encoder as children, both trained', () => {
    const names = [...model.parameters().keys()];
    expect(names.some((name) => name.startsWith('backbone.blocks.0.'))).toBe(true);
    expect(names.some((name) => name.startsWith('backbone.mamba_blocks.0.'))).toBe(true);
    expect(names).toContain('backbone.y_embedder.y_embedding');
    expect(names).toContain('text_encoder.embedding.weight');
  });

  it('condition dropout: probability 1 is the loss with the null caption, 0 the loss with the captions; rng draws the dropout first', () => {
    const reference = (text: 'null' | 'captions') => {
      const rng = new Rng(7);
      CAPTIONS.forEach(() => rng.uniform());
      return tf.tidy(() => {
        const condition = text === 'null' ? model.backbone.captionEmbedder.nullCaption(CAPTIONS.length) : model.textEncoder.encode(CAPTIONS);
        return scalar(diffusionLoss({ schedule: model.schedule, denoise: model.backbone.denoiser(condition), x0: images, rng }));
      });
    };
    const before = tf.memory().numTensors;
    const dropped = scalar(model.loss(images, CAPTIONS, new Rng(7), { dropProbability: 1 }));
    const kept = scalar(model.loss(images, CAPTIONS, new Rng(7), { dropProbability: 0 }));
    expect(tf.memory().numTensors).toBe(before);
    expect(dropped).toBeCloseTo(reference('null'), 6);
    expect(kept).toBeCloseTo(reference('captions'), 6);
    expect(dropped).not.toBeCloseTo(kept, 4);
    // with every caption dropped, the captions do not matter
    expect(scalar(model.loss(images, ['1', '2', '3', '4'], new Rng(7), { dropProbability: 1 }))).toBeCloseTo(dropped, 6);
  });

  it('gives gradients to the null caption only when captions are dropped', () => {
    const parameters = model.parameters();
    const nullCaption = parameters.get('backbone.y_embedder.y_embedding') as tf.Variable;
    const patchEmbedding = parameters.get('backbone.x_embedder.weight') as tf.Variable;
    const gradientNorm = (dropProbability: number) =>
      tf.tidy(() => {
        const { grads } = tf.variableGrads(() => model.loss(images, CAPTIONS, new Rng(3), { dropProbability }), [nullCaption, patchEmbedding]);
        const grad = grads[nullCaption.name];
        return grad === undefined ? 0 : (tf.norm(grad).dataSync()[0] as number);
      });
    expect(gradientNorm(0)).toBe(0);
    expect(gradientNorm(1)).toBeGreaterThan(0);
  });

  it('denoiserFor: guidance s is ε_u + s (ε_c − ε_u) against the null caption; 1 is the conditional denoiser; no leaks', () => {
    const t = [3, 10, 25, 49];
    const before = tf.memory().numTensors;
    const [conditional, unconditional] = tf.tidy(() => [
      model.backbone.denoiser(model.textEncoder.encode(CAPTIONS))(images, t),
      model.backbone.denoiser(model.backbone.captionEmbedder.nullCaption(CAPTIONS.length))(images, t),
    ]) as [tf.Tensor, tf.Tensor];
    for (const scale of [0, 1, 4.5]) {
      const guided = model.denoiserFor(CAPTIONS, scale);
      const output = guided.denoise(images, t);
      guided.dispose();
      const expected = tf.tidy(() => tf.add(unconditional, tf.mul(scale, tf.sub(conditional, unconditional))));
      const [got, want] = [Array.from(output.dataSync()), Array.from(expected.dataSync())];
      if (scale === 1) expect(got).toEqual(Array.from(conditional.dataSync()));
      got.forEach((value, i) => expect(value).toBeCloseTo(want[i] as number, 5));
      tf.dispose([output, expected]);
    }
    expect(tf.tidy(() => tf.max(tf.abs(tf.sub(conditional, unconditional))).dataSync()[0])).toBeGreaterThan(1e-4);
    tf.dispose([conditional, unconditional]);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('rejects inconsistent configs, mismatched captions and bad probabilities, naming the argument', () => {
    const backbone = backboneConfig({ kind: 'dit', preset: 'tiny' });
    const config = textToImageConfig({ backbone });
    expect(() => new TextToImageModel({ ...config, textEncoder: { ...config.textEncoder, dim: 32 } }, new Rng(1))).toThrow(/'textEncoder.dim' must be backbone.textDim = 16/);
    expect(() => textToImageConfig({ backbone: { ...backbone, channels: 2 } })).toThrow(/'backbone.channels' must be 1 \(grey\) or 3/);
    expect(() => textToImageConfig({ backbone, prediction: 'x0' as 'v' })).toThrow(ArgumentError);
    expect(() => model.loss(images, ['one'], new Rng(1))).toThrow(/1 captions for 4 images/);
    expect(() => model.loss(images, CAPTIONS, new Rng(1), { dropProbability: 1.5 })).toThrow(/'dropProbability' must be a number in \[0, 1\]/);
    expect(() => model.denoiserFor(CAPTIONS, Number.NaN)).toThrow(/'guidance' must be a finite number ≥ 0/);
  });
});
