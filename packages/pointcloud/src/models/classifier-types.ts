import type * as tf from '@tensorflow/tfjs';
import type { Module } from '@hybridssm/core';

/** Names of the models `buildPointModel` builds. */
export type PointModelName = 'pointramba' | 'pointmamba' | 'point-transformer' | 'pointnet';

/**
 * One batch of clouds, in whichever forms a model reads: the raw cloud `points` [b, n, 3] (PointNet), or
 * the kNN groups `neighborhood` [b, g, k, 3] (points relative to their centre) with their `center`
 * [b, g, 3] (FPS centres), and optionally a precomputed token `order` [b, l] int32 of indices into g
 * (space-filling-curve orders from src/geometry; l may be a multiple of g, e.g. Hilbert ‖ trans-Hilbert).
 */
export interface PointBatch {
  points?: tf.Tensor;
  neighborhood?: tf.Tensor;
  center?: tf.Tensor;
  order?: tf.Tensor;
}

/** What a model's forward returns: logits [b, classes] and, by model, auxiliary tensors (the caller disposes all). */
export interface PointClassifierOutput {
  logits: tf.Tensor;
  /** PoinTramba: the predicted importance score of each group [b, g], in the input order */
  importance?: tf.Tensor;
  [name: string]: tf.Tensor | undefined;
}

/** The loss of a batch: `total` (what is minimised), `ce`, any model-specific terms, and `accuracy` in % (not differentiated). */
export interface PointLossTerms {
  total: tf.Scalar;
  ce: tf.Scalar;
  accuracy: tf.Scalar;
  [name: string]: tf.Scalar;
}

/** Which inputs a model reads, so that a data pipeline computes only those. */
export interface PointInputs {
  /** the raw cloud [b, n, 3] */
  points: boolean;
  /** neighborhood [b, g, k, 3] and center [b, g, 3] */
  groups: boolean;
  /** a precomputed order [b, l]: not read, read when given, or needed */
  order: 'none' | 'optional' | 'required';
}

/** How a model's input clouds are made: points per cloud and, for the group-token models, FPS groups × kNN size. */
export interface PointSampling {
  npoints: number;
  numGroups?: number;
  groupSize?: number;
}

/** The common interface of the point-cloud classifiers. */
export interface PointClassifier {
  readonly modelName: PointModelName;
  /** the model's configuration; its sampling fields tell the data pipeline what to compute */
  readonly config: PointSampling;
  readonly numClasses: number;
  readonly inputs: PointInputs;
  /** Forward pass (training behaviour — BN batch statistics, dropout — per `setTraining`). */
  apply(batch: PointBatch): PointClassifierOutput;
  /** The loss terms of a forward pass's output against int32 labels [b], as the reference code computes them. */
  lossTerms(output: PointClassifierOutput, labels: tf.Tensor): PointLossTerms;
  /** lossTerms(apply(batch), labels).total, with the intermediates disposed. */
  loss(batch: PointBatch, labels: tf.Tensor): tf.Scalar;
  /** Trainable parameters (BatchNorm running statistics are buffers, not counted). */
  numParameters(): number;
}

/** A classifier together with its Module side (parameters, setTraining, dispose). */
export type PointModel = Module & PointClassifier;
