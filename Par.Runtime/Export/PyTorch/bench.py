"""Inference latency and training throughput of exported Par models under the PAR paper's protocol.

    python3 bench.py DIR [DIR ...] --device cuda

Latency: batch 1, a --segment-token segment (64) attending over a full memory of --memory states (640) per
attention block, after --warmup untimed runs; the median of --runs timed forwards, CUDA synchronised around each.
Throughput: training tokens/s (forward, backward, AdamW step) on --train-batch rows of `context` tokens, memory
carried, bf16 autocast on CUDA where supported. Prints one JSON array like `par bench --json`; with several
folders, latency_ratio is each model's median over the first's.

    python3 bench.py DIR --device cuda --latency-table cuda.json

Block latency table: also times one attention block, one feed-forward block and the embedding with the output head
at each model's widths, a --segment-token segment over --memory states, by the protocol `par search` measures its own
table with (batch 1, eval, no gradients; warm-up for a second, then rounds of 31 forwards until 7 rounds and 2 seconds
have passed, each part's fastest round median kept; CUDA synchronised around each forward; bf16 autocast on CUDA as
above, so the table's dtype says which). Written in the JSON schema `par search --latency-table` reads, keyed by the
device's name, threads, dtype, library versions and date, so a search on another machine prices layouts by this
device's latency. An existing file is replaced only with --overwrite.
"""

import argparse
import contextlib
import datetime
import importlib.util
import json
import os
import platform
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
    parser.add_argument("--latency-table", metavar="OUT.json", help="Also time each model's blocks into this block latency table.")
    parser.add_argument("--overwrite", action="store_true", help="Replace an existing --latency-table file.")
    args = parser.parse_args()
    for name in ("segment", "runs", "train_batch"):
        if getattr(args, name) <= 0:
            parser.error("--%s must be > 0" % name.replace("_", "-"))
    if args.memory < 0:
        parser.error("--memory must be >= 0")
    if args.latency_table is not None:
        if os.path.isdir(args.latency_table):
            parser.error("--latency-table %s is a folder; give the path of a file to write" % args.latency_table)
        folder = os.path.dirname(os.path.abspath(args.latency_table))
        if not os.path.isdir(folder) or not os.access(folder, os.W_OK):
            parser.error("--latency-table %s: %s is no folder this process can write into" % (args.latency_table, folder))
        if os.path.exists(args.latency_table) and not args.overwrite:
            parser.error("--latency-table %s exists; pass --overwrite to replace it, or choose another path" % args.latency_table)
    return args


def load_module(folder, index):
    spec = importlib.util.spec_from_file_location("par_model_%d" % index, os.path.join(folder, "par_model.py"))
    if spec is None or not os.path.isfile(os.path.join(folder, "par_model.py")):
        raise SystemExit("bench.py: %s holds no par_model.py (write one with 'par export ... --pytorch --out DIR')" % folder)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    weights = os.path.join(folder, module.WEIGHTS_FILE)
    return module, module.load(weights) if os.path.isfile(weights) else module.create().eval()


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


# The protocol of Par.Search's BlockLatencyMeasurer, so a table from here prices blocks as the search's own does.
TABLE_WARMUP_SECONDS = 1.0
TABLE_WARMUP_RUNS = 5
TABLE_TIMED_SECONDS = 2.0
TABLE_ROUNDS = 7
TABLE_RUNS = 31


def device_name(device):
    """The hardware, as Par names it: `cuda: ` and the GPU's name, or `cpu: ` and the processor's model name."""
    if device.type == "cuda":
        return "cuda: " + torch.cuda.get_device_name(device)
    try:
        with open("/proc/cpuinfo") as cpuinfo:
            for line in cpuinfo:
                if line.startswith("model name") and line.partition(":")[2].strip():
                    return "cpu: " + line.partition(":")[2].strip()
    except OSError:
        pass
    return "cpu: " + (platform.processor() or platform.machine().lower())


def median_ms(forward, runs, device):
    """The median milliseconds of `runs` forwards, each timed alone between synchronisations."""
    times = []
    for _ in range(runs):
        synchronise(device)
        start = time.perf_counter()
        forward()
        synchronise(device)
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def block_table(module, config, args, device, bf16):
    """One entry of a block latency table for the model `config` describes, keyed as `par search` keys its own."""
    xl = config["attention"] == "xl"
    memory_length = args.memory if xl else 0  # causal attention reads no memory
    attention = module.SelfAttentionBlock(config).to(device).eval()
    feed_forward = module.FeedForwardBlock(config).to(device).eval()
    embedding = module.TokenEmbedding(config).to(device).eval()
    head = module.OutputHead(config).to(device).eval()
    tied = embedding.tokens.weight if config["tie_embeddings"] else None
    generator = torch.Generator().manual_seed(0)
    segment = torch.randn(1, args.segment, config["d_model"], generator=generator).to(device)
    remembered = torch.randn(1, memory_length, config["d_model"], generator=generator).to(device) if memory_length else None
    tokens = torch.randint(config["vocab"], (1, args.segment), generator=generator).to(device)
    parts = {
        "attention": lambda: attention(segment, remembered),
        "feed_forward": lambda: feed_forward(segment),
        "embedding_and_head": lambda: head(embedding(tokens), tied),
    }
    fastest = {name: float("inf") for name in parts}
    autocast = torch.autocast(device_type="cuda", dtype=torch.bfloat16) if bf16 else contextlib.nullcontext()
    with torch.no_grad(), autocast:
        warming = time.perf_counter()
        while time.perf_counter() - warming < TABLE_WARMUP_SECONDS:
            for forward in parts.values():
                for _ in range(TABLE_WARMUP_RUNS):
                    forward()
        timing, rounds = time.perf_counter(), 0
        # Parts alternate round by round and each keeps its fastest round: a slow spell then inflates one round of
        # each, not one part's whole measurement.
        while rounds < TABLE_ROUNDS or time.perf_counter() - timing < TABLE_TIMED_SECONDS:
            for name, forward in parts.items():
                fastest[name] = min(fastest[name], median_ms(forward, TABLE_RUNS, device))
            rounds += 1
    libraries = "torch %s" % torch.__version__ + (", CUDA %s" % torch.version.cuda if device.type == "cuda" else "")
    return {
        "Device": device_name(device), "DModel": config["d_model"], "DFeedForward": config["d_ff"], "Heads": config["heads"],
        "Context": args.segment, "Memory": memory_length, "AttentionMs": fastest["attention"], "FeedForwardMs": fastest["feed_forward"],
        # The exported model recomputes the memory's keys and values every segment.
        "CachedAttention": False, "EmbeddingAndHeadMs": fastest["embedding_and_head"], "Vocab": config["vocab"],
        "Attention": config["attention"], "Threads": torch.get_num_threads(), "DType": "bfloat16" if bf16 else "float32",
        "Libraries": libraries, "MeasuredOn": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d"), "MeasuredBy": "bench.py",
    }


def write_table(path, tables):
    """The table file, written whole and atomically: a temporary file beside it, then a rename."""
    temporary = "%s.%d.tmp" % (path, os.getpid())
    with open(temporary, "w") as out:
        json.dump(tables, out, indent=2)
    os.replace(temporary, path)


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
    results, tables = [], {}
    for index, folder in enumerate(folders):
        module, model = load_module(folder, index)
        model = model.to(device)
        if args.latency_table is not None:
            table = block_table(module, model.config, args, device, bf16)
            key = tuple(value for name, value in sorted(table.items()) if not name.endswith("Ms") and name != "MeasuredOn")
            tables.setdefault(key, table)
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
    if args.latency_table is not None:
        write_table(args.latency_table, list(tables.values()))
        print("bench.py: block latency table of %s written to %s" % (device_name(device), args.latency_table), file=sys.stderr)
    print(json.dumps(results))


if __name__ == "__main__":
    main()
