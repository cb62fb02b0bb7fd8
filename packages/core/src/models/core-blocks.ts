import { MultiHeadAttention } from '../layers/attention.js';
import { Mamba } from '../layers/mamba.js';
import { Mamba2 } from '../layers/mamba2.js';
import { Mlp } from '../layers/mlp.js';
import { registerBlock } from './block-registry.js';
import type { StackLayerConfigs } from './block-registry.js';

const attentionHeads = (dModel: number, c: StackLayerConfigs) => c.attention?.numHeads ?? Math.max(1, Math.floor(dModel / 64));
const mlpHidden = (dModel: number, c: StackLayerConfigs) =>
  c.mlp?.hidden ?? ((c.mlp?.activation ?? 'gelu') === 'gelu' ? 4 * dModel : 8 * Math.ceil((8 * dModel) / 3 / 8));

// The pattern characters of DESIGN.md §Layers: M Mamba-2, m Mamba-1, * self-attention, - MLP.
// parameterCount mirrors each layer's constructor; a test checks them against built layers.
registerBlock({
  char: 'M',
  name: 'mamba2',
  create: (dModel, c, rng) => new Mamba2({ ...c.mamba2, dModel }, rng),
  parameterCount: (d, c) => {
    const n = c.mamba2?.dState ?? 64;
    const inner = (c.mamba2?.expand ?? 2) * d;
    const heads = inner / (c.mamba2?.headdim ?? 64);
    const convDim = inner + 2 * (c.mamba2?.ngroups ?? 1) * n;
    const k = c.mamba2?.dConv ?? 4;
    return d * (inner + convDim + heads) + convDim * (k + 1) + 3 * heads + inner + inner * d;
  },
});
registerBlock({
  char: 'm',
  name: 'mamba',
  create: (dModel, c, rng) => new Mamba({ ...c.mamba, dModel }, rng),
  parameterCount: (d, c) => {
    const n = c.mamba?.dState ?? 16;
    const inner = (c.mamba?.expand ?? 2) * d;
    const r = c.mamba?.dtRank ?? Math.ceil(d / 16);
    const k = c.mamba?.dConv ?? 4;
    return 2 * inner * d + inner * (k + 1) + (r + 2 * n) * inner + (r + 1) * inner + inner * n + inner + d * inner;
  },
});
registerBlock({
  char: '*',
  name: 'attention',
  create: (dModel, c, rng) => new MultiHeadAttention({ ...c.attention, numHeads: attentionHeads(dModel, c), dModel }, rng),
  parameterCount: (d, c) => {
    const heads = attentionHeads(d, c);
    const kv = ((c.attention?.numKvHeads ?? heads) * d) / heads;
    const kvIn = c.attention?.contextDim ?? d;
    const bias = c.attention?.bias ? 2 * d + 2 * kv : 0;
    return 2 * d * d + 2 * kvIn * kv + bias;
  },
});
registerBlock({
  char: '-',
  name: 'mlp',
  stateless: true,
  create: (dModel, c, rng) => new Mlp({ ...c.mlp, dModel }, rng),
  parameterCount: (d, c) => {
    const hidden = mlpHidden(d, c);
    const matrices = (c.mlp?.activation ?? 'gelu') === 'gelu' ? 2 : 3;
    const bias = c.mlp?.bias ? (matrices - 1) * hidden + d : 0;
    return matrices * d * hidden + bias;
  },
});
