// @hybridssm/lm/bench: the language-model benchmarks (`hybridssm-lm bench train|generate`), ours beside PyTorch.
export { BENCH_VOCAB, HYBRID_NAMES, TRANSFORMER_NAME, benchModels, parseNamedPattern } from './bench-models.js';
export type { BenchModel, BenchModelOptions } from './bench-models.js';
export { FLATNESS_SHAPE, measureDecodeFlatness } from './decode-flatness.js';
export type { FlatnessShape } from './decode-flatness.js';
export { OURS_CHILD, PYTHON, TORCH_SCRIPT, describeMachine, formatBytes, integerList, probeTorch, referenceBlasWarning, torchForBench } from './environment.js';
export type { Machine, TorchAvailability, TorchInfo } from './environment.js';
export { PREFILL_CHUNK, crossover, hybridSpeedups, predictPrefillMs, rewriteGenerateReport, runGenerateBench, summarise, writeGenerateReport } from './generate-bench.js';
export type { GenerateBenchArgs, GenerateReport, GenerateRow, GenerateSide, SpeedupRow, SpeedupSide } from './generate-bench.js';
export { BENCH_LEARNING_RATE } from './ours-child.js';
export { median, runPair } from './pair-run.js';
export type { PairPlan, SideResult } from './pair-run.js';
export type { ChildSpec, GenerateSpec, MemoryReport, TrainSpec } from './protocol.js';
export { runTrainBench } from './train-bench.js';
export type { TrainBenchArgs, TrainRow } from './train-bench.js';
