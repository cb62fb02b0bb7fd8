import * as tf from '@tensorflow/tfjs';
import { checkPointCloudBatch, checkPositiveInteger, checkSameBatch, fail, type PointCloudBatch } from './point-cloud-batch.js';

// The straightforward TensorFlow.js formulations of FPS and kNN, over full pairwise-distance matrices
// (‖a‖² + ‖b‖² − 2a·b, as PointNet++'s square_distance) in float32 on the current backend. They exist to
// check the kernels' answers and to time them against; O(n²) memory, so keep n modest.

/** [b, p, 3] × [b, q, 3] → squared distances [b, p, q]. */
function squaredDistances(a: tf.Tensor3D, b: tf.Tensor3D): tf.Tensor3D {
  const aa = a.square().sum(2).expandDims(2);
  const bb = b.square().sum(2).expandDims(1);
  return aa.add(bb).sub(tf.matMul(a, b, false, true).mul(2)) as tf.Tensor3D;
}

function cloudTensor(clouds: PointCloudBatch): tf.Tensor3D {
  return tf.tensor3d(clouds.points, [clouds.batch, clouds.count, 3]);
}

/** Farthest point sampling from index 0 as a loop of argMax/gather/minimum over the pairwise matrix. */
export function farthestPointSamplingTf(clouds: PointCloudBatch, count: number): Int32Array {
  const op = 'farthestPointSamplingTf';
  checkPointCloudBatch(op, 'clouds', clouds);
  checkPositiveInteger(op, 'count', count);
  if (count > clouds.count) fail(op, `'count' must be ≤ the cloud's ${clouds.count} points; got ${count}`);
  const { batch } = clouds;
  const distances = tf.tidy(() => {
    const xyz = cloudTensor(clouds);
    return squaredDistances(xyz, xyz);
  });
  let last = tf.zeros([batch], 'int32');
  let minDistance = tf.fill([batch, clouds.count], Infinity);
  const picks: tf.Tensor[] = [last];
  for (let s = 1; s < count; s++) {
    const [next, nearer] = tf.tidy(() => {
      const fromLast = tf.gather(distances, last.expandDims(1), 1, 1).reshape([batch, clouds.count]);
      const updated = tf.minimum(minDistance, fromLast);
      return [tf.argMax(updated, 1), updated];
    });
    minDistance.dispose();
    minDistance = nearer;
    last = next;
    picks.push(next);
  }
  const picked = tf.tidy(() => tf.stack(picks, 1));
  const indices = picked.dataSync() as Int32Array;
  tf.dispose([distances, minDistance, picked, ...picks]);
  return Int32Array.from(indices);
}

/** k nearest neighbours as tf.topk over negated pairwise distances; indices [b, m, k], nearest first. */
export function kNearestNeighboursTf(clouds: PointCloudBatch, centres: PointCloudBatch, k: number): Int32Array {
  const op = 'kNearestNeighboursTf';
  checkPointCloudBatch(op, 'clouds', clouds);
  checkPointCloudBatch(op, 'centres', centres);
  checkSameBatch(op, clouds, 'centres', centres);
  checkPositiveInteger(op, 'k', k);
  if (k > clouds.count) fail(op, `'k' must be ≤ the cloud's ${clouds.count} points; got ${k}`);
  const indices = tf.tidy(() => tf.topk(squaredDistances(cloudTensor(centres), cloudTensor(clouds)).neg(), k).indices);
  const values = Int32Array.from(indices.dataSync());
  indices.dispose();
  return values;
}
