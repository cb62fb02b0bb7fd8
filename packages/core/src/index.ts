import './kernels/register-all.js';
import './ops/reduction-gradients.js';

export { initBackend } from './backend/init-backend.js';
export { explainOutOfMemory } from './backend/out-of-memory.js';
export { throwIfWebGpuFailed, webgpuBindingLimit } from './backend/webgpu-device.js';
export { BACKEND_NAMES } from './backend/backend-types.js';
export type { BackendInfo, BackendName, ConcreteBackend, GpuAdapterInfo } from './backend/backend-types.js';

export { selectiveScan } from './ops/selective-scan.js';
export { DEFAULT_CHUNK_SIZE, scanChunkTunings } from './ops/chunk-size.js';
export type { ChunkSizeTuning, ScanDims, ScanOpName } from './ops/chunk-size.js';
export { setScanChunkTuning } from './ops/auto-chunk-size.js';
export { ssdScan } from './ops/ssd-scan.js';
export { dropoutMask } from './ops/dropout-mask.js';
export { selectiveScanStep, ssdStep } from './ops/scan-step.js';
export { ArgumentError } from './ops/arg-checker.js';
export { availableScanImpls } from './ops/scan-impl.js';
export { tfjsWasmKernel } from './kernels/wasm/replace-wasm-kernel.js';
export { SCAN_IMPLS, STEP_IMPLS } from './ops/scan-types.js';
export type {
  ScanImpl,
  ScanOptions,
  ScanResult,
  SelectiveScanInputs,
  SelectiveScanStepInputs,
  SsdScanInputs,
  SsdStepInputs,
  StepImpl,
  StepOptions,
} from './ops/scan-types.js';
export * as kernelNames from './ops/kernel-names.js';
export * as decodeKernelNames from './ops/decode-kernel-names.js';
export { Rng } from './util/random.js';

// layers
export { Module, overwrite } from './layers/module.js';
export { Linear } from './layers/linear.js';
export type { LinearConfig } from './layers/linear.js';
export { Embedding } from './layers/embedding.js';
export type { EmbeddingConfig } from './layers/embedding.js';
export { RMSNorm } from './layers/rms-norm.js';
export { LayerNorm } from './layers/layer-norm.js';
export { addChannelBias, scaleChannels, scaleShiftChannels } from './layers/channel-affine.js';
export { sumOverLeadingAxes } from './ops/sum-leading-axes.js';
export { profileByOp, profileMarkdown, topOps, wasmHeapBytes } from './profile/profile-by-op.js';
export type { OpTime, ProfileReport } from './profile/profile-by-op.js';
export { GatedRMSNorm } from './layers/gated-rms-norm.js';
export { CausalConv1d } from './layers/causal-conv1d.js';
export type { CausalConv1dConfig } from './layers/causal-conv1d.js';
export { Dropout, optionalDropout } from './layers/dropout.js';
export { Mlp, gelu } from './layers/mlp.js';
export type { MlpActivation, MlpConfig } from './layers/mlp.js';
export { MultiHeadAttention } from './layers/attention.js';
export type { AttentionConfig } from './layers/attention.js';
export { applyRope } from './layers/rope.js';
export { Mamba } from './layers/mamba.js';
export type { MambaConfig } from './layers/mamba.js';
export { Mamba2 } from './layers/mamba2.js';
export type { Mamba2Config } from './layers/mamba2.js';
export { Bidirectional } from './layers/bidirectional.js';
export type { BidirectionalMerge, SequenceMixer } from './layers/bidirectional.js';
export { StateCache } from './layers/state-cache.js';
export type { MixerContext, RecurrentMixer } from './layers/state-cache.js';

// hybrid stacks
export { HybridStack, StackCache } from './models/hybrid-stack.js';
export type { CheckpointOption, HybridStackConfig, NormKind, ResidualKind } from './models/hybrid-stack.js';
export { checkpointApply } from './models/recompute.js';
export { prefillStack } from './models/prefill.js';
export { parsePattern, registerBlock, registeredBlocks } from './models/block-registry.js';
export type { BlockKind, BlockMixer, StackLayerConfigs } from './models/block-registry.js';
export { countParameters, solveWidth, stackParameterCount } from './models/parameter-count.js';
export type { ParameterCount, WidthSearch } from './models/parameter-count.js';

// training
export { AdamW, isNoDecayParameter, noDecayRule } from './train/adamw.js';
export type { AdamWConfig, ParamGroupRule } from './train/adamw.js';
export { clipByGlobalNorm } from './train/clip-grad-norm.js';
export { warmupCosine, lradjType1 } from './train/lr-schedule.js';
export type { WarmupCosineConfig } from './train/lr-schedule.js';
export { accumulatedGradients } from './train/accumulated-gradients.js';
export { train } from './train/trainer.js';
export type { TrainOptions, TrainResult } from './train/trainer.js';
export type { RunProgress } from './train/training-checkpoint.js';
export { createProgress } from './train/progress.js';
export type { Progress, ProgressMetrics } from './train/progress.js';

// checkpoints
export { saveSafetensors, loadSafetensors, encodeSafetensors, decodeSafetensors } from './checkpoint/safetensors.js';
export type { SafetensorsContent } from './checkpoint/safetensors.js';
export { assignCheckpoint } from './checkpoint/load-into.js';
export { saveModel, loadModel } from './checkpoint/model-checkpoint.js';
