#!/usr/bin/env node
import { diffusionDomain } from '@hybridssm/diffusion';
import { runDomainCli } from '@hybridssm/harness';
import { benchCommand } from './commands/bench.js';
import { evaluateCommand } from './commands/evaluate.js';
import { sampleCommand } from './commands/sample.js';
import { trainCommand } from './commands/train.js';

await runDomainCli(diffusionDomain, { commands: (y) => benchCommand(evaluateCommand(sampleCommand(trainCommand(y)))) });
