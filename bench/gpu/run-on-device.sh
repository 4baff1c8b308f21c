#!/usr/bin/env bash
# Runs on the lent GPU machine, from the repository root, with .gpu/app.tar.xz carried (scripts/gpu-package.sh makes it):
# TorchSharp parity against the CPU reference and throughput, then the PyTorch eager baseline, then one table.
set -uo pipefail
cd "$(dirname "$0")/../.."
out=${OUT:-/tmp/sluice-gpu-out}
mkdir -p "$out"
TL=$(python3 -c "import torch,os;print(os.path.dirname(torch.__file__)+'/lib')")
rm -rf /tmp/app && mkdir -p /tmp/app && tar -xJf .gpu/app.tar.xz -C /tmp/app
nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader
python3 -c "import torch; print('torch', torch.__version__, 'cuda', torch.version.cuda)"

LD_LIBRARY_PATH=$TL timeout 300 /tmp/app/Sluice.Bench.Gpu --bundle /tmp/app 2>&1 | tee "$out/torchsharp.txt"
cs=${PIPESTATUS[0]}
timeout 200 python3 bench/gpu/pytorch_baseline.py 2>&1 | tee "$out/pytorch.txt"
py=${PIPESTATUS[0]}

echo
{ printf 'engine\tdevice\tprecision\tbatch\tseq\tpassages/s\tcheck\n'; grep -h '^ROW' "$out/torchsharp.txt" "$out/pytorch.txt" | cut -f2-; } \
  | column -t -s $'\t' | tee "$out/table.txt"
echo "exit codes: TorchSharp $cs, PyTorch $py"
exit $(( cs != 0 ? cs : py ))
