"""Inference latency and training throughput of exported Par models under the PAR paper's protocol.

    python3 bench.py DIR [DIR ...] --device cuda

Latency: batch 1, a --segment-token segment (64) attending over a full memory of --memory states (640) per
attention block, after --warmup untimed runs; the median of --runs timed forwards, CUDA synchronised around each.
Throughput: training tokens/s (forward, backward, AdamW step) on --train-batch rows of `context` tokens, memory
carried, bf16 autocast on CUDA where supported. Prints one JSON array like `par bench --json`; with several
folders, latency_ratio is each model's median over the first's.
"""

import argparse
import contextlib
import importlib.util
import json
import os
import statistics
import sys
import time

import torch
import torch.nn.functional as F


def arguments():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("dirs", nargs="*", help="Exported folders (default: this script's own).")
    parser.add_argument("--device", default="cpu", help="cpu or cuda.")
    parser.add_argument("--segment", type=int, default=64, help="Tokens per timed forward (the paper's tgt_len 64).")
    parser.add_argument("--memory", type=int, default=640, help="Remembered states per attention block (the paper's mem_len 640).")
    parser.add_argument("--warmup", type=int, default=10)
    parser.add_argument("--runs", type=int, default=100)
    parser.add_argument("--train-steps", type=int, default=10, help="Timed training steps (0 skips throughput).")
    parser.add_argument("--train-batch", type=int, default=16)
    parser.add_argument("--threads", type=int, help="CPU intra-op threads.")
    parser.add_argument("--no-bf16", action="store_true")
    args = parser.parse_args()
    for name in ("segment", "runs", "train_batch"):
        if getattr(args, name) <= 0:
            parser.error("--%s must be > 0" % name.replace("_", "-"))
    return args


def load_module(folder, index):
    spec = importlib.util.spec_from_file_location("par_model_%d" % index, os.path.join(folder, "par_model.py"))
    if spec is None or not os.path.isfile(os.path.join(folder, "par_model.py")):
        raise SystemExit("bench.py: %s holds no par_model.py (write one with 'par export ... --pytorch --out DIR')" % folder)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    weights = os.path.join(folder, module.WEIGHTS_FILE)
    return module.load(weights) if os.path.isfile(weights) else module.create().eval()


def synchronise(device):
    if device.type == "cuda":
        torch.cuda.synchronize(device)


def latency(model, args, device):
    """Milliseconds of each timed forward over a full memory (batch 1)."""
    model.eval()
    vocab, context = model.config["vocab"], model.config["context"]
    xl = model.config["attention"] == "xl"
    if not xl and args.segment > context:
        raise SystemExit("bench.py: %s is causal with context %d, shorter than --segment %d" % (model.config["name"], context, args.segment))
    model.memory_length = args.memory if xl else 0
    tokens = torch.randint(vocab, (1, args.segment), device=device)
    memory = None
    times = []
    with torch.no_grad():
        for _ in range(-(-args.memory // args.segment) if xl else 0):  # fill every slot
            _, memory = model(tokens, memory)
        for run in range(args.warmup + args.runs):
            synchronise(device)
            start = time.perf_counter()
            model(tokens, memory)
            synchronise(device)
            if run >= args.warmup:
                times.append((time.perf_counter() - start) * 1000)
    return times


def throughput(model, args, device, bf16):
    """Training tokens per second, memory carried between steps."""
    model.memory_length = model.config["memory"] if model.config["attention"] == "xl" else 0
    model.train()
    optimizer = torch.optim.AdamW(model.parameters(), lr=1e-4)
    vocab, context = model.config["vocab"], model.config["context"]
    tokens = torch.randint(vocab, (args.train_batch, context + 1), device=device)
    memory, elapsed = None, 0.0
    for step in range(2 + args.train_steps):
        synchronise(device)
        start = time.perf_counter()
        with torch.autocast(device_type="cuda", dtype=torch.bfloat16) if bf16 else contextlib.nullcontext():
            logits, memory = model(tokens[:, :-1], memory)
            loss = F.cross_entropy(logits.float().reshape(-1, vocab), tokens[:, 1:].reshape(-1))
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        synchronise(device)
        if step >= 2:
            elapsed += time.perf_counter() - start
    return args.train_steps * args.train_batch * context / elapsed


def main():
    args = arguments()
    if args.threads:
        torch.set_num_threads(args.threads)
    device = torch.device(args.device)
    if device.type == "cuda" and not torch.cuda.is_available():
        raise SystemExit("bench.py: --device cuda, but torch %s sees no CUDA device" % torch.__version__)
    bf16 = device.type == "cuda" and not args.no_bf16 and torch.cuda.is_bf16_supported()
    folders = args.dirs or [os.path.dirname(os.path.abspath(__file__))]
    results = []
    for index, folder in enumerate(folders):
        model = load_module(folder, index).to(device)
        times = latency(model, args, device)
        ordered = sorted(times)
        results.append({
            "model": model.config["name"], "layout": model.config["layout"], "dir": folder,
            "params": sum(parameter.numel() for parameter in model.parameters()),
            "latency_ms": statistics.median(times), "latency_min_ms": ordered[0], "latency_max_ms": ordered[-1],
            "latency_p90_ms": ordered[min(len(ordered) - 1, int(0.9 * len(ordered)))],
            "tokens_per_s": throughput(model, args, device, bf16) if args.train_steps > 0 else None,
            "device": str(device), "bf16": bf16, "segment": args.segment, "memory": args.memory, "runs": args.runs,
            "torch": torch.__version__,
        })
        print("bench.py: %s %s: %.3f ms" % (model.config["name"], model.config["layout"], results[-1]["latency_ms"]), file=sys.stderr)
    for result in results:
        result["latency_ratio"] = result["latency_ms"] / results[0]["latency_ms"]
    print(json.dumps(results))


if __name__ == "__main__":
    main()
