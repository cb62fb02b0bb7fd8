import './kernels/register-all.js';

export { initBackend } from './backend/init-backend.js';
export { BACKEND_NAMES } from './backend/backend-types.js';
export type { BackendInfo, BackendName, ConcreteBackend, GpuAdapterInfo } from './backend/backend-types.js';

export { selectiveScan, DEFAULT_CHUNK_SIZE } from './ops/selective-scan.js';
export { ssdScan } from './ops/ssd-scan.js';
export { selectiveScanStep, ssdStep } from './ops/scan-step.js';
export { ArgumentError } from './ops/arg-checker.js';
export { availableScanImpls } from './ops/scan-impl.js';
export { SCAN_IMPLS } from './ops/scan-types.js';
export type {
  ScanImpl,
  ScanOptions,
  ScanResult,
  SelectiveScanInputs,
  SelectiveScanStepInputs,
  SsdScanInputs,
  SsdStepInputs,
} from './ops/scan-types.js';
export * as kernelNames from './ops/kernel-names.js';
export { Rng } from './util/random.js';
