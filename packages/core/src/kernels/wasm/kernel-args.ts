import type { ScanKernels } from './scan-kernels-module.js';

// The fields of the argument blocks in assembly/kernel-args.ts, in their order (4 bytes each): the sizes,
// then the byte offsets of the arrays (0 for an array a call does not use).

export const SELECTIVE_SCAN_ARG_FIELDS = [
  'b', 'l', 'd', 'n', 'g', 'deltaSoftplus', 'gated',
  'u', 'delta', 'At', 'B', 'C', 'D', 'z', 'deltaBias', 'initialState', 'y', 'state',
  'dy', 'dstate', 'du', 'ddelta', 'dAt', 'dB', 'dC', 'dD', 'dz', 'ddeltaBias', 'dinitialState', 'scratch',
] as const;

export const SSD_SCAN_ARG_FIELDS = [
  'b', 'l', 'h', 'p', 'n', 'g', 'dtSoftplus', 'gated',
  'x', 'dt', 'A', 'B', 'C', 'D', 'z', 'dtBias', 'initialState', 'y', 'state',
  'dy', 'dstate', 'dx', 'ddt', 'dA', 'dB', 'dC', 'dD', 'dz', 'ddtBias', 'dinitialState', 'chunkStates', 'scratch',
] as const;

export const MATMUL_ARG_FIELDS = ['batch', 'm', 'k', 'n', 'strideA', 'strideB', 'a', 'b', 'c'] as const;

export type SelectiveScanArgField = (typeof SELECTIVE_SCAN_ARG_FIELDS)[number];
export type SsdScanArgField = (typeof SSD_SCAN_ARG_FIELDS)[number];
export type MatMulArgField = (typeof MATMUL_ARG_FIELDS)[number];

/** Throws if the module's argument blocks do not have as many fields as these lists (a stale build). */
export function checkArgFields(kernels: ScanKernels): void {
  const expected = [
    ['SelectiveScanArgs', kernels.selectiveScanArgsBytes(), SELECTIVE_SCAN_ARG_FIELDS.length],
    ['SsdScanArgs', kernels.ssdScanArgsBytes(), SSD_SCAN_ARG_FIELDS.length],
    ['MatMulArgs', kernels.matMulArgsBytes(), MATMUL_ARG_FIELDS.length],
  ] as const;
  for (const [name, bytes, fields] of expected) {
    if (bytes !== 4 * fields) throw new Error(`scan-kernels.wasm: ${name} has ${bytes / 4} fields, the wrapper writes ${fields}; rebuild the package`);
  }
}
