import type { Probe } from '../ci/probe.js';
import type { DatasetEntry } from '../datasets/dataset-entry.js';
import type { TableDefinition } from '../spec/table-definition.js';
import { validateTableSpec } from '../spec/validate-spec.js';

/**
 * A domain as a value (packages/<domain>/src/domain.ts): its paper tables, regression probes and
 * datasets. `runDomainCli(domain, { commands })` in apps/<domain> turns it into the domain's CLI;
 * nothing outside the domain's two folders names it.
 */
export interface DomainDefinition {
  /** lower case, e.g. 'lm': results/<name>/, results/baselines/<name>.json, CLI hybridssm-<name> */
  name: string;
  /** one line for --help */
  description: string;
  tables: readonly TableDefinition<unknown>[];
  /** bench:ci probes; baselines in results/baselines/<name>.json */
  probes?: readonly Probe[];
  /** the datasets the domain reads (the `datasets` and `fetch` commands) */
  datasets?: readonly DatasetEntry[];
}

export interface Domain extends Readonly<DomainDefinition> {
  /** hybridssm-<name> */
  cliName: string;
}

function requireUnique(domain: string, what: string, names: string[]): void {
  const duplicate = names.find((name, i) => names.indexOf(name) !== i);
  if (duplicate !== undefined) throw new Error(`domain '${domain}': ${what} '${duplicate}' is defined twice`);
}

/** Checks a domain's parts (valid table specs that name this domain, unique names) and returns it. */
export function defineDomain(definition: DomainDefinition): Domain {
  const { name } = definition;
  if (!/^[a-z][a-z0-9-]*$/.test(name)) throw new Error(`domain name must be lower-case letters, digits and dashes; got '${name}'`);
  for (const table of definition.tables) {
    validateTableSpec(table.spec);
    if (table.spec.domain !== name) throw new Error(`domain '${name}': table '${table.spec.id}' says its domain is '${table.spec.domain}'`);
  }
  requireUnique(name, 'table', definition.tables.map((t) => t.spec.id));
  requireUnique(name, 'probe', (definition.probes ?? []).map((p) => p.name));
  requireUnique(name, 'dataset', (definition.datasets ?? []).map((d) => d.name));
  return Object.freeze({ ...definition, cliName: `hybridssm-${name}` });
}
