import { spawn } from 'node:child_process';
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { createInterface } from 'node:readline';

/**
 * The parent's side of a benchmark child (ours: dist/bench/child.js; PyTorch: python/lm_bench.py):
 * the child builds its model, prints one JSON line, then answers each command line on its stdin with
 * one JSON line on stdout. The parent sends the commands of two children alternately, so that the
 * measurements interleave (ours, torch, ours, torch, …) and a change in machine load hits both.
 * A child that dies (a wasm abort poisons its heap for good) fails only its own measurements.
 */
export class Contestant {
  private readonly lines: string[] = [];
  private waiting: ((line: string | undefined) => void) | undefined;
  private readonly stderr: string[] = [];
  private exited: string | undefined;
  private readonly child: ChildProcessWithoutNullStreams;

  constructor(readonly label: string, command: string, args: string[], env: NodeJS.ProcessEnv = process.env) {
    this.child = spawn(command, args, { stdio: ['pipe', 'pipe', 'pipe'], env });
    createInterface({ input: this.child.stdout }).on('line', (line) => {
      if (this.waiting === undefined) this.lines.push(line);
      else {
        const resolve = this.waiting;
        this.waiting = undefined;
        resolve(line);
      }
    });
    createInterface({ input: this.child.stderr }).on('line', (line) => {
      this.stderr.push(line);
      if (this.stderr.length > 40) this.stderr.shift();
    });
    this.child.stdin.on('error', () => {}); // a dead child: reported by the exit below
    this.child.on('error', (error) => this.finish(`cannot start: ${error.message}`));
    this.child.on('close', (code, signal) => this.finish(signal === null ? `exit code ${code}` : `killed by ${signal}`));
  }

  private finish(how: string): void {
    this.exited ??= how;
    const resolve = this.waiting;
    this.waiting = undefined;
    resolve?.(undefined);
  }

  /** Why a child stopped without answering: its last meaningful stderr line (e.g. `Aborted()`), else how it exited. */
  private deathReason(): string {
    const meaningful = this.stderr.map((l) => l.trim()).filter((l) => l !== '' && !l.startsWith('at ') && !/^\^+$/.test(l));
    const last = meaningful.at(-1);
    return last === undefined ? `the child stopped (${this.exited ?? 'no answer'})` : `${last} (${this.exited ?? 'no answer'})`;
  }

  private nextLine(): Promise<string | undefined> {
    const queued = this.lines.shift();
    if (queued !== undefined) return Promise.resolve(queued);
    if (this.exited !== undefined) return Promise.resolve(undefined);
    return new Promise((resolve) => (this.waiting = resolve));
  }

  /** The next JSON reply; throws with the child's reason when it failed or died. */
  async reply<T>(): Promise<T> {
    for (;;) {
      const line = await this.nextLine();
      if (line === undefined) throw new Error(this.deathReason());
      let message: { error?: string };
      try {
        message = JSON.parse(line) as { error?: string };
      } catch {
        continue; // not ours (a library's stray print): skip
      }
      if (typeof message.error === 'string') throw new Error(message.error);
      return message as T;
    }
  }

  /** Sends one command and waits for its reply. */
  async send<T>(command: object): Promise<T> {
    if (this.exited !== undefined) throw new Error(this.deathReason());
    this.child.stdin.write(`${JSON.stringify(command)}\n`);
    return this.reply<T>();
  }

  /** Ends the child (an `end` command, then a kill if it does not exit within `graceMs`). */
  async close(graceMs = 5000): Promise<void> {
    if (this.exited !== undefined) return;
    const exited = new Promise<void>((resolve) => this.child.once('close', () => resolve()));
    this.child.stdin.end(`${JSON.stringify({ cmd: 'end' })}\n`);
    const timer = setTimeout(() => this.child.kill('SIGKILL'), graceMs);
    await exited;
    clearTimeout(timer);
  }
}
