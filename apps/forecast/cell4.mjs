import { initBackend } from '@hybridssm/core';
import { MAMBAFORMER_TABLE2_SPEC, mambaformerTable2 } from '@hybridssm/forecast';
await initBackend('wasm');
const column = MAMBAFORMER_TABLE2_SPEC.columns.find((c) => c.id === 'etth1-96');
for (const id of process.argv.slice(2)) {
  const row = MAMBAFORMER_TABLE2_SPEC.rows.find((r) => r.id === id);
  const t0 = Date.now();
  const out = await mambaformerTable2.runCell(row, column, { scale: 'small', config: { ...MAMBAFORMER_TABLE2_SPEC.scales.small.config, model: { ...MAMBAFORMER_TABLE2_SPEC.scales.small.config.model, dModel: Number(process.env.DM ?? 16), dFF: 2 * Number(process.env.DM ?? 16) }, fit: { ...MAMBAFORMER_TABLE2_SPEC.scales.small.config.fit, stepsPerEpoch: Number(process.env.SPE), epochs: Number(process.env.EP), learningRate: Number(process.env.LR) } }, seed: 0, dataDir: '/work/shared/datasets', logPath: `/tmp/cell-${id}.jsonl`, checkpointPath: '/tmp/x', quiet: true, report: () => {} });
  console.log(id, JSON.stringify(out.metrics), ((Date.now() - t0) / 1000).toFixed(0), 's', JSON.stringify(out.curves.val));
}
