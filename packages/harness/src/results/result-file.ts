import { Ajv } from 'ajv';
import type { Provenance } from './provenance.js';
import type { AggregatedCell } from './aggregate.js';
import type { Scale, TableSpec } from '../spec/table-spec.js';

export const RESULT_SCHEMA_VERSION = 1;

/** `results/<domain>/<table>.<scale>.json` (schema: RESULT_FILE_SCHEMA, documented in results/README.md). */
export interface ResultFile extends Provenance {
  schemaVersion: number;
  domain: string;
  table: string;
  title: string;
  paper: TableSpec['paper'];
  scale: Scale;
  scaleDescription: string;
  config: unknown;
  seeds: number[];
  metrics: TableSpec['metrics'];
  rows: TableSpec['rows'];
  columns: TableSpec['columns'];
  cells: AggregatedCell[];
  wallTimeSeconds: number;
  writtenAt: string;
  plots: string[];
  /** the table's findings read off these cells (TableDefinition.findings), if it has any */
  findings?: string[];
}

const summary = {
  type: 'object',
  required: ['mean', 'std', 'values'],
  properties: { mean: { type: 'number' }, std: { type: 'number', minimum: 0 }, values: { type: 'array', items: { type: 'number' }, minItems: 1 } },
};

/** JSON Schema (draft-07) of a result file. */
export const RESULT_FILE_SCHEMA = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  title: 'hybridssm result table',
  type: 'object',
  required: [
    'schemaVersion', 'domain', 'table', 'title', 'paper', 'scale', 'scaleDescription', 'config', 'seeds', 'metrics', 'rows', 'columns',
    'cells', 'wallTimeSeconds', 'writtenAt', 'plots', 'backend', 'machine', 'packages', 'git',
  ],
  properties: {
    schemaVersion: { const: RESULT_SCHEMA_VERSION },
    domain: { type: 'string' },
    table: { type: 'string' },
    title: { type: 'string' },
    paper: { type: 'object', required: ['citation', 'table', 'url'] },
    scale: { enum: ['smoke', 'small', 'paper'] },
    scaleDescription: { type: 'string' },
    config: { type: 'object' },
    seeds: { type: 'array', items: { type: 'integer' }, minItems: 1 },
    metrics: {
      type: 'array',
      items: { type: 'object', required: ['id', 'label', 'direction', 'digits'], properties: { direction: { enum: ['lower', 'higher'] } } },
    },
    rows: { type: 'array', items: { type: 'object', required: ['id', 'label'] } },
    columns: { type: 'array', items: { type: 'object', required: ['id', 'label', 'settings'] } },
    cells: {
      type: 'array',
      items: {
        type: 'object',
        required: ['row', 'column', 'seeds', 'metrics', 'reported', 'wallTimeSeconds'],
        properties: {
          row: { type: 'string' },
          column: { type: 'string' },
          seeds: { type: 'array', items: { type: 'integer' } },
          metrics: { type: 'object', additionalProperties: summary },
          reported: { type: 'object', additionalProperties: { type: ['number', 'null'] } },
          wallTimeSeconds: { type: 'number', minimum: 0 },
        },
      },
    },
    wallTimeSeconds: { type: 'number', minimum: 0 },
    writtenAt: { type: 'string' },
    plots: { type: 'array', items: { type: 'string' } },
    findings: { type: 'array', items: { type: 'string' } },
    backend: { type: 'object', required: ['name', 'message', 'adapter'] },
    machine: { type: 'object', required: ['cpu', 'cores', 'memoryGiB', 'os', 'node', 'gpuAdapter'] },
    packages: { type: 'object', additionalProperties: { type: 'string' } },
    git: { type: ['object', 'null'], required: ['commit', 'dirty'] },
  },
} as const;

const validate = new Ajv({ allErrors: false, strict: false }).compile(RESULT_FILE_SCHEMA);

/** Checks a parsed result file against the schema; the error names the field's path. */
export function validateResultFile(value: unknown, source: string): ResultFile {
  if (!validate(value)) {
    const e = validate.errors?.[0];
    throw new Error(`${source}: ${e?.instancePath || '/'} ${e?.message ?? 'is invalid'}`);
  }
  return value as unknown as ResultFile;
}
