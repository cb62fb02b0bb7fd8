import type { TensorInfo } from '@tensorflow/tfjs';
import type { GpuOps } from './gpu-backend.js';

/**
 * dB and dC [b,l,g,n] of a scan's backward program, which writes per-block partial sums of dB ‖ dC as
 * [b·l·g, blocks, 2n] at `offset` of its flat output (both ops reduce them on chip the same way):
 * sums the blocks and splits the pair.
 */
export function groupedBcGradients(
  ops: GpuOps,
  out: TensorInfo,
  offset: number,
  blocks: number,
  dims: { b: number; l: number; g: number; n: number },
): { B: TensorInfo; C: TensorInfo } {
  const { b, l, g, n } = dims;
  const rows = b * l * g;
  const partial = ops.flatSlice(out, offset, [rows, blocks, 2 * n]);
  const dbc = ops.reshape(blocks > 1 ? ops.sum(partial, [1]) : partial, [rows, 2, n]);
  return {
    B: ops.reshape(ops.slice(dbc, [0, 0, 0], [rows, 1, n]), [b, l, g, n]),
    C: ops.reshape(ops.slice(dbc, [0, 1, 0], [rows, 1, n]), [b, l, g, n]),
  };
}
