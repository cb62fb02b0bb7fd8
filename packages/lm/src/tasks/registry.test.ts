import { describe, expect, it } from 'vitest';
import { DEFAULT_MQAR_CONFIG } from './mqar.js';
import { makeTask, TASK_NAMES } from './registry.js';

describe('makeTask', () => {
  it.each(TASK_NAMES)('makes the %s task', (name) => {
    expect(makeTask(name).name).toBe(name);
  });

  it('overrides the defaults with the defined options', () => {
    expect(makeTask('mqar').sequenceLength).toBe(2 * (DEFAULT_MQAR_CONFIG.pairs + DEFAULT_MQAR_CONFIG.queries));
    expect(makeTask('mqar', { pairs: 3, queries: 1 }).sequenceLength).toBe(8);
    expect(makeTask('mqar', { pairs: undefined, queries: 1 }).sequenceLength).toBe(2 * (DEFAULT_MQAR_CONFIG.pairs + 1));
  });

  it('names an unknown task and lists the known ones', () => {
    expect(() => makeTask('copying')).toThrow("makeTask: name must be one of phonebook, mqar, selective-copy, induction; got 'copying'");
  });

  it('names an unknown option and lists the task’s options', () => {
    expect(() => makeTask('induction', { entries: 3 })).toThrow("makeTask: 'entries' is not an option of induction; expected one of length, tokens");
  });

  it('passes invalid values on to the task’s own check', () => {
    expect(() => makeTask('phonebook', { entries: 0 })).toThrow('phonebook: config.entries must be an integer >= 1; got 0');
  });
});
