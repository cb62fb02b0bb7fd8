import type { CellContext } from '@hybridssm/harness';
import type { LanguageModel } from '../models/language-model.js';
import type { SequenceTask } from '../tasks/task.js';
import { fitLanguageModel } from '../train/fit-lm.js';
import { taskBatches } from '../train/lm-batch.js';

/** The training recipe of a synthetic-task table's scale. */
export interface TaskRecipe {
  steps: number;
  batch: number;
  learningRate: number;
}

/**
 * Trains `model` on fresh examples of `task` (batch per update seeded by the cell's seed), with the
 * cell's log and progress, checkpointing at `checkpointPath` ten times a run so that a rerun resumes.
 * Returns the training loss per update.
 */
export async function trainOnTask(
  model: LanguageModel,
  task: SequenceTask,
  recipe: TaskRecipe,
  ctx: Pick<CellContext<unknown>, 'seed' | 'logPath' | 'report'>,
  checkpointPath: string,
  label: string,
): Promise<number[]> {
  const batches = taskBatches(task, recipe.batch, 1000 * ctx.seed);
  const run = await fitLanguageModel(model, { steps: recipe.steps, learningRate: recipe.learningRate, evalEvery: Math.max(1, Math.round(recipe.steps / 10)) }, {
    batches: (step) => batches(step),
    checkpointPath,
    logPath: ctx.logPath,
    config: model.config,
    label,
    quiet: true,
    onStep: (step, total, loss) => ctx.report(step, total, { loss }),
  });
  return run.losses;
}
