import { Contestant } from './contestant.js';
import { OURS_CHILD, PYTHON, TORCH_SCRIPT, torchEnv } from './environment.js';
import type { ProfileReport } from '@hybridssm/core';
import type { ChildSpec, EndReply, MeasureReply, MemoryReport, ProfileReply, ReadyReply } from './protocol.js';

/** Ops kept per profile in the result files. */
const KEPT_OPS = 15;

/** What one side (ours or PyTorch) measured for one model and shape. */
export interface SideResult {
  parameters?: number;
  runtime?: string;
  /** the timed measurements: ms per update (train) or per token (generate) */
  ms: number[];
  losses?: number[];
  prefillMs?: number;
  profile?: ProfileReport;
  /** the most recent report: peaks so far */
  memory?: MemoryReport;
  /** why the side stopped, if it did (the rest of its numbers are missing) */
  aborted?: string;
  /** why the side was not run at all (e.g. its prefill would outlast the budget) */
  skipped?: string;
}

export interface PairPlan {
  prefill: boolean;
  warmups: number;
  measures: number;
  /** one line per finished measurement (progress) */
  onMeasure?: (index: number, ours: number | undefined, torch: number | undefined) => void;
}

/** One side: a child process and what it reported; after a failure it is skipped. */
class Side {
  readonly result: SideResult = { ms: [] };
  private contestant: Contestant | undefined;

  constructor(readonly label: string, private readonly command: string, private readonly args: string[], private readonly env?: NodeJS.ProcessEnv) {}

  get alive(): boolean {
    return this.result.aborted === undefined;
  }

  private async run<T extends { memory?: MemoryReport }>(what: (c: Contestant) => Promise<T>): Promise<T | undefined> {
    if (!this.alive) return undefined;
    try {
      this.contestant ??= new Contestant(this.label, this.command, this.args, this.env);
      const reply = await what(this.contestant);
      if (reply.memory !== undefined) this.result.memory = reply.memory;
      return reply;
    } catch (error) {
      this.result.aborted = (error as Error).message;
      await this.contestant?.close(1000);
      return undefined;
    }
  }

  async start(): Promise<void> {
    const ready = await this.run((c) => c.reply<ReadyReply>());
    if (ready !== undefined) {
      this.result.parameters = ready.parameters;
      this.result.runtime = ready.runtime;
    }
  }

  /** Stops the side with a reason (its child is ended); what it measured so far stays. */
  async stop(reason: string): Promise<void> {
    if (!this.alive) return;
    this.result.aborted = reason;
    await this.contestant?.close(1000);
  }

  async prefill(): Promise<void> {
    const reply = await this.run((c) => c.send<MeasureReply>({ cmd: 'prefill' }));
    if (reply !== undefined) this.result.prefillMs = reply.ms;
  }

  async warmup(): Promise<void> {
    await this.run((c) => c.send<MeasureReply>({ cmd: 'warmup' }));
  }

  async measure(): Promise<number | undefined> {
    const reply = await this.run((c) => c.send<MeasureReply>({ cmd: 'measure' }));
    if (reply === undefined) return undefined;
    this.result.ms.push(reply.ms);
    if (reply.loss !== undefined) (this.result.losses ??= []).push(reply.loss);
    return reply.ms;
  }

  async profile(): Promise<void> {
    const reply = await this.run((c) => c.send<ProfileReply>({ cmd: 'profile' }));
    if (reply !== undefined) this.result.profile = { ...reply.profile, ops: reply.profile.ops.slice(0, KEPT_OPS) };
  }

  async end(): Promise<void> {
    await this.run((c) => c.send<EndReply>({ cmd: 'end' }));
    await this.contestant?.close();
  }
}

/**
 * Ours (dist/bench/child.js) and, when `torch` is set, PyTorch (python/lm_bench.py) on the same spec,
 * each in its own process, driven alternately: start, [prefill], warm-ups, then the timed
 * measurements ours, torch, ours, torch…, then one profiled call each. A side that fails or aborts
 * is reported with its reason; the other goes on. PyTorch's model must count exactly our parameters
 * (the same model), else it is stopped with the two counts.
 */
export async function runPair(spec: ChildSpec, torch: boolean, plan: PairPlan): Promise<{ ours: SideResult; torch?: SideResult }> {
  const json = JSON.stringify(spec);
  const sides = [new Side('ours', process.execPath, [OURS_CHILD, json])];
  if (torch) sides.push(new Side('torch', PYTHON, [TORCH_SCRIPT, json], torchEnv(spec.threads)));
  const each = async (action: (side: Side) => Promise<unknown>) => {
    for (const side of sides) await action(side);
  };
  await each((s) => s.start());
  const [ours, theirs] = sides as [Side, Side | undefined];
  const [ourCount, theirCount] = [ours.result.parameters, theirs?.result.parameters];
  if (ourCount !== undefined && theirCount !== undefined && ourCount !== theirCount) {
    await theirs?.stop(`PyTorch's model has ${theirCount} parameters, ours ${ourCount}: not the same model`);
  }
  if (plan.prefill) await each((s) => s.prefill());
  for (let i = 0; i < plan.warmups; i++) await each((s) => s.warmup());
  for (let i = 0; i < plan.measures; i++) {
    const times: Array<number | undefined> = [];
    for (const side of sides) times.push(await side.measure());
    plan.onMeasure?.(i, times[0], times[1]);
  }
  await each((s) => s.profile());
  await each((s) => s.end());
  return theirs === undefined ? { ours: ours.result } : { ours: ours.result, torch: theirs.result };
}

export const median = (xs: number[]): number => {
  if (xs.length === 0) return Number.NaN;
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
};

