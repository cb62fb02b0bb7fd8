import { describe, expect, it } from 'vitest';
import { SpecError, validateTableSpec } from './validate-spec.js';
import { validateResultFile } from '../results/result-file.js';
import { TOY_SPEC } from '../test-support/toy-table.js';

const edited = (edit: (spec: any) => void) => {
  const spec = structuredClone(TOY_SPEC) as any;
  edit(spec);
  return spec;
};

describe('table spec validation', () => {
  it('accepts a valid spec', () => {
    expect(validateTableSpec(structuredClone(TOY_SPEC)).id).toBe('toy-table1');
  });

  it('names the field of every problem', () => {
    const cases: Array<[(spec: any) => void, RegExp]> = [
      [(s) => delete s.metrics, /table spec 'toy-table1': \/ must have required property 'metrics'/],
      [(s) => (s.metrics[1].direction = 'up'), /\/metrics\/1\/direction must be equal to one of the allowed values/],
      [(s) => (s.rows[0].id = 'Bad Id'), /\/rows\/0\/id must match pattern/],
      [(s) => (s.rows[1].id = 'linear'), /\/rows\/1\/id: duplicate id 'linear'/],
      [(s) => (s.reported.linear['c-9'] = { mse: 1 }), /\/reported\/linear\/c-9: unknown column 'c-9'/],
      [(s) => (s.reported.quadratic['a-3'].f1 = 1), /\/reported\/quadratic\/a-3\/f1: unknown metric 'f1'/],
      [(s) => (s.scales.smoke.columns = ['z']), /\/scales\/smoke\/columns\/0: unknown column 'z'/],
      [(s) => delete s.scales.paper, /must have required property 'paper'/],
      [(s) => (s.reported.linear['a-3'].mse = 'high'), /\/reported\/linear\/a-3\/mse must be number/],
    ];
    for (const [edit, message] of cases) {
      expect(() => validateTableSpec(edited(edit))).toThrow(SpecError);
      expect(() => validateTableSpec(edited(edit))).toThrow(message);
    }
  });

  it('result files are checked against the schema', () => {
    expect(() => validateResultFile({ schemaVersion: 1 }, 'x.json')).toThrow(/^x\.json: \/ must have required property/);
  });
});
