import { Ajv } from 'ajv';
import type { JSONSchemaType } from 'ajv';
import { SCALES } from './table-spec.js';
import type { TableSpec } from './table-spec.js';

const id = { type: 'string', pattern: '^[a-z0-9][a-z0-9._-]*$' } as const;
const scaleSchema = {
  type: 'object',
  required: ['description', 'config'],
  additionalProperties: false,
  properties: {
    description: { type: 'string', minLength: 1 },
    rows: { type: 'array', items: { type: 'string' }, nullable: true },
    columns: { type: 'array', items: { type: 'string' }, nullable: true },
    config: { type: 'object', required: [] },
  },
} as const;

/** JSON Schema of the data part of a TableSpec (exported for documentation and tooling). */
export const TABLE_SPEC_SCHEMA: JSONSchemaType<TableSpec<Record<string, unknown>>> = {
  type: 'object',
  required: ['domain', 'id', 'title', 'paper', 'rows', 'columns', 'metrics', 'reported', 'scales'],
  additionalProperties: false,
  properties: {
    domain: id,
    id,
    title: { type: 'string', minLength: 1 },
    paper: {
      type: 'object',
      required: ['citation', 'table', 'url'],
      additionalProperties: false,
      properties: {
        citation: { type: 'string', minLength: 1 },
        table: { type: 'string', minLength: 1 },
        url: { type: 'string', minLength: 1 },
        note: { type: 'string', nullable: true },
      },
    },
    rows: {
      type: 'array',
      minItems: 1,
      items: { type: 'object', required: ['id', 'label'], additionalProperties: false, properties: { id, label: { type: 'string' } } },
    },
    columns: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        required: ['id', 'label', 'settings'],
        additionalProperties: false,
        properties: {
          id,
          label: { type: 'string' },
          settings: { type: 'object', required: [], additionalProperties: { type: ['string', 'number'] } },
        },
      },
    },
    metrics: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        required: ['id', 'label', 'direction', 'digits'],
        additionalProperties: false,
        properties: {
          id,
          label: { type: 'string' },
          direction: { type: 'string', enum: ['lower', 'higher'] },
          digits: { type: 'integer', minimum: 0, maximum: 8 },
        },
      },
    },
    reported: {
      type: 'object',
      required: [],
      additionalProperties: {
        type: 'object',
        required: [],
        additionalProperties: { type: 'object', required: [], additionalProperties: { type: 'number', nullable: true } },
      },
    },
    scales: {
      type: 'object',
      required: [...SCALES],
      additionalProperties: false,
      properties: { smoke: scaleSchema, small: scaleSchema, paper: scaleSchema },
    },
  },
} as unknown as JSONSchemaType<TableSpec<Record<string, unknown>>>;

const validateSchema = new Ajv({ allErrors: false, allowUnionTypes: true }).compile(TABLE_SPEC_SCHEMA);

/** Thrown for an invalid table spec; the message names the table and the field's path. */
export class SpecError extends Error {
  override name = 'SpecError';
}

function unique(where: string, ids: string[]): void {
  const seen = new Set<string>();
  ids.forEach((value, i) => {
    if (seen.has(value)) throw new SpecError(`${where}/${i}/id: duplicate id '${value}'`);
    seen.add(value);
  });
}

/** Validates a table spec: the JSON Schema, unique ids, and references between its parts. */
export function validateTableSpec(spec: unknown): TableSpec {
  const name = (spec as { id?: unknown })?.id;
  const prefix = `table spec${typeof name === 'string' ? ` '${name}'` : ''}`;
  if (!validateSchema(spec)) {
    const e = validateSchema.errors?.[0];
    throw new SpecError(`${prefix}: ${e?.instancePath || '/'} ${e?.message ?? 'is invalid'}${e?.params ? ` (${JSON.stringify(e.params)})` : ''}`);
  }
  const s = spec as TableSpec;
  try {
    unique('/rows', s.rows.map((r) => r.id));
    unique('/columns', s.columns.map((c) => c.id));
    unique('/metrics', s.metrics.map((m) => m.id));
    const rows = new Set(s.rows.map((r) => r.id));
    const columns = new Set(s.columns.map((c) => c.id));
    const metrics = new Set(s.metrics.map((m) => m.id));
    for (const [row, byColumn] of Object.entries(s.reported)) {
      if (!rows.has(row)) throw new SpecError(`/reported/${row}: unknown row '${row}'`);
      for (const [column, byMetric] of Object.entries(byColumn)) {
        if (!columns.has(column)) throw new SpecError(`/reported/${row}/${column}: unknown column '${column}'`);
        for (const metric of Object.keys(byMetric)) {
          if (!metrics.has(metric)) throw new SpecError(`/reported/${row}/${column}/${metric}: unknown metric '${metric}'`);
        }
      }
    }
    for (const scale of Object.keys(s.scales) as Array<keyof TableSpec['scales']>) {
      s.scales[scale].rows?.forEach((r, i) => {
        if (!rows.has(r)) throw new SpecError(`/scales/${scale}/rows/${i}: unknown row '${r}'`);
      });
      s.scales[scale].columns?.forEach((c, i) => {
        if (!columns.has(c)) throw new SpecError(`/scales/${scale}/columns/${i}: unknown column '${c}'`);
      });
    }
  } catch (error) {
    throw new SpecError(`${prefix}: ${(error as Error).message}`);
  }
  return s;
}
