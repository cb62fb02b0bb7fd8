export { MAX_DIFFUSION_STEPS, MIN_LINEAR_STEPS, SCHEDULE_NAMES, noiseSchedule } from './diffusion/schedules.js';
export type { NoiseSchedule, ScheduleName } from './diffusion/schedules.js';
export { qSample } from './diffusion/forward-process.js';
export {
  PREDICTION_TYPES,
  epsilonFromV,
  epsilonFromX0,
  predictedX0,
  predictionTarget,
  vFromX0AndEpsilon,
  x0FromEpsilon,
  x0FromV,
} from './diffusion/parameterization.js';
export type { PredictionType } from './diffusion/parameterization.js';
export type { Denoiser } from './diffusion/denoiser.js';
export { diffusionLoss, sampleTimesteps } from './diffusion/training-loss.js';
export type { DiffusionLossOptions } from './diffusion/training-loss.js';
export { TIMESTEP_SPACINGS, samplingTimesteps } from './diffusion/sampling-timesteps.js';
export type { TimestepSpacing } from './diffusion/sampling-timesteps.js';
export type { SamplerOptions, SamplingProgress } from './diffusion/sampling-loop.js';
export { ddpmSample } from './diffusion/ddpm-sampler.js';
export { ddimSample } from './diffusion/ddim-sampler.js';
export type { DdimOptions } from './diffusion/ddim-sampler.js';
export { guided, guidedBatched } from './diffusion/guidance.js';
export { ParameterEma } from './diffusion/ema.js';
export type { ParameterEmaOptions } from './diffusion/ema.js';
export { byteToUnit, unitToByte } from './data/image-batch.js';
export type { CaptionedImages, ImageBatch } from './data/image-batch.js';
export { IDX_DTYPES, idxDtypeOfData } from './data/idx-dtypes.js';
export type { IdxData, IdxDtype, IdxDtypeSpec } from './data/idx-dtypes.js';
export { formatIdx, parseIdx, readIdx, writeIdx } from './data/idx.js';
export type { IdxArray, IdxExpectation, IdxWriteOptions } from './data/idx.js';
export { DIGIT_WORDS, MNIST_CAPTION_TEMPLATES, mnistCaption } from './data/mnist-captions.js';
export { MNIST_IMAGES_FILE, MNIST_LABELS_FILE, inMnistSplit, loadMnist } from './data/mnist.js';
export type { DigitImages, LoadMnistOptions, MnistImages, MnistSplit } from './data/mnist.js';
export { DIGIT_SEGMENTS, digitSvg, renderDigits } from './data/digit-glyphs.js';
export type { DigitGlyphOptions } from './data/digit-glyphs.js';
export {
  PLACEMENTS,
  RELATIONS,
  SHAPE_COLOURS,
  SHAPE_COLOUR_NAMES,
  SHAPE_KINDS,
  SHAPE_SIZES,
  SHAPE_SIZE_NAMES,
  sampleScene,
} from './data/shape-scenes.js';
export type { Placement, Relation, Scene, SceneObject, ShapeColour, ShapeKind, ShapeSize } from './data/shape-scenes.js';
export { sceneCaption } from './data/shape-captions.js';
export { SHAPES_BACKGROUND, sceneSvg } from './data/shape-svg.js';
export { renderScene, renderShapes } from './data/shapes.js';
export type { ShapesDataset, ShapesOptions } from './data/shapes.js';
export { CAPTION_FILES, readCaptionFile } from './data/caption-file.js';
export { loadImageFolder } from './data/image-folder.js';
export type { ImageFolderImages, ImageFolderOptions } from './data/image-folder.js';
export { GRID_GAP, formatImageGrid, writeImageGrid } from './data/image-grid.js';
export type { ImageGridOptions } from './data/image-grid.js';
export { DIFFUSION_FETCH_COMMAND } from './data/dataset-folder.js';
export { DIFFUSION_DATASETS, resolveDiffusionDataset, resolveMnistFolder } from './data/datasets.js';
export type { ResolvedDiffusionDataset } from './data/datasets.js';
export { DIFFUSION_DATA_NAMES, loadDiffusionData } from './data/diffusion-data.js';
export type { DiffusionDataName, DiffusionDataOptions, DiffusionSplits } from './data/diffusion-data.js';
export { patchify, unpatchify } from './models/patchify.js';
export type { PatchedImageSize } from './models/patchify.js';
export { positionEmbedding1d, positionEmbedding2d } from './models/position-embedding.js';
export type { GridEmbeddingOptions } from './models/position-embedding.js';
export { AdaLnProjection, TIMESTEP_FREQUENCIES, TimestepEmbedder, timestepFeatures } from './models/timestep-embedding.js';
export type { TextConditioning, TextEncoder } from './models/text-encoder.js';
export { BYTE_VOCABULARY, ByteTextEncoder, PADDING_TOKEN, START_TOKEN, byteTokenIds } from './models/byte-text-encoder.js';
export type { ByteTextEncoderConfig } from './models/byte-text-encoder.js';
export { FeedForward, tanhGelu } from './models/feed-forward.js';
export type { FeedForwardConfig } from './models/feed-forward.js';
export type { BackboneBlock, BlockCondition } from './models/block-condition.js';
export { AdaLnZero, ScaleShiftTable } from './models/modulation.js';
export type { BlockModulation } from './models/modulation.js';
export { ModulatedBlock } from './models/modulated-block.js';
export type { BlockConfig } from './models/modulated-block.js';
export { BidirectionalMambaBlock, DimBlock, DimbaTransformerBlock, DitBlock } from './models/blocks.js';
export type { MambaSettings } from './models/blocks.js';
export { CaptionEmbedder } from './models/caption-embedder.js';
export type { CaptionEmbedderConfig } from './models/caption-embedder.js';
export { T2IFinalLayer } from './models/final-layer.js';
export { BACKBONE_KINDS, BACKBONE_PRESETS, backboneConfig, mambaBlockCount, mambaFollows, mlpHidden, validateBackboneConfig } from './models/backbone-config.js';
export type { BackboneConfig, BackboneKind, BackboneOptions, BackbonePreset } from './models/backbone-config.js';
export { backboneParameterCount, matchParameterCount } from './models/parameter-count.js';
export { DiffusionBackbone } from './models/backbone.js';
export { imageChannels, textToImageConfig, validateTextToImageConfig } from './train/text-to-image-config.js';
export type { TextToImageConfig, TextToImageOptions } from './train/text-to-image-config.js';
export { CAPTION_DROP_PROBABILITY, TextToImageModel } from './train/text-to-image-model.js';
export type { CaptionDropout, PromptDenoiser } from './train/text-to-image-model.js';
export { diffusionBatchIndices } from './train/diffusion-batches.js';
export { diffusionEma, fitDiffusion } from './train/fit-diffusion.js';
export type { DiffusionFitConfig, DiffusionFitOptions, DiffusionFitResult } from './train/fit-diffusion.js';
export { IMAGE_SAMPLERS, sampleImages } from './sample/sample-images.js';
export type { ImageSampler, SampleImagesOptions, SampledImages } from './sample/sample-images.js';
export { DIFFUSION_MODEL_FILES, DIFFUSION_MODEL_FORMAT, loadDiffusionModel, saveDiffusionModel } from './checkpoint/saved-diffusion-model.js';
export type { DiffusionModelDescription, SavedDiffusionData, SavedDiffusionModel, SavedDiffusionModelHeader } from './checkpoint/saved-diffusion-model.js';
export { symmetricEigen } from './evaluation/symmetric-eigen.js';
export type { SymmetricEigen } from './evaluation/symmetric-eigen.js';
export { frechetDistance, frechetDistanceOfGaussians, gaussianStatistics } from './evaluation/frechet-distance.js';
export type { FeatureMatrix, GaussianStatistics } from './evaluation/frechet-distance.js';
export { ABSENT_LABEL, encodeAttributes } from './evaluation/attributes.js';
export type { AttributeHead, AttributeImages, Attributes } from './evaluation/attributes.js';
export {
  ARRANGEMENTS,
  MNIST_ATTRIBUTE_HEADS,
  SHAPE_ATTRIBUTE_HEADS,
  digitAttributes,
  mnistAttributeImages,
  sceneAttributes,
  shapeAttributeImages,
} from './evaluation/dataset-attributes.js';
export type { SceneDescription } from './evaluation/dataset-attributes.js';
export { Conv2d } from './evaluation/conv2d.js';
export type { Conv2dConfig } from './evaluation/conv2d.js';
export { ImageClassifier, imageClassifierConfig } from './evaluation/image-classifier.js';
export type { ImageClassifierConfig, ImageClassifierOptions } from './evaluation/image-classifier.js';
export { CLASSIFIER_BATCH, classifierFeatures, classifyImages, imageBatchTensor } from './evaluation/classifier-inference.js';
export { classifierAccuracy, trainImageClassifier } from './evaluation/train-classifier.js';
export type { ClassifierTrainingConfig, ClassifierTrainingOptions } from './evaluation/train-classifier.js';
export { cachedImageClassifier } from './evaluation/classifier-cache.js';
export type { CachedClassifier, ClassifierData, ClassifierSettings, SavedClassifierConfig } from './evaluation/classifier-cache.js';
export { parseShapeCaption } from './evaluation/shape-caption-parser.js';
export { mnistPromptTarget, shapePromptTarget } from './evaluation/prompt-targets.js';
export { promptAccuracy } from './evaluation/prompt-accuracy.js';
export type { PromptAccuracy } from './evaluation/prompt-accuracy.js';
export { ATTENTION_SCORES_LIMIT_BYTES, RESOLUTION_BENCH_DEFAULTS, SAMPLING_STEPS, attentionBatch, costPoints, runResolutionBench } from './bench/resolution-bench.js';
export type { BackboneGrowth, ResolutionBenchOptions, ResolutionBenchResult, ResolutionRow } from './bench/resolution-bench.js';
export { RESOLUTION_BENCH_STEM, formatResolutionMarkdown, resolutionPlot, writeResolutionBench } from './bench/resolution-report.js';
export { crossover, fittedExponent, growthExponents } from './bench/growth.js';
export type { CostPoint, GrowthStep } from './bench/growth.js';
export { ISSUE_GRID, timeGridSampling } from './bench/grid-sampling.js';
export type { GridSpec, GridTiming } from './bench/grid-sampling.js';
export { BENCH_GUIDANCE } from './bench/guided-evaluation.js';
export { parseImageSides } from './bench/image-sides.js';
export { DIFFUSION_BENCH_PROBES, DIT_OVER_DIM_PROBE, ditOverDimRatio } from './bench/bench-probes.js';
export type { DitOverDimOptions } from './bench/bench-probes.js';
export { diffusionDomain } from './domain.js';
export { EVALUATION_CLASSIFIER_TRAINING, evaluationClassifierSettings, generationEvaluator, scoreGenerations, scoreSamples } from './evaluation/score-generations.js';
export type { GenerationEvaluator, GenerationScores } from './evaluation/score-generations.js';
export { DIMBA_PAPER, DIMBA_REPORTED_FID_30K } from './tables/paper.js';
export { DIFFUSION_TABLE_SCALES, SMALL_TRAINING_STEPS, SMOKE_RESOLUTION } from './tables/scales.js';
export { BACKBONE_ROWS, DIFFUSION_TABLE_METRICS, cellBackbone, trainAndScore } from './tables/train-cell.js';
export type { DiffusionTableConfig } from './tables/train-cell.js';
export { sampleGridPath } from './tables/sample-grid-path.js';
export { dimbaMnistTable } from './tables/dimba-mnist-table.js';
export { dimbaShapesTable } from './tables/dimba-shapes-table.js';
export { DIFFUSION_PROBES } from './probes.js';
