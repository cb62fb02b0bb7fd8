#!/usr/bin/env node
import { pointcloudDomain } from '@hybridssm/pointcloud';
import { runDomainCli } from '@hybridssm/harness';
import { benchCommand } from './commands/bench.js';
import { evaluateCommand } from './commands/evaluate.js';
import { predictCommand } from './commands/predict.js';
import { trainCommand } from './commands/train.js';

await runDomainCli(pointcloudDomain, { commands: (y) => benchCommand(predictCommand(evaluateCommand(trainCommand(y)))) });
