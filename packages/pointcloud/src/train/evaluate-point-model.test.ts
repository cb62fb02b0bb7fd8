import * as tf from '@tensorflow/tfjs';
import { Rng, initBackend } from '@hybridssm/core';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { sampleShapeSurface } from '../data/shape-surfaces.js';
import { syntheticShapes } from '../data/synthetic-shapes.js';
import { buildPointModel } from '../models/classifier.js';
import { predictCloud } from '../predict/predict-cloud.js';
import { evaluatePointModel, voteLogits } from './evaluate-point-model.js';

const clouds = syntheticShapes({ perClass: 3, points: 64, noise: 0.01, seed: 3, classes: ['sphere', 'cube'] }).clouds;
const tinyPointNet = () => buildPointModel('pointnet', { pointMlp: [8, 16], headMlp: [8], npoints: 64 }, 2, new Rng(1));
const tinyRamba = () => buildPointModel('pointramba', { transDim: 32, depth: 1, attentionDepth: 1, attentionNumHeads: 2, dState: 4, numGroups: 8, groupSize: 8, npoints: 64 }, 2, new Rng(1));

/**
 * webgpu in Node: a synchronous read fails (it goes through OffscreenCanvas, which Node lacks). Core's
 * finite-argument check still reads here, as on wasm; on webgpu it skips itself (canReadSync).
 */
function forbidSyncReads() {
  const dataSync = tf.Tensor.prototype.dataSync;
  const refused: string[] = [];
  vi.spyOn(tf.Tensor.prototype, 'dataSync').mockImplementation(function (this: tf.Tensor) {
    const stack = new Error().stack ?? '';
    if (/ArgChecker\.finite|arg-checker/.test(stack)) return dataSync.call(this);
    refused.push(stack);
    throw new ReferenceError('OffscreenCanvas is not defined');
  } as typeof dataSync);
  return refused;
}

describe('evaluatePointModel / voteLogits / predictCloud without synchronous reads (as on webgpu in Node)', () => {
  beforeAll(() => initBackend('wasm'));
  afterEach(() => vi.restoreAllMocks());

  it('evaluate with votes and predict read back asynchronously: same results as with dataSync allowed, no leaks, mode restored', async () => {
    const model = tinyRamba();
    const cloud = { points: sampleShapeSurface('torus', 100, new Rng(2)), count: 100 };
    const options = { numClasses: 2, batch: 4, votes: 2, seed: 5 };
    const logitsAllowed = Array.from(await voteLogits(model, clouds, options));
    const predictedAllowed = await predictCloud(model, cloud, ['sphere', 'cube'], { votes: 2 });
    const refused = forbidSyncReads();
    model.setTraining(true);
    const before = tf.memory().numTensors;
    const progress: number[] = [];
    expect(Array.from(await voteLogits(model, clouds, { ...options, onProgress: (done) => progress.push(done) }))).toEqual(logitsAllowed);
    expect(progress).toEqual([1, 2, 3, 4]);
    const metrics = await evaluatePointModel(model, clouds, options);
    expect(metrics.count).toBe(clouds.length);
    const predicted = await predictCloud(model, cloud, ['sphere', 'cube'], { votes: 2 });
    expect(Array.from(predicted.probabilities)).toEqual(Array.from(predictedAllowed.probabilities));
    expect(predicted.importance?.scores).toHaveLength(8);
    expect(tf.memory().numTensors).toBe(before);
    expect(model.training).toBe(true);
    expect(refused).toEqual([]);
    model.dispose();
  });

  it('a failed read still disposes the logits and restores the mode; bad votes reject with the same message', async () => {
    const model = tinyPointNet();
    await voteLogits(model, clouds, { numClasses: 2 }); // warm-up: kernels may cache constants on first use
    model.setTraining(true);
    const before = tf.memory().numTensors;
    vi.spyOn(tf.Tensor.prototype, 'data').mockRejectedValue(new Error('read failed'));
    await expect(evaluatePointModel(model, clouds, { numClasses: 2 })).rejects.toThrow('read failed');
    expect(tf.memory().numTensors).toBe(before);
    expect(model.training).toBe(true);
    vi.restoreAllMocks();
    await expect(evaluatePointModel(model, clouds, { numClasses: 2, votes: 0 })).rejects.toThrow('evaluate: votes must be a positive integer; got 0');
    model.dispose();
  });
});
