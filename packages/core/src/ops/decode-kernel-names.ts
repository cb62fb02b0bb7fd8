/**
 * Names of the fused decode-step kernels of the layers (one token of generation, forward only, no
 * gradient), registered for the backends whose tensor memory JavaScript addresses (cpu, wasm:
 * `kernels/cpu/decode-step-kernels.ts`). They update their caches in place: the layers call them
 * with the cache's own tensors, which no one else holds. Elsewhere the layers compose tf ops.
 *
 * `HybridSsmMamba2DecodeStep`: everything of a Mamba-2 step between in_proj and out_proj.
 *   inputs  zxbcdt [b, dInner + convDim + h] (in_proj's output), convWindow [b, k−1, convDim] (updated),
 *           convWeight [convDim, 1, k], convBias [convDim] or [0], dtBias [h], ALog [h], D [h],
 *           normWeight [dInner], state [b, h, p, n] (updated)
 *   attrs   nheads, headdim, dState, ngroups, normGroupSize, eps
 *   output  y [b, dInner]: RMSNormGated(SSD step(silu(conv(xBC))), z), ready for out_proj.
 *
 * `HybridSsmAttentionDecodeStep`: one query of causal self-attention over a KV cache.
 *   inputs  qkv [b, (heads + 2·kvHeads)·hd] (q ‖ k ‖ v projections of the token),
 *           keys, values [b, kvHeads, capacity, hd] (row `position` written)
 *   attrs   position, numHeads, numKvHeads, ropeBase (0: no RoPE)
 *   output  [b, heads·hd]: softmax(q Kᵀ/√hd) V over positions 0…position, heads concatenated.
 *
 * `HybridSsmRmsNorm`: x / √(mean(x²) + eps) · weight over the last axis of x [rows, d]; attr eps.
 *
 * `HybridSsmGelu`: the exact GELU x·Φ(x) of x, elementwise.
 */
export const Mamba2DecodeStep = 'HybridSsmMamba2DecodeStep';
export const AttentionDecodeStep = 'HybridSsmAttentionDecodeStep';
export const RmsNormDecode = 'HybridSsmRmsNorm';
export const GeluDecode = 'HybridSsmGelu';

export const DECODE_KERNELS = [Mamba2DecodeStep, AttentionDecodeStep, RmsNormDecode, GeluDecode] as const;
