"""PyTorch eager baseline for the GPU benchmark (bench/gpu/README.md).

A randomly initialised transformers BertModel with the all-MiniLM-L6-v2 shape (6 layers, hidden 384, 12 heads,
intermediate 1536), batch 1024, sequence length 128, mean-pooled and L2-normalised, doing the same work per batch as
Sluice.Bench.Gpu: token ids copied to the device, pooled vectors copied back. Prints tab-separated ROW lines.
"""
import time

import torch
import torch.nn.functional as F
from transformers import BertConfig, BertModel

BATCH, SEQ, WARMUP, ITERATIONS = 1024, 128, 3, 20


def passages_per_second(dtype: torch.dtype) -> float:
    config = BertConfig(vocab_size=30522, hidden_size=384, num_hidden_layers=6, num_attention_heads=12,
                        intermediate_size=1536, max_position_embeddings=512)
    model = BertModel(config, add_pooling_layer=False).to("cuda", dtype).eval()
    generator = torch.Generator().manual_seed(17)
    ids_host = torch.randint(0, config.vocab_size, (BATCH, SEQ), generator=generator)
    mask_host = torch.ones_like(ids_host)

    def step() -> torch.Tensor:
        ids, mask = ids_host.to("cuda"), mask_host.to("cuda")
        hidden = model(input_ids=ids, attention_mask=mask).last_hidden_state.float()
        m = mask.unsqueeze(-1).float()
        pooled = (hidden * m).sum(1) / m.sum(1).clamp_min(1e-9)
        return F.normalize(pooled, p=2, dim=1).cpu()

    with torch.inference_mode():
        for _ in range(WARMUP):
            step()
        torch.cuda.synchronize()
        start = time.perf_counter()
        for _ in range(ITERATIONS):
            step()
        elapsed = time.perf_counter() - start
    del model
    torch.cuda.empty_cache()
    return BATCH * ITERATIONS / elapsed


if __name__ == "__main__":
    for dtype, name in ((torch.float16, "fp16"), (torch.float32, "fp32")):
        rate = passages_per_second(dtype)
        print(f"ROW\tPyTorch eager BertModel\tcuda\t{name}\t{BATCH}\t{SEQ}\t{rate:.0f}\trandom weights", flush=True)
