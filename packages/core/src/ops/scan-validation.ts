import { ArgChecker } from './arg-checker.js';
import { SCAN_IMPLS, STEP_IMPLS } from './scan-types.js';
import type {
  ScanOptions,
  StepOptions,
  SelectiveScanInputs,
  SelectiveScanStepInputs,
  SsdScanInputs,
  SsdStepInputs,
} from './scan-types.js';

export interface SelectiveDims {
  b: number;
  l: number;
  d: number;
  n: number;
  g: number;
}

export interface SsdDims {
  b: number;
  l: number;
  h: number;
  p: number;
  n: number;
  g: number;
}

function checkInputsObject(check: ArgChecker, inputs: unknown): void {
  if (typeof inputs !== 'object' || inputs === null) {
    check.fail(`the first argument must be an object of named tensors; got ${inputs === null ? 'null' : typeof inputs}`);
  }
}

function checkOptionsObject(check: ArgChecker, options: unknown): void {
  if (typeof options !== 'object' || options === null) check.fail(`options must be an object; got ${JSON.stringify(options)}`);
}

function checkOptions(check: ArgChecker, options: unknown): void {
  if (options === undefined) return;
  checkOptionsObject(check, options);
  const { impl, chunkSize } = options as ScanOptions;
  check.oneOf('impl', impl, SCAN_IMPLS);
  check.positiveInteger('chunkSize', chunkSize);
}

function checkStepOptions(check: ArgChecker, options: unknown): void {
  if (options === undefined) return;
  checkOptionsObject(check, options);
  check.oneOf('impl', (options as StepOptions).impl, STEP_IMPLS);
}

/** Validates a selectiveScan call (DESIGN.md §Scan ops); every error names the argument. */
export function validateSelectiveScan(inputs: SelectiveScanInputs, options: unknown): SelectiveDims {
  const check = new ArgChecker('selectiveScan');
  checkInputsObject(check, inputs);
  checkOptions(check, options);
  check.tensor('u', inputs.u, ['b', 'l', 'd']);
  check.tensor('delta', inputs.delta, ['b', 'l', 'd']);
  check.tensor('A', inputs.A, ['d', 'n']);
  const grouped = check.tensor('B', inputs.B, ['b', 'l', 'n'], ['b', 'l', 'g', 'n']).length === 4;
  check.tensor('C', inputs.C, grouped ? ['b', 'l', 'g', 'n'] : ['b', 'l', 'n']);
  if (grouped) check.divisible('d', 'g', 'the number of groups');
  check.optionalTensor('D', inputs.D, ['d']);
  check.optionalTensor('z', inputs.z, ['b', 'l', 'd']);
  check.optionalTensor('deltaBias', inputs.deltaBias, ['d']);
  check.optionalTensor('initialState', inputs.initialState, ['b', 'd', 'n']);
  check.boolean('deltaSoftplus', inputs.deltaSoftplus);
  check.finite('deltaBias', inputs.deltaBias);
  return { b: check.dim('b'), l: check.dim('l'), d: check.dim('d'), n: check.dim('n'), g: grouped ? check.dim('g') : 1 };
}

/** Validates an ssdScan call (DESIGN.md §Scan ops); every error names the argument. */
export function validateSsdScan(inputs: SsdScanInputs, options: unknown): SsdDims {
  const check = new ArgChecker('ssdScan');
  checkInputsObject(check, inputs);
  checkOptions(check, options);
  check.tensor('x', inputs.x, ['b', 'l', 'h', 'p']);
  check.tensor('dt', inputs.dt, ['b', 'l', 'h']);
  check.tensor('A', inputs.A, ['h']);
  check.tensor('B', inputs.B, ['b', 'l', 'g', 'n']);
  check.tensor('C', inputs.C, ['b', 'l', 'g', 'n']);
  check.divisible('h', 'g', 'the number of groups');
  check.optionalTensor('D', inputs.D, ['h']);
  check.optionalTensor('z', inputs.z, ['b', 'l', 'h', 'p']);
  check.optionalTensor('dtBias', inputs.dtBias, ['h']);
  check.optionalTensor('initialState', inputs.initialState, ['b', 'h', 'p', 'n']);
  check.boolean('dtSoftplus', inputs.dtSoftplus);
  check.finite('dtBias', inputs.dtBias);
  const dims = ['b', 'l', 'h', 'p', 'n', 'g'].map((letter) => check.dim(letter));
  const [b, l, h, p, n, g] = dims as [number, number, number, number, number, number];
  return { b, l, h, p, n, g };
}

/** Validates a selectiveScanStep call: one token, explicit state. */
export function validateSelectiveScanStep(inputs: SelectiveScanStepInputs, options?: unknown): Omit<SelectiveDims, 'l'> {
  const check = new ArgChecker('selectiveScanStep');
  checkInputsObject(check, inputs);
  checkStepOptions(check, options);
  check.tensor('u', inputs.u, ['b', 'd']);
  check.tensor('delta', inputs.delta, ['b', 'd']);
  check.tensor('A', inputs.A, ['d', 'n']);
  const grouped = check.tensor('B', inputs.B, ['b', 'n'], ['b', 'g', 'n']).length === 3;
  check.tensor('C', inputs.C, grouped ? ['b', 'g', 'n'] : ['b', 'n']);
  if (grouped) check.divisible('d', 'g', 'the number of groups');
  check.optionalTensor('D', inputs.D, ['d']);
  check.optionalTensor('z', inputs.z, ['b', 'd']);
  check.optionalTensor('deltaBias', inputs.deltaBias, ['d']);
  check.tensor('state', inputs.state, ['b', 'd', 'n']);
  check.boolean('deltaSoftplus', inputs.deltaSoftplus);
  check.finite('deltaBias', inputs.deltaBias);
  return { b: check.dim('b'), d: check.dim('d'), n: check.dim('n'), g: grouped ? check.dim('g') : 1 };
}

/** Validates an ssdStep call: one token, explicit state. */
export function validateSsdStep(inputs: SsdStepInputs, options?: unknown): Omit<SsdDims, 'l'> {
  const check = new ArgChecker('ssdStep');
  checkInputsObject(check, inputs);
  checkStepOptions(check, options);
  check.tensor('x', inputs.x, ['b', 'h', 'p']);
  check.tensor('dt', inputs.dt, ['b', 'h']);
  check.tensor('A', inputs.A, ['h']);
  check.tensor('B', inputs.B, ['b', 'g', 'n']);
  check.tensor('C', inputs.C, ['b', 'g', 'n']);
  check.divisible('h', 'g', 'the number of groups');
  check.optionalTensor('D', inputs.D, ['h']);
  check.optionalTensor('z', inputs.z, ['b', 'h', 'p']);
  check.optionalTensor('dtBias', inputs.dtBias, ['h']);
  check.tensor('state', inputs.state, ['b', 'h', 'p', 'n']);
  check.boolean('dtSoftplus', inputs.dtSoftplus);
  check.finite('dtBias', inputs.dtBias);
  const dims = ['b', 'h', 'p', 'n', 'g'].map((letter) => check.dim(letter));
  const [b, h, p, n, g] = dims as [number, number, number, number, number];
  return { b, h, p, n, g };
}
