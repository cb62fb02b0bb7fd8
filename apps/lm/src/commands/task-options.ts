import { ArgumentError } from '@hybridssm/core';

/** `--task-option entries=16 --task-option queries=2` → { entries: 16, queries: 2 }; the task checks the names. */
export function parseTaskOptions(values: readonly string[] | undefined): Record<string, number> {
  const options: Record<string, number> = {};
  for (const value of values ?? []) {
    const match = /^([A-Za-z]+)=(-?\d+)$/.exec(value);
    if (match === null) throw new ArgumentError(`task-option must be name=integer (e.g. entries=16); got ${JSON.stringify(value)}`);
    options[match[1] as string] = Number(match[2]);
  }
  return options;
}
