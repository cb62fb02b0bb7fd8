#!/usr/bin/env node
import { lmDomain } from '@hybridssm/lm';
import { runDomainCli } from '@hybridssm/harness';
import { benchCommand } from './commands/bench.js';
import { demoCommand } from './commands/demo.js';
import { evaluateCommand } from './commands/evaluate.js';
import { generateCommand } from './commands/generate.js';
import { trainCommand } from './commands/train.js';

await runDomainCli(lmDomain, { commands: (y) => benchCommand(demoCommand(generateCommand(evaluateCommand(trainCommand(y))))) });
