#!/usr/bin/env bash
# On a lent GPU machine (bare, no network; the `device` tool's `run` with carry [".device"], OUT set):
# unpacks what pack.sh carried, then, on the GPU's own Vulkan driver: a profile of one paper-scale forecasting update
# (PROFILE=0 skips it; its JSON and Markdown to $OUT/profile-update.tar.gz), core's WebGPU kernel tests, issue 19's
# ETTh1-96 `paper` cells (Transformer, Mambaformer; PAPER_CELL_SECONDS each, concurrently with the tests; 0 skips them),
# the kernel benchmark and issue 15's byte-LM training and generation benchmarks (BENCH=0 skips them). Everything it prints goes to $OUT/run.log; the
# cells' results and curves to $OUT/paper-cells.tar.gz (merge them at home: docs/device-runs.md).
set -uo pipefail
cd "$(dirname "$0")/../../.."
OUT=${OUT:?set OUT to the folder that comes back}
exec > >(tee "$OUT/run.log") 2>&1
step() { echo; echo "== $* ($(date -u +%T))"; }

step unpack
mkdir -p /tmp/hybridssm-node
xz -dc .device/node.xz >/tmp/hybridssm-node/node && chmod +x /tmp/hybridssm-node/node
export PATH=/tmp/hybridssm-node:$PATH
xz -dc .device/workspace.tar.xz | tar -xf -
# the Vulkan loader and glvnd (NVIDIA's Vulkan driver is libGLX_nvidia, which needs libGLdispatch), as
# the workplace's device notes do it: unpacked over / of the throwaway machine
for deb in .device/*.deb; do dpkg -x "$deb" /; done
ldconfig
icd=$(ls /usr/local/nvidia/share/vulkan/icd.d/nvidia_icd*.json /usr/share/vulkan/icd.d/nvidia_icd*.json /etc/vulkan/icd.d/nvidia_icd*.json 2>/dev/null | head -1)
[ -n "$icd" ] && export VK_DRIVER_FILES=$icd VK_ICD_FILENAMES=$icd
# sharp's libvips is not carried (size): PNG writers fail with this line; JSON/MD/SVG are written first.
sharp=$(ls -d node_modules/.pnpm/sharp@*/node_modules/sharp)
rm -rf "$sharp" && mkdir -p "$sharp"
echo '{"name":"sharp","type":"module","exports":"./index.js"}' >"$sharp/package.json"
echo "export default () => { throw new Error('sharp is not carried to the device machine: render PNGs at home'); };" >"$sharp/index.js"
node --version; nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader; echo "Vulkan ICD: ${icd:-none found}"
(cd packages/core && node -e "import('webgpu').then(async ({ create, globals }) => { Object.assign(globalThis, globals);
  const a = await create([]).requestAdapter(); const i = a?.info;
  console.log('Dawn adapter:', i ? [i.vendor, i.architecture, i.device, i.description].join(' / ') : 'none');
  if (a) console.log('binding limit:', a.limits.maxStorageBufferBindingSize, 'bytes; max buffer:', a.limits.maxBufferSize, 'bytes'); process.exit(i ? 0 : 1); })") || {
  # no adapter: say why the driver did not load, and stop before spending the lease on wasm
  driver=$(sed -n 's/.*"library_path": *"\([^"]*\)".*/\1/p' "${icd:-/dev/null}")
  echo "ICD library: ${driver:-?}"; ldd "$(ldconfig -p | awk -v d="$driver" '$1 == d { print $NF; exit }')" 2>&1 | grep -i "not found"
  exit 1
}

mkdir -p /tmp/hybridssm-data/ett && xz -dc .device/ETTh1.csv.xz >/tmp/hybridssm-data/ett/ETTh1.csv
if [ "${PROFILE:-1}" = 1 ]; then
step "forecast: one paper-scale update of the Transformer on webgpu, timed and profiled by op (16-window passes, then whole batches)"
for micro in 16 128; do
  timeout 120 node apps/forecast/dist/cli.js bench update --backend webgpu --model transformer --dataset ETTh1 --scale paper \
    --micro-batch-size "$micro" --updates 2 --data-dir /tmp/hybridssm-data --out "/tmp/hybridssm-profile-$micro" 2>&1 | grep -v 'Warning: max'
done
tar -czf "$OUT/profile-update.tar.gz" /tmp/hybridssm-profile-* 2>/dev/null
fi

cells=()
if [ "${PAPER_CELL_SECONDS:-290}" -gt 0 ]; then
step "forecast: issue 19's ETTh1-96 paper cells, Transformer and Mambaformer side by side (one process each, in the background)"
for row in transformer mambaformer; do
  timeout "${PAPER_CELL_SECONDS:-290}" node apps/forecast/dist/cli.js reproduce mambaformer-table2 --scale paper --backend webgpu \
    --rows "$row" --columns etth1-96 --data-dir /tmp/hybridssm-data --out "/tmp/hybridssm-paper-$row" --quiet >"/tmp/hybridssm-paper-$row.log" 2>&1 &
  cells+=($!)
done
fi

step "core's WebGPU tests (HYBRIDSSM_REQUIRE_WEBGPU=1: no adapter is a failure)"
(cd packages/core && HYBRIDSSM_REQUIRE_WEBGPU=1 timeout 60 ../../node_modules/.bin/vitest run \
  src/kernels/webgpu src/ops/scan-webgpu.test.ts src/ops/causal-conv1d.test.ts src/backend/init-backend.test.ts src/backend/webgpu-device.test.ts)
echo "tests exit: $?"

if [ "${#cells[@]}" -gt 0 ]; then
step "forecast: waiting for the paper cells"
wait "${cells[@]}" # not a bare wait: that would also wait for the tee above
for row in transformer mambaformer; do echo "-- $row"; grep -v 'Warning: max' "/tmp/hybridssm-paper-$row.log" | tail -8; done
tar -czf "$OUT/paper-cells.tar.gz" --exclude='*.safetensors' --exclude='*.csv' /tmp/hybridssm-paper-* 2>/dev/null
fi

[ "${BENCH:-1}" = 1 ] || { step done; exit 0; }

step "kernel benchmark, webgpu"
timeout 90 node apps/bench/dist/cli.js kernels --backends webgpu --time 50 --reference-max-updates 2000000 --out "$OUT"
echo "kernels exit: $?"

step "byte-LM training, webgpu (issue 15's models, batch 8 x 512)"
timeout 60 node apps/lm/dist/cli.js bench train --backend webgpu --quiet --tie-embeddings --no-rope \
  --pattern transformer='*-*-*-*-' --pattern mamba2=MMMMMMMM --pattern hybrid='M-M*M-M-' --steps 2 --out "$OUT" --stem train-webgpu
echo "train exit: $?"

step "byte-LM generation, webgpu (1K and 8K contexts)"
timeout 50 node apps/lm/dist/cli.js bench generate --backend webgpu --quiet --tie-embeddings --no-rope \
  --pattern transformer='*-*-*-*-' --pattern mamba2=MMMMMMMM --pattern hybrid='M-M*M-M-' --contexts 1024 8192 --tokens 8 \
  --prefill-budget 0.5 --out /tmp/hybridssm-generate --stem generate-webgpu
echo "generate exit: $?"
cp /tmp/hybridssm-generate/generate-webgpu.json "$OUT/" 2>/dev/null # the rest is rewritten at home with --from
step done
