#!/usr/bin/env node
import { runDomainCli } from '@hybridssm/harness';
import { mambaformerExtended, mambaformerOptions, mambaformerTable2 } from '@hybridssm/forecast';
import { forecastCommands } from './commands/train-evaluate-forecast.js';

await runDomainCli({
  name: 'hybridssm-forecast',
  description: 'Long-term forecasting with the Mambaformer family (Xu et al. 2024) and baselines.',
  tables: [mambaformerTable2, mambaformerExtended, mambaformerOptions],
  commands: forecastCommands,
  argv: process.argv.slice(2),
});
