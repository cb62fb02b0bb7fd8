import * as tf from '@tensorflow/tfjs';
import { Rng, initBackend } from '@hybridssm/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { sampleShapeSurface } from '../data/shape-surfaces.js';
import { buildPointModel } from '../models/classifier.js';
import { predictCloud } from './predict-cloud.js';

const CLASSES = ['sphere', 'cube', 'torus', 'cone'];
const tinyRamba = { transDim: 32, depth: 1, attentionDepth: 1, attentionNumHeads: 2, dState: 4, numGroups: 8, groupSize: 8, npoints: 64 };
const cloudOf = (count: number) => ({ points: sampleShapeSurface('torus', count, new Rng(2)), count });

describe('predictCloud', () => {
  beforeAll(() => initBackend('wasm'));

  it('PoinTramba: top classes with softmax probabilities, the sampled cloud, its groups and their BIO order; no leaks', async () => {
    const model = buildPointModel('pointramba', tinyRamba, CLASSES.length, new Rng(1));
    model.setTraining(true);
    await predictCloud(model, cloudOf(100), CLASSES); // warm-up: kernels may cache constants on first use
    const before = tf.memory().numTensors;
    const prediction = await predictCloud(model, cloudOf(100), CLASSES, { votes: 2 });
    expect(tf.memory().numTensors).toBe(before);
    expect(model.training).toBe(true);

    expect(prediction.top.map((c) => c.name)).toHaveLength(3);
    expect(prediction.top.map((c) => c.probability)).toEqual([...prediction.top.map((c) => c.probability)].sort((a, b) => b - a));
    expect(prediction.top[0]?.probability).toBe(Math.max(...prediction.probabilities));
    expect(prediction.probabilities.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
    expect(prediction.top.every((c) => CLASSES[c.label] === c.name)).toBe(true);

    expect(prediction.sampled.count).toBe(64);
    expect(Math.max(...prediction.sampled.points.map(Math.abs))).toBeLessThanOrEqual(1 + 1e-6);
    expect(prediction.groups?.centres).toHaveLength(8);
    expect(prediction.groups?.neighbours).toHaveLength(64);
    expect(prediction.groups?.size).toBe(8);

    const importance = prediction.importance!;
    expect([...importance.ranks].sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    // BIO: the groups high → low, then low → high
    const highToLow = Array.from(importance.order.subarray(0, 8));
    expect(highToLow.map((g) => importance.ranks[g])).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(Array.from(importance.order.subarray(8))).toEqual([...highToLow].reverse());
    model.dispose();
  });

  it('pads a cloud with fewer points than npoints, and is deterministic', async () => {
    const model = buildPointModel('pointramba', tinyRamba, CLASSES.length, new Rng(1));
    const a = await predictCloud(model, cloudOf(20), CLASSES, { top: 10 });
    const b = await predictCloud(model, cloudOf(20), CLASSES, { top: 10 });
    expect(a.top).toHaveLength(CLASSES.length);
    expect(Array.from(a.probabilities)).toEqual(Array.from(b.probabilities));
    expect(a.sampled.count).toBe(64);
    model.dispose();
  });

  it('PointNet: probabilities, no groups and no importance', async () => {
    const model = buildPointModel('pointnet', { pointMlp: [16, 32], headMlp: [16], npoints: 64 }, CLASSES.length, new Rng(1));
    const prediction = await predictCloud(model, cloudOf(100), CLASSES, { top: 1 });
    expect(prediction.top).toHaveLength(1);
    expect(prediction.groups).toBeUndefined();
    expect(prediction.importance).toBeUndefined();
    model.dispose();
  });

  it('rejects too few points, a wrong class list and bad votes, naming the argument', async () => {
    const model = buildPointModel('pointramba', tinyRamba, CLASSES.length, new Rng(1));
    await expect(predictCloud(model, cloudOf(5), CLASSES)).rejects.toThrow("predictCloud: 'cloud': 5 points, fewer than the 8 the model needs (8 groups of 8 points)");
    await expect(predictCloud(model, cloudOf(100), ['a', 'b'])).rejects.toThrow('predictCloud: 2 class names for a model of 4 classes');
    await expect(predictCloud(model, cloudOf(100), CLASSES, { votes: 0 })).rejects.toThrow("predictCloud: 'votes' must be a positive integer; got 0");
    model.dispose();
  });
});
