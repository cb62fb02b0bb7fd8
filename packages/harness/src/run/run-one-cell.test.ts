import { describe, expect, it } from 'vitest';
import { toyTable } from '../test-support/toy-table.js';
import { runOneCell } from './run-one-cell.js';

describe('runOneCell', () => {
  it('runs the named cell at the given seed with files in the folder', async () => {
    const table = toyTable();
    const outcome = await runOneCell(table, { row: 'quadratic', column: 'b-5', config: { steps: 3 }, dir: '/tmp/one-cell', seed: 2 });
    expect(table.calls).toEqual(['quadratic/b-5/2']);
    expect(outcome.metrics.mse).toBeTypeOf('number');
  });

  it('names the table when the row or column is not in it', async () => {
    await expect(runOneCell(toyTable(), { row: 'cubic', column: 'a-3', config: { steps: 3 }, dir: '/tmp/one-cell' })).rejects.toThrow("toy-table1: no row 'cubic' or no column 'a-3'");
  });
});
