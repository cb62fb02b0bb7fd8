import { initBackend } from '@hybridssm/core';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { farthestPointSampling } from './fps.js';
import { gatherPoints } from './group-points.js';
import { kNearestNeighbours } from './knn.js';
import { randomCloudBatch } from './random-clouds.js';
import { farthestPointSamplingTf, kNearestNeighboursTf } from './tfjs-reference.js';

describe('tfjs reference formulations', () => {
  beforeAll(() => initBackend('cpu'));

  it('FPS over the pairwise matrix picks what the kernel picks, and frees its tensors', () => {
    const clouds = randomCloudBatch(81, 2, 150);
    const before = tf.memory().numTensors;
    expect(farthestPointSamplingTf(clouds, 32)).toEqual(farthestPointSampling(clouds, 32));
    expect(tf.memory().numTensors).toBe(before);
  });

  it('kNN by topk over pairwise distances finds what the kernel finds', () => {
    const clouds = randomCloudBatch(82, 2, 180);
    const centres = gatherPoints(clouds, farthestPointSampling(clouds, 24));
    const before = tf.memory().numTensors;
    expect(kNearestNeighboursTf(clouds, centres, 10)).toEqual(kNearestNeighbours(clouds, centres, 10));
    expect(tf.memory().numTensors).toBe(before);
  });

  it('checks its arguments like the kernels', () => {
    expect(() => farthestPointSamplingTf(randomCloudBatch(1, 1, 10), 11)).toThrow(
      "farthestPointSamplingTf: 'count' must be ≤ the cloud's 10 points; got 11",
    );
  });
});
