#!/usr/bin/env node
import { forecastDomain } from '@hybridssm/forecast';
import { runDomainCli } from '@hybridssm/harness';
import { benchCommand } from './commands/bench.js';
import { evaluateCommand } from './commands/evaluate.js';
import { forecastCommand } from './commands/forecast-window.js';
import { trainCommand } from './commands/train.js';
import { tracksCommand } from './commands/tracks.js';

await runDomainCli(forecastDomain, { commands: (y) => benchCommand(tracksCommand(forecastCommand(evaluateCommand(trainCommand(y))))) });
