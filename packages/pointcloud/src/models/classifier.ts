import { ArgumentError } from '@hybridssm/core';
import type { Rng } from '@hybridssm/core';
import type { PointModel, PointModelName } from './classifier-types.js';
import { PointMamba, POINTMAMBA_OFFICIAL, POINTMAMBA_SMALL } from './pointmamba.js';
import type { PointMambaConfig } from './pointmamba.js';
import { PointNet, POINTNET_OFFICIAL, POINTNET_SMALL } from './pointnet.js';
import type { PointNetConfig } from './pointnet.js';
import { PointTransformer, POINT_TRANSFORMER_OFFICIAL, POINT_TRANSFORMER_SMALL } from './point-transformer.js';
import type { PointTransformerConfig } from './point-transformer.js';
import { PoinTramba, POINTRAMBA_OFFICIAL, POINTRAMBA_SMALL } from './pointramba.js';
import type { PoinTrambaConfig } from './pointramba.js';

export type {
  PointBatch,
  PointClassifier,
  PointClassifierOutput,
  PointInputs,
  PointLossTerms,
  PointModel,
  PointModelName,
  PointSampling,
} from './classifier-types.js';

export const POINT_MODEL_NAMES: readonly PointModelName[] = ['pointramba', 'pointmamba', 'point-transformer', 'pointnet'];

/** Each model's configuration type. */
export interface PointModelConfigs {
  pointramba: PoinTrambaConfig;
  pointmamba: PointMambaConfig;
  'point-transformer': PointTransformerConfig;
  pointnet: PointNetConfig;
}

/** The reference (paper-size) configuration of each model. */
export const POINT_MODEL_DEFAULTS: { [N in PointModelName]: PointModelConfigs[N] } = {
  pointramba: POINTRAMBA_OFFICIAL,
  pointmamba: POINTMAMBA_OFFICIAL,
  'point-transformer': POINT_TRANSFORMER_OFFICIAL,
  pointnet: POINTNET_SMALL,
};

/** The CPU-sized configurations the small tables train (width 64, 32 groups × 16 of 1,024 points). */
export const POINT_MODEL_SMALL: { [N in PointModelName]: PointModelConfigs[N] } = {
  pointramba: POINTRAMBA_SMALL,
  pointmamba: POINTMAMBA_SMALL,
  'point-transformer': POINT_TRANSFORMER_SMALL,
  pointnet: POINTNET_SMALL,
};

/**
 * Builds a point-cloud classifier by name; `config` overrides the model's reference configuration
 * (unset fields keep it). All four read the `PointBatch` form their `inputs` say.
 */
export function buildPointModel<N extends PointModelName>(name: N, config: Partial<PointModelConfigs[N]>, numClasses: number, rng: Rng): PointModel {
  switch (name) {
    case 'pointramba':
      return new PoinTramba(config as Partial<PoinTrambaConfig>, numClasses, rng);
    case 'pointmamba':
      return new PointMamba(config as Partial<PointMambaConfig>, numClasses, rng);
    case 'point-transformer':
      return new PointTransformer(config as Partial<PointTransformerConfig>, numClasses, rng);
    case 'pointnet':
      return new PointNet(config as Partial<PointNetConfig>, numClasses, rng);
    default:
      throw new ArgumentError(`buildPointModel: unknown model ${JSON.stringify(name)}; expected one of ${POINT_MODEL_NAMES.join(', ')}`);
  }
}
