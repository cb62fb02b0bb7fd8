#!/usr/bin/env node
import { runOursChild } from './ours-child.js';
import type { ChildSpec } from './protocol.js';

// Our side of one benchmark measurement (spawned by pair-run.ts): `node dist/bench/child.js '<spec JSON>'`.
await runOursChild(JSON.parse(process.argv[2] ?? '{}') as ChildSpec);
process.exit(0);
