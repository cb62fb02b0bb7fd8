import { Linear, overwrite } from '@hybridssm/core';
import type { Module, Rng } from '@hybridssm/core';
import * as tf from '@tensorflow/tfjs';

/** Every Linear layer in a module tree (the module itself included). */
function linearLayers(module: Module): Linear[] {
  const own = module instanceof Linear ? [module] : [];
  return [...own, ...[...module.namedChildren().values()].flatMap(linearLayers)];
}

function initLinears(module: Module, weight: (layer: Linear) => tf.Tensor): void {
  for (const layer of linearLayers(module)) {
    overwrite(layer.weight, weight(layer));
    if (layer.bias !== undefined) overwrite(layer.bias, tf.zerosLike(layer.bias));
  }
}

/** Xavier-uniform weights U(±√(6/(in+out))) and zero biases: DiT's and PixArt-α's `_basic_init`. */
export function initXavierUniform(module: Module, rng: Rng): void {
  initLinears(module, ({ config: { inFeatures, outFeatures } }) => {
    const bound = Math.sqrt(6 / (inFeatures + outFeatures));
    return rng.uniformTensor([outFeatures, inFeatures], -bound, bound);
  });
}

/** N(0, std²) weights and zero biases (DiT/PixArt's timestep and caption MLPs: std 0.02). */
export function initNormal(module: Module, std: number, rng: Rng): void {
  initLinears(module, ({ config: { inFeatures, outFeatures } }) => rng.normalTensor([outFeatures, inFeatures], std));
}

/** Zero weights and biases (DiT's adaLN-Zero and output layers, PixArt's cross-attention output). */
export function initZero(module: Module): void {
  initLinears(module, (layer) => tf.zerosLike(layer.weight));
}

/** The Linear child `name` of a module (an attention layer's `out_proj`). */
export function linearChild(module: Module, name: string): Linear {
  const child = module.namedChildren().get(name);
  if (!(child instanceof Linear)) throw new Error(`internal: module has no Linear child '${name}'`);
  return child;
}
