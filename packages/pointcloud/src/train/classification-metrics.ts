/** Classification results of a test set. */
export interface ClassificationMetrics {
  /** overall accuracy, % of clouds */
  overallAccuracy: number;
  /** mean over classes of each class's accuracy, % (classes absent from the set are left out) */
  meanClassAccuracy: number;
  /** per class: accuracy in % (null where the set has none of that class) */
  classAccuracy: (number | null)[];
  /** confusion[true][predicted] counts */
  confusion: number[][];
  count: number;
}

/** OA, mAcc and the confusion matrix of `predicted` against `labels` over `numClasses` classes. */
export function classificationMetrics(labels: ArrayLike<number>, predicted: ArrayLike<number>, numClasses: number): ClassificationMetrics {
  if (labels.length !== predicted.length) throw new Error(`classificationMetrics: ${labels.length} labels but ${predicted.length} predictions`);
  if (labels.length === 0) throw new Error('classificationMetrics: no clouds to score');
  const confusion = Array.from({ length: numClasses }, () => new Array<number>(numClasses).fill(0));
  let correct = 0;
  for (let i = 0; i < labels.length; i++) {
    const truth = labels[i] as number;
    const guess = predicted[i] as number;
    (confusion[truth] as number[])[guess] = ((confusion[truth] as number[])[guess] as number) + 1;
    if (truth === guess) correct++;
  }
  const classAccuracy = confusion.map((row, c) => {
    const total = row.reduce((a, b) => a + b, 0);
    return total === 0 ? null : (100 * (row[c] as number)) / total;
  });
  const present = classAccuracy.filter((a): a is number => a !== null);
  return {
    overallAccuracy: (100 * correct) / labels.length,
    meanClassAccuracy: present.reduce((a, b) => a + b, 0) / present.length,
    classAccuracy,
    confusion,
    count: labels.length,
  };
}

/** The confusion matrix as a Markdown table (rows: true class, columns: predicted). */
export function confusionMarkdown(metrics: ClassificationMetrics, classes: readonly string[]): string {
  const short = classes.map((name) => name.slice(0, 8));
  const lines = [
    `| true \\ predicted | ${short.join(' | ')} | accuracy |`,
    `|---|${short.map(() => '---:').join('|')}|---:|`,
    ...metrics.confusion.map((row, c) => `| ${classes[c]} | ${row.join(' | ')} | ${metrics.classAccuracy[c] === null ? '—' : (metrics.classAccuracy[c] as number).toFixed(1)} |`),
  ];
  return `${lines.join('\n')}\n`;
}
