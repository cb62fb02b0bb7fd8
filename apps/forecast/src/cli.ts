#!/usr/bin/env node
import { forecastDomain } from '@hybridssm/forecast';
import { runDomainCli } from '@hybridssm/harness';
import { evaluateCommand } from './commands/evaluate.js';
import { forecastCommand } from './commands/forecast-window.js';
import { trainCommand } from './commands/train.js';

await runDomainCli(forecastDomain, { commands: (y) => forecastCommand(evaluateCommand(trainCommand(y))) });
