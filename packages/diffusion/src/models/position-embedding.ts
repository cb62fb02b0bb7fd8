import * as tf from '@tensorflow/tfjs';
import { argumentFailure } from '../diffusion/check-args.js';

const MAX_PERIOD = 10_000;

/**
 * Writes the sin-cos features of one position (MAE's get_1d_sincos_pos_embed_from_grid) into
 * `out[offset…offset+dim)`: [sin(m·ω_0) … sin(m·ω_{k−1}), cos(m·ω_0) … cos(m·ω_{k−1})], k = dim/2,
 * ω_i = 10000^(−i/k); float64.
 */
function writeSinCos(out: Float64Array, offset: number, dim: number, position: number): void {
  const half = dim / 2;
  for (let i = 0; i < half; i++) {
    const angle = position * MAX_PERIOD ** (-i / half);
    out[offset + i] = Math.sin(angle);
    out[offset + half + i] = Math.cos(angle);
  }
}

function requireDimMultiple(op: string, dim: number, multiple: number): void {
  if (!Number.isInteger(dim) || dim < multiple || dim % multiple !== 0) argumentFailure(op, 'dim', `a positive multiple of ${multiple}`, String(dim));
}

function requirePositive(op: string, name: string, value: number, integer: boolean): void {
  if (!(Number.isFinite(value) && value > 0 && (!integer || Number.isInteger(value)))) {
    argumentFailure(op, name, integer ? 'a positive integer' : 'a positive number', String(value));
  }
}

/** Sin-cos position embedding [length, dim] of positions 0 … length−1 (Vaswani et al. 2017, MAE's 1-D form). */
export function positionEmbedding1d(dim: number, length: number): tf.Tensor2D {
  requireDimMultiple('positionEmbedding1d', dim, 2);
  requirePositive('positionEmbedding1d', 'length', length, true);
  const values = new Float64Array(length * dim);
  for (let m = 0; m < length; m++) writeSinCos(values, m * dim, dim, m);
  return tf.tensor2d(Float32Array.from(values), [length, dim]);
}

export interface GridEmbeddingOptions {
  /** the patch grid side the model was trained at (PixArt's base_size = input_size / patch) */
  baseSize: number;
  /** PixArt's pe_interpolation (lewei_scale), default 1 */
  interpolation?: number;
}

/**
 * 2-D sin-cos position embedding [gridHeight·gridWidth, dim] of a patch grid, tokens row-major
 * (MAE/DiT's get_2d_sincos_pos_embed with PixArt-α's resolution scaling): the first dim/2 features
 * embed the column, the last dim/2 the row, at positions j · baseSize / gridWidth / interpolation and
 * i · baseSize / gridHeight / interpolation. Other resolutions thus reuse the trained position range
 * (PE interpolation); at the base grid with interpolation 1 the positions are the indices.
 */
export function positionEmbedding2d(dim: number, gridHeight: number, gridWidth: number, options: GridEmbeddingOptions): tf.Tensor2D {
  const op = 'positionEmbedding2d';
  requireDimMultiple(op, dim, 4);
  requirePositive(op, 'gridHeight', gridHeight, true);
  requirePositive(op, 'gridWidth', gridWidth, true);
  requirePositive(op, 'baseSize', options.baseSize, false);
  const interpolation = options.interpolation ?? 1;
  requirePositive(op, 'interpolation', interpolation, false);
  const half = dim / 2;
  const values = new Float64Array(gridHeight * gridWidth * dim);
  for (let i = 0; i < gridHeight; i++) {
    for (let j = 0; j < gridWidth; j++) {
      const offset = (i * gridWidth + j) * dim;
      writeSinCos(values, offset, half, j / (gridWidth / options.baseSize) / interpolation);
      writeSinCos(values, offset + half, half, i / (gridHeight / options.baseSize) / interpolation);
    }
  }
  return tf.tensor2d(Float32Array.from(values), [gridHeight * gridWidth, dim]);
}
