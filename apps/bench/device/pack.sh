#!/usr/bin/env bash
# Packs what a run on a lent GPU machine (the workplace's `device` tool) needs and cannot fetch there:
# this machine's Node binary, ETTh1, the installed workspace without build tools and other platforms'
# binaries, and the Vulkan loader. Writes .device/ (git-ignored; carried with `carry: [".device"]`).
# Run after `pnpm install && pnpm build`. The carried tree must stay under 64 MiB with the tracked files,
# so sharp's libvips (PNG output only) stays behind: run.sh stubs sharp, and PNGs are rendered here.
set -euo pipefail
cd "$(dirname "$0")/../../.."
mkdir -p .device
strip -o .device/node /usr/bin/node 2>/dev/null || cp "$(command -v node)" .device/node
xz -9 -T2 -f .device/node
excluded=(
  'node_modules/.pnpm/binaryen*' 'node_modules/.pnpm/assemblyscript*' 'node_modules/.pnpm/typescript@*'
  'node_modules/.pnpm/@turbo*' 'node_modules/.pnpm/turbo*' 'node_modules/.pnpm/@types+*' 'node_modules/.pnpm/h5wasm*'
  'node_modules/.pnpm/@tensorflow+tfjs-node*' 'node_modules/.pnpm/@img+sharp-libvips*' 'node_modules/.pnpm/@img+sharp-linux*'
  '*/webgpu/dist/win32*' '*/webgpu/dist/darwin*' '*/webgpu/dist/linux-arm64'
  '*.map' '*.min.js' '*.es2017.js' '*.fesm.js' '*.html' '*.d.ts' '*.d.mts' '*/miniprogram'
  # tfjs's browser bundles (Node loads each package's *.node.js)
  tf.js tf-core.js tf-layers.js tf-converter.js tf-data.js tf-backend-cpu.js tf-backend-wasm.js tf-backend-webgl.js tf-backend-webgpu.js
)
tar -cf - "${excluded[@]/#/--exclude=}" node_modules packages/*/node_modules apps/*/node_modules \
  packages/*/dist apps/*/dist packages/*/build | xz -9 -T2 >.device/workspace.tar.xz
# issue 19's paper cells read ETTh1 (not committed: see datasets/README.md)
xz -9 -c "${HYBRIDSSM_DATA:-../shared/datasets}/ett/ETTh1.csv" >.device/ETTh1.csv.xz
(cd .device && apt-get download libvulkan1 libglvnd0 libglx0 libegl1 libgl1 libopengl0 libgles2 >/dev/null 2>&1)
du -sh .device/*
