import { ArgumentError } from '@hybridssm/core';
import { DEFAULT_INDUCTION_CONFIG, inductionTask, type InductionConfig } from './induction.js';
import { DEFAULT_MQAR_CONFIG, mqarTask, type MqarConfig } from './mqar.js';
import { DEFAULT_PHONEBOOK_CONFIG, phonebookTask, type PhonebookConfig } from './phonebook.js';
import { DEFAULT_SELECTIVE_COPY_CONFIG, selectiveCopyTask, type SelectiveCopyConfig } from './selective-copy.js';
import type { SequenceTask } from './task.js';

/**
 * The synthetic tasks by name: Phonebook (Jelassi et al. 2024), MQAR (Arora et al. 2023), selective copying and
 * induction heads (Gu & Dao 2023).
 */
export const TASK_NAMES = ['phonebook', 'mqar', 'selective-copy', 'induction'] as const;

/** One of {@link TASK_NAMES}. */
export type TaskName = (typeof TASK_NAMES)[number];

/** The config interface of each task. */
export interface TaskConfigs {
  phonebook: PhonebookConfig;
  mqar: MqarConfig;
  'selective-copy': SelectiveCopyConfig;
  induction: InductionConfig;
}

const TASKS: { [N in TaskName]: { defaults: TaskConfigs[N]; make: (config: TaskConfigs[N]) => SequenceTask } } = {
  phonebook: { defaults: DEFAULT_PHONEBOOK_CONFIG, make: phonebookTask },
  mqar: { defaults: DEFAULT_MQAR_CONFIG, make: mqarTask },
  'selective-copy': { defaults: DEFAULT_SELECTIVE_COPY_CONFIG, make: selectiveCopyTask },
  induction: { defaults: DEFAULT_INDUCTION_CONFIG, make: inductionTask },
};

const isTaskName = (name: string): name is TaskName => (TASK_NAMES as readonly string[]).includes(name);

/**
 * The task called `name`, its default config overridden by the defined fields of `options` (e.g. parsed CLI
 * flags). Throws naming an unknown task or option, listing the known ones.
 */
export function makeTask<N extends TaskName>(name: N, options?: Partial<TaskConfigs[N]>): SequenceTask;
export function makeTask(name: string, options?: Readonly<Record<string, number | undefined>>): SequenceTask;
export function makeTask(name: string, options: object = {}): SequenceTask {
  if (!isTaskName(name)) throw new ArgumentError(`makeTask: name must be one of ${TASK_NAMES.join(', ')}; got '${name}'`);
  const { defaults, make } = TASKS[name] as { defaults: object; make: (config: object) => SequenceTask };
  const known = Object.keys(defaults);
  const config: Record<string, unknown> = { ...defaults };
  for (const [key, value] of Object.entries(options)) {
    if (!known.includes(key)) throw new ArgumentError(`makeTask: '${key}' is not an option of ${name}; expected one of ${known.join(', ')}`);
    if (value !== undefined) config[key] = value;
  }
  return make(config);
}
