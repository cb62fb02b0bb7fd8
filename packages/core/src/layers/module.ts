import * as tf from '@tensorflow/tfjs';

/**
 * Base of every layer and model: owns `tf.Variable`s under PyTorch-style hierarchical names
 * (`layers.0.mixer.in_proj.weight`), so that checkpoints move to and from PyTorch state dicts.
 */
export abstract class Module {
  private readonly ownParameters = new Map<string, tf.Variable>();
  private readonly children = new Map<string, Module>();
  /** Block kind that this module's parameters count towards in `countParameters` (e.g. 'mamba2'). */
  parameterGroup: string | undefined;
  private trainingState = { on: false, step: 0 };

  /** Whether layers with training-only behaviour (dropout) apply it; off until `setTraining(true)`. */
  get training(): boolean {
    return this.trainingState.on;
  }

  /** The optimiser step the current training pass belongs to (dropout masks are seeded by it). */
  protected get trainingStep(): number {
    return this.trainingState.step;
  }

  /** Switches training behaviour on (for optimiser step `step`) or off, for this module and every sub-module. */
  setTraining(on: boolean, step = 0): this {
    this.trainingState = { on, step };
    this.onTrainingChange();
    for (const module of this.children.values()) module.setTraining(on, step);
    return this;
  }

  /** Hook for modules that keep per-pass state (dropout's mask counter). */
  protected onTrainingChange(): void {}

  /** This module's own per-pass state beyond the training switch (dropout's call counter), for `capturePassState`. */
  protected savePassState(): unknown {
    return undefined;
  }

  /** Puts back what `savePassState` returned. */
  protected restorePassState(_state: unknown): void {}

  /**
   * Captures the per-pass state of this module tree — the training switch and step, and what each module
   * keeps per pass (dropout's call counter, which seeds its masks) — and returns a function that puts it
   * back. Activation recomputation (`checkpointApply`) replays a forward with it, so the recomputed pass
   * draws the same dropout masks as the original and leaves the counters where the original left them.
   */
  capturePassState(): () => void {
    const saved: Array<[Module, { on: boolean; step: number }, unknown]> = [];
    const visit = (module: Module) => {
      saved.push([module, module.trainingState, module.savePassState()]);
      for (const child of module.children.values()) visit(child);
    };
    visit(this);
    return () => {
      for (const [module, training, state] of saved) {
        module.trainingState = training;
        module.restorePassState(state);
      }
    };
  }

  /** Registers a parameter initialised from `initial` (which is disposed). */
  protected parameter(name: string, initial: tf.Tensor): tf.Variable {
    const variable = tf.variable(initial);
    initial.dispose();
    this.ownParameters.set(name, variable);
    return variable;
  }

  /** Registers a sub-module whose parameters appear under `name.`. */
  protected child<T extends Module>(name: string, module: T): T {
    this.children.set(name, module);
    return module;
  }

  /** Registers an optional sub-module (dropout at rate 0 is absent) when present. */
  protected optionalChild<T extends Module>(name: string, module: T | undefined): T | undefined {
    return module === undefined ? undefined : this.child(name, module);
  }

  /** Every parameter with its full name, in registration order. */
  parameters(prefix = ''): Map<string, tf.Variable> {
    const all = new Map<string, tf.Variable>();
    for (const [name, variable] of this.ownParameters) all.set(`${prefix}${name}`, variable);
    for (const [name, module] of this.children) {
      for (const [childName, variable] of module.parameters(`${prefix}${name}.`)) all.set(childName, variable);
    }
    return all;
  }

  /** Direct sub-modules with their names. */
  namedChildren(): ReadonlyMap<string, Module> {
    return this.children;
  }

  /** Parameters registered by this module itself, not its children. */
  ownParameterMap(): ReadonlyMap<string, tf.Variable> {
    return this.ownParameters;
  }

  dispose(): void {
    for (const variable of this.ownParameters.values()) variable.dispose();
    for (const module of this.children.values()) module.dispose();
  }
}

/** Overwrites a parameter with `values` (then disposed): for layers whose reference init differs from a sub-layer's default. */
export function overwrite(variable: tf.Variable, values: tf.Tensor): void {
  variable.assign(values);
  values.dispose();
}

