import { POINT_MODEL_DEFAULTS, POINT_MODEL_SMALL, POINT_TABLE_SCALES } from '@hybridssm/pointcloud';
import type { PointModelConfigs, PointModelName } from '@hybridssm/pointcloud';

/** Model sizes: the smoke table's tiny models (seconds), the CPU-sized configurations, the papers' configurations. */
export const SCALE_CONFIGS = ['smoke', 'small', 'official'] as const;
export type ScaleConfig = (typeof SCALE_CONFIGS)[number];

type ConfigValue = number | boolean | string | number[];

function baseOverrides(model: PointModelName, scale: ScaleConfig): Partial<PointModelConfigs[PointModelName]> {
  if (scale === 'smoke') return POINT_TABLE_SCALES.smoke.config.models[model];
  return scale === 'small' ? POINT_MODEL_SMALL[model] : POINT_MODEL_DEFAULTS[model];
}

/** `text` read as the type of the reference configuration's `current` value; the error names the setting. */
function typedValue(name: string, text: string, current: unknown): ConfigValue {
  const fail = (expected: string) => new Error(`--model-option ${name} must be ${expected}; got '${text}'`);
  if (typeof current === 'number') {
    const value = Number(text);
    if (text.trim() === '' || !Number.isFinite(value)) throw fail('a number');
    return value;
  }
  if (typeof current === 'boolean') {
    if (text !== 'true' && text !== 'false') throw fail('true or false');
    return text === 'true';
  }
  if (Array.isArray(current)) {
    const values = text.split(',').map(Number);
    if (!values.every((v) => Number.isInteger(v) && v >= 1)) throw fail('comma-separated positive integers, e.g. 64,128');
    return values;
  }
  return text;
}

/**
 * The configuration overrides of `model` at `scale`, with `--model-option name=value` settings on top
 * (any field of the model's configuration, the value read as that field's type: 64, true, 64,128, a
 * name). Unknown names and ill-typed values are errors naming the flag; the model's constructor checks
 * the rest (e.g. transDim divisible by the heads).
 */
export function modelOverrides(model: PointModelName, scale: ScaleConfig, options: readonly string[] | undefined): Partial<PointModelConfigs[PointModelName]> {
  const reference = POINT_MODEL_DEFAULTS[model] as unknown as Record<string, unknown>;
  const overrides: Record<string, ConfigValue> = { ...(baseOverrides(model, scale) as Record<string, ConfigValue>) };
  for (const option of options ?? []) {
    const match = /^([A-Za-z]+)=(.*)$/.exec(option);
    if (match === null) throw new Error(`--model-option must be name=value (e.g. transDim=64); got '${option}'`);
    const [, name, text] = match as unknown as [string, string, string];
    if (!Object.hasOwn(reference, name)) throw new Error(`--model-option: ${model} has no setting '${name}'; its settings are ${Object.keys(reference).join(', ')}`);
    overrides[name] = typedValue(name, text, reference[name]);
  }
  return overrides as Partial<PointModelConfigs[PointModelName]>;
}
