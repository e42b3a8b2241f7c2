"""Trains the exported Par model with PyTorch, on one process or many (torchrun + DistributedDataParallel).

    python3 train.py --data CORPUS --tokens bytes --steps 1000 --out RUN
    torchrun --nproc_per_node 8 train.py --data CORPUS --tokens bytes --device cuda --out RUN
    python3 -m torch.distributed.run --nproc_per_node 2 train.py ...   (the same, where torchrun is not on PATH)

torch 1.13 with Python 3.11 (Debian 12) needs `--redirects 1 --tee 1` after --nproc_per_node: its launcher cannot
parse its own default "0" there. The final JSON is also written to RUN/result.json.

It trains as `par train` does: the same corpora (a WikiText-style folder or one text file split 90/5/5 by lines),
bytes or words, Transformer-XL stream batching (--batch contiguous rows, memory carried from segment to segment,
reset when a pass starts over), AdamW (decay on matrices only) with linear warm-up and cosine decay to a tenth,
gradient clipping. An encoder (attention = bidirectional) trains as a masked language model (--objective mlm, its
default): each segment's rows are sequences of their own, BERT-masked by the same generator as Par (15% chosen; 80%
[MASK], 10% a random token, 10% kept; the masks follow from --seed and the segment's index), loss on the chosen
positions only; validation reports masked-token loss and accuracy. The global batch is split by rows over the processes, so N processes see exactly the segments
one process would. gloo on CPU, NCCL on CUDA, bf16 autocast on CUDA where supported. RUN/model.safetensors carries
the model, the tokenizer and the step in its metadata, so `par eval RUN/model.safetensors` reads it back.
"""

import argparse
import collections
import contextlib
import json
import math
import os
import re
import sys
import time

import torch
import torch.distributed as dist
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import par_model  # noqa: E402  (the module exported beside this script)

HERE = os.path.dirname(os.path.abspath(__file__))
STATE_FILE = "train_state.pt"
WORD_SEPARATORS = re.compile(r"[ \t\r]+")
MAX_WORD_VOCABULARY = 32000
MASK_TEXT = "[MASK]"
NOT_CHOSEN = -100  # the target of a position the masked loss skips: cross_entropy's default ignore_index
EVALUATION_MASKING_SEED = 0  # Par.Runtime's Evaluator.MaskingSeed: every evaluation scores the same positions


def arguments():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", required=True, help="A WikiText-style folder (train/valid/test.txt) or one text file.")
    parser.add_argument("--tokens", choices=["bytes", "words"], help="Tokenization (default: the weights' own).")
    parser.add_argument("--objective", choices=["clm", "mlm"], help="Next-token (clm) or masked-language-model (mlm) training (default: mlm for an encoder, else clm).")
    parser.add_argument("--out", required=True, help="Run folder for model.safetensors, train_state.pt and history.json.")
    parser.add_argument("--weights", default=os.path.join(HERE, par_model.WEIGHTS_FILE), help="Weights to start from (default: the exported ones, when present).")
    parser.add_argument("--fresh", action="store_true", help="Start from fresh weights (Par's initialisation) instead.")
    parser.add_argument("--resume", action="store_true", help="Continue from RUN/train_state.pt.")
    parser.add_argument("--steps", type=int, default=1000, help="Optimizer steps in total (a resumed run continues up to it).")
    parser.add_argument("--batch", type=int, default=16, help="Contiguous rows per segment, over all processes.")
    parser.add_argument("--lr", type=float, default=1e-3, help="Peak learning rate.")
    parser.add_argument("--warmup", type=int, help="Warm-up steps (default: a tenth of --steps, at most 100).")
    parser.add_argument("--weight-decay", type=float, default=0.01)
    parser.add_argument("--clip", type=float, default=0.25, help="Global gradient-norm clip (0 disables).")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--eval-interval", type=int, default=200, help="Validate every N steps (and at the end).")
    parser.add_argument("--eval-batches", type=int, default=20, help="Validation segments per evaluation (0 = the whole split).")
    parser.add_argument("--checkpoint-interval", type=int, default=100, help="Save train_state.pt every N steps (and at the end).")
    parser.add_argument("--device", default="cpu", help="cpu or cuda (each process takes cuda:LOCAL_RANK).")
    parser.add_argument("--no-bf16", action="store_true", help="Train in float32 on CUDA too.")
    parser.add_argument("--rank-weights", action="store_true", help="Also write each process's weights to rank-N.safetensors (to check the replicas agree).")
    args = parser.parse_args()
    for name in ("steps", "batch"):
        if getattr(args, name) <= 0:
            parser.error("--%s must be > 0" % name)
    return args


# --- data: the same corpora, tokenizers and batching as Par.Runtime.Data ---

def read_text(path):
    if not os.path.isfile(path):
        raise SystemExit("train.py: %s: file not found" % path)
    with open(path, "rb") as source:
        text = source.read().decode("utf-8", errors="replace")
    if not text.strip():
        raise SystemExit("train.py: %s: file is empty or only whitespace" % path)
    return text


def load_corpus(path):
    """(train, valid, test) text: a folder's train/valid/test.txt, or one file split 90/5/5 by lines."""
    if os.path.isdir(path):
        return tuple(read_text(os.path.join(path, name + ".txt")) for name in ("train", "valid", "test"))
    if not os.path.isfile(path):
        raise SystemExit("train.py: --data %s: no such folder or file (the synthetic corpus exists only in Par)" % path)
    lines = read_text(path).rstrip("\n").split("\n")
    if len(lines) < 3:
        raise SystemExit("train.py: %s: needs at least 3 lines to split into train/valid/test" % path)
    held_out = max(2, round(len(lines) * 0.10))
    valid_count = max(1, held_out // 2)
    train_count = len(lines) - held_out
    return ("\n".join(lines[:train_count]), "\n".join(lines[train_count:train_count + valid_count]),
            "\n".join(lines[train_count + valid_count:]))


def words_of(line):
    return [word for word in WORD_SEPARATORS.split(line) if word]


def build_word_vocabulary(train_text, mask_token=False):
    """<unk>, <eos>, then words by descending count, ties in ordinal (UTF-16) order, then [MASK] for a masked model,
    as WordTokenizer.Build."""
    specials = ("<unk>", "<eos>", MASK_TEXT) if mask_token else ("<unk>", "<eos>")
    counts = collections.Counter(word for line in train_text.split("\n") for word in words_of(line) if word not in specials)
    frequent = sorted(counts.items(), key=lambda pair: (-pair[1], pair[0].encode("utf-16-be")))[:MAX_WORD_VOCABULARY - 2]
    return ["<unk>", "<eos>"] + [word for word, _ in frequent] + ([MASK_TEXT] if mask_token else [])


class Tokenizer:
    def __init__(self, description):
        self.description = description
        self.words = description["Name"] == "word"
        if self.words:
            self.ids = {word: index for index, word in enumerate(description["Vocabulary"])}
        elif description["Name"] != "byte":
            raise SystemExit("train.py: the weights use a '%s' tokenizer; train.py reads bytes and words" % description["Name"])
        # [MASK] is the last id when there is one (Par.Text.MaskToken).
        self.mask_token = description["VocabularySize"] - 1 if description.get("HasMaskToken") else None

    @property
    def unit(self):
        return "ppl" if self.words else "bpc"

    def encode(self, text):
        if not self.words:
            return torch.frombuffer(bytearray(text.encode("utf-8")), dtype=torch.uint8).to(torch.int64)
        lines = text.split("\n")
        count = len(lines) - 1 if text.endswith("\n") else len(lines)
        tokens = []
        for line in lines[:count]:
            tokens.extend(self.ids.get(word, 0) for word in words_of(line))
            tokens.append(1)
        return torch.tensor(tokens, dtype=torch.int64)


def tokenizer_for(kind, train_text, mask_token=False):
    """A fresh tokenizer's description as Par writes it (HasMaskToken only when set)."""
    flag = {"HasMaskToken": True} if mask_token else {}
    if kind == "bytes":
        return Tokenizer(dict({"Name": "byte", "VocabularySize": 257 if mask_token else 256, "Vocabulary": None}, **flag))
    vocabulary = build_word_vocabulary(train_text, mask_token)
    return Tokenizer(dict({"Name": "word", "VocabularySize": len(vocabulary), "Vocabulary": vocabulary}, **flag))


class MaskingRandom:
    """SplitMix64, as Par.Runtime.Data.MaskingRandom: a batch's masks follow from (seed, batch index) alone."""

    WORD = (1 << 64) - 1

    def __init__(self, seed, stream):
        self.state = seed & self.WORD
        self.state = self.next() ^ (stream & self.WORD)

    def next(self):
        self.state = (self.state + 0x9E3779B97F4A7C15) & self.WORD
        z = self.state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & self.WORD
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & self.WORD
        return z ^ (z >> 31)

    def next_double(self):
        return (self.next() >> 11) * (1.0 / (1 << 53))

    def next_int(self, count):
        return int(self.next_double() * count)


def mask_tokens(sequences, mask_token, seed, batch_index):
    """BERT's masking of [B, T] sequences, as Par.Runtime.Data.TokenMasking: per row floor(0.15 T) positions, one more
    with probability of the remainder, at least one; a chosen token becomes [MASK] 80%, a random id below [MASK] 10%,
    itself 10%. Returns (inputs, targets), targets NOT_CHOSEN where nothing is predicted."""
    rows, length = sequences.shape
    tokens = sequences.reshape(-1).tolist()
    inputs, targets = list(tokens), [NOT_CHOSEN] * len(tokens)
    random = MaskingRandom(seed, batch_index)
    expected = 0.15 * length
    for row in range(rows):
        start = row * length
        chosen = max(1, int(math.floor(expected)) + (1 if random.next_double() < expected - math.floor(expected) else 0))
        positions = list(range(length))
        for i in range(chosen):  # a partial Fisher-Yates shuffle: a uniform sample without repeats
            j = i + random.next_int(length - i)
            positions[i], positions[j] = positions[j], positions[i]
            at = start + positions[i]
            targets[at] = tokens[at]
            use = random.next_double()
            inputs[at] = mask_token if use < 0.8 else random.next_int(mask_token) if use < 0.9 else tokens[at]
    shape = tuple(sequences.shape)
    return torch.tensor(inputs, dtype=torch.int64).view(shape), torch.tensor(targets, dtype=torch.int64).view(shape)


class StreamBatcher:
    """batch contiguous rows of floor(N / batch) tokens; segment i is columns [i·C, (i+1)·C) of every row."""

    def __init__(self, tokens, batch, context):
        row_length = tokens.numel() // batch
        self.context = context
        self.segments_per_pass = (row_length - 1) // context
        if self.segments_per_pass < 1:
            raise SystemExit("train.py: a stream of %d tokens is too short for %d rows of at least %d tokens" % (tokens.numel(), batch, context + 1))
        self.rows = tokens[:batch * row_length].view(batch, row_length)

    def segment(self, index, rows=slice(None)):
        """(inputs, targets, starts_pass) of segment `index`, for the given rows."""
        column = (index % self.segments_per_pass) * self.context
        block = self.rows[rows]
        return block[:, column:column + self.context], block[:, column + 1:column + 1 + self.context], column == 0


def evaluate(model, tokens, batch, context, max_segments, device, mask_token=None):
    """(mean loss in nats, accuracy or None) over the first segments, as Par.Runtime.Evaluation.Evaluator: next-token
    loss per token with the memory carried, or, with mask_token, masked-token loss and accuracy over the positions
    masked under EVALUATION_MASKING_SEED."""
    batcher = StreamBatcher(tokens, batch, context)
    segments = min(max_segments, batcher.segments_per_pass) if max_segments > 0 else batcher.segments_per_pass
    was_training = model.training
    model.eval()
    loss_sum, count, correct, memory = 0.0, 0, 0, None
    with torch.no_grad():
        for index in range(segments):
            inputs, targets, _ = batcher.segment(index)
            if mask_token is not None:
                inputs, targets = mask_tokens(inputs, mask_token, EVALUATION_MASKING_SEED, index)
            logits, memory = model(inputs.to(device), memory)
            flat_logits, flat_targets = logits.float().reshape(-1, logits.shape[-1]), targets.to(device).reshape(-1)
            loss_sum += F.cross_entropy(flat_logits, flat_targets, reduction="sum").item()
            scored = flat_targets != NOT_CHOSEN
            count += scored.sum().item()
            correct += (flat_logits.argmax(-1).eq(flat_targets) & scored).sum().item()
    model.train(was_training)
    return loss_sum / count, (correct / count if mask_token is not None else None)


def learning_rate(step, base, warmup, total, min_ratio=0.1):
    """Linear warm-up, then cosine decay to min_ratio · base (Par's WarmupCosineSchedule)."""
    if step < warmup:
        return base * (step + 1) / warmup
    progress = min(1.0, (step - warmup) / max(1, total - warmup))
    return base * (min_ratio + (1 - min_ratio) * 0.5 * (1 + math.cos(math.pi * progress)))


def replace_vocabulary(par_text, vocabulary):
    return re.sub(r"(?m)^(\s*vocab = )\d+$", lambda match: match.group(1) + str(vocabulary), par_text)


# --- training ---

def main():
    args = arguments()
    distributed = "WORLD_SIZE" in os.environ and int(os.environ["WORLD_SIZE"]) > 1
    rank = int(os.environ.get("RANK", 0))
    world = int(os.environ.get("WORLD_SIZE", 1))
    local_rank = int(os.environ.get("LOCAL_RANK", 0))
    cuda = args.device.startswith("cuda")
    if cuda and not torch.cuda.is_available():
        raise SystemExit("train.py: --device cuda, but torch %s sees no CUDA device" % torch.__version__)
    device = torch.device("cuda", local_rank) if cuda else torch.device("cpu")
    if cuda:
        torch.cuda.set_device(device)
    if distributed:
        dist.init_process_group("nccl" if cuda else "gloo")
    if args.batch % world != 0:
        raise SystemExit("train.py: --batch %d must be a multiple of the %d processes" % (args.batch, world))
    bf16 = cuda and not args.no_bf16 and torch.cuda.is_bf16_supported()
    autocast = (lambda: torch.autocast(device_type="cuda", dtype=torch.bfloat16)) if bf16 else contextlib.nullcontext

    train_text, valid_text, _ = load_corpus(args.data)
    torch.manual_seed(args.seed)
    encoder = par_model.EXPORTED_CONFIG["attention"] == "bidirectional"
    masked = (args.objective or ("mlm" if encoder else "clm")) == "mlm"
    if masked and not encoder:
        raise SystemExit("train.py: --objective mlm needs an encoder (attention = bidirectional); a %s model sees only earlier tokens, so it trains with clm"
                         % par_model.EXPORTED_CONFIG["attention"])
    if args.fresh or not os.path.isfile(args.weights):
        if args.tokens is None:
            raise SystemExit("train.py: fresh weights: say how to tokenize --data: --tokens bytes or --tokens words")
        tokenizer = tokenizer_for(args.tokens, train_text, mask_token=masked)
        config = dict(par_model.EXPORTED_CONFIG, vocab=tokenizer.description["VocabularySize"])
        model = par_model.create(config)
        metadata = {"par.model": replace_vocabulary(par_model.EXPORTED_PAR_TEXT, config["vocab"]), "par.step": "0"}
        start = "fresh weights"
    else:
        model = par_model.load(args.weights).train()
        metadata = dict(model.metadata)
        tokenizer = Tokenizer(json.loads(metadata["par.tokenizer"]))
        if args.tokens is not None and (args.tokens == "words") != tokenizer.words:
            raise SystemExit("train.py: --tokens %s, but %s was trained on %s" % (args.tokens, args.weights, "words" if tokenizer.words else "bytes"))
        if masked and tokenizer.mask_token is None:
            raise SystemExit("train.py: --objective mlm, but the tokenizer of %s has no %s token; train it with par train --objective mlm, or start from --fresh weights"
                             % (args.weights, MASK_TEXT))
        start = args.weights
    config = model.config
    context = config["context"]
    mask_token = tokenizer.mask_token if masked else None
    metadata.update({
        "format": "pt",
        "par.config": json.dumps(config),
        "par.tokenizer": json.dumps(tokenizer.description),
        "par.version": par_model.PAR_VERSION,
        "par.trained_with": "PyTorch %s train.py, %d process(es), %s%s" % (torch.__version__, world, device.type, ", bf16" if bf16 else ""),
    })
    train_tokens, valid_tokens = tokenizer.encode(train_text), tokenizer.encode(valid_text)
    batcher = StreamBatcher(train_tokens, args.batch, context)
    rows_per_rank = args.batch // world
    my_rows = slice(rank * rows_per_rank, (rank + 1) * rows_per_rank)

    model.to(device).train()
    decay = [parameter for parameter in model.parameters() if parameter.dim() >= 2]
    no_decay = [parameter for parameter in model.parameters() if parameter.dim() < 2]
    optimizer = torch.optim.AdamW([{"params": decay, "weight_decay": args.weight_decay}, {"params": no_decay, "weight_decay": 0.0}],
                                  lr=args.lr, betas=(0.9, 0.999), eps=1e-8)
    warmup = min(100, args.steps // 10) if args.warmup is None else args.warmup
    os.makedirs(args.out, exist_ok=True)
    state_path = os.path.join(args.out, STATE_FILE)
    memory_path = os.path.join(args.out, "memory-rank%d.pt" % rank)
    step, history, memory = 0, [], None
    if args.resume:
        if not os.path.isfile(state_path):
            raise SystemExit("train.py: --resume: no %s; train without --resume first" % state_path)
        state = torch.load(state_path, map_location="cpu")
        model.load_state_dict(state["model"])
        optimizer.load_state_dict(state["optimizer"])
        step, history = state["step"], state["history"]
        if os.path.isfile(memory_path):
            memory = [None if slot is None else slot.to(device) for slot in torch.load(memory_path, map_location="cpu")]
        start = state_path
    torch.manual_seed(args.seed + rank + step)  # dropout differs between processes and after a resume
    network = torch.nn.parallel.DistributedDataParallel(model, device_ids=[local_rank] if cuda else None) if distributed else model

    def save_state():
        if rank == 0:
            torch.save({"step": step, "model": model.state_dict(), "optimizer": optimizer.state_dict(), "history": history}, state_path + ".tmp")
            os.replace(state_path + ".tmp", state_path)
            progress = {"par.step": str(step), "par.train_loss": repr(history[-1]["train_loss"])} if history else {}
            par_model.save_safetensors(os.path.join(args.out, par_model.WEIGHTS_FILE), model.state_dict(), dict(metadata, **progress))
        torch.save(memory, memory_path + ".tmp")
        os.replace(memory_path + ".tmp", memory_path)

    if rank == 0:
        print("train.py: %s %s from %s on %s (%s, %d tokens), %d process(es) on %s%s" % (
            config["name"], config["layout"], start, args.data, tokenizer.description["Name"], train_tokens.numel(), world, device.type,
            ", bf16 autocast" if bf16 else ""), file=sys.stderr)
    first_step, clock, valid_loss, valid_accuracy = step, time.perf_counter(), None, None
    while step < args.steps:
        inputs, targets, starts_pass = batcher.segment(step, my_rows)
        if starts_pass and step > 0:
            memory = None  # a new pass jumps back to the start of every row: the old memory no longer precedes it
        rate = learning_rate(step, args.lr, warmup, args.steps)
        for group in optimizer.param_groups:
            group["lr"] = rate
        if masked:
            # Masked over the whole batch, then sliced: N processes train on exactly the masks one process would.
            inputs, targets = mask_tokens(batcher.segment(step)[0], mask_token, args.seed, step)
            inputs, targets = inputs[my_rows], targets[my_rows]
        with autocast():
            logits, memory = network(inputs.to(device), memory)
            loss = F.cross_entropy(logits.float().reshape(-1, logits.shape[-1]), targets.to(device).reshape(-1), ignore_index=NOT_CHOSEN)
        optimizer.zero_grad()
        loss.backward()
        if args.clip > 0:
            torch.nn.utils.clip_grad_norm_(model.parameters(), args.clip)
        optimizer.step()
        step += 1
        global_loss = loss.detach().clone()
        if distributed:
            dist.all_reduce(global_loss)
            global_loss /= world
        record = {"step": step, "train_loss": global_loss.item(), "learning_rate": rate}
        if not math.isfinite(record["train_loss"]):
            raise SystemExit("train.py: the loss became %s at step %d; lower --lr or raise --warmup" % (record["train_loss"], step))
        if args.eval_interval > 0 and (step % args.eval_interval == 0 or step == args.steps) and rank == 0:
            with autocast():
                valid_loss, valid_accuracy = evaluate(model, valid_tokens, args.batch, context, args.eval_batches, device, mask_token)
            record["valid_loss"] = valid_loss
            if valid_accuracy is not None:
                record["valid_masked_accuracy"] = valid_accuracy
        history.append(record)
        if args.checkpoint_interval > 0 and step % args.checkpoint_interval == 0:
            save_state()
    elapsed = time.perf_counter() - clock
    save_state()
    if args.rank_weights:
        par_model.save_safetensors(os.path.join(args.out, "rank-%d.safetensors" % rank), model.state_dict(), metadata)
    if rank == 0:
        if valid_loss is None:
            valid_loss, valid_accuracy = evaluate(model, valid_tokens, args.batch, context, args.eval_batches, device, mask_token)
        with open(os.path.join(args.out, "history.json"), "w") as out:
            json.dump(history, out, indent=1)
        done = step - first_step
        measures = {"objective": "mlm", "valid_masked_accuracy": valid_accuracy, "valid_ppl": math.exp(valid_loss)} if masked else {
            "objective": "clm", "valid_" + tokenizer.unit: math.exp(valid_loss) if tokenizer.words else valid_loss / math.log(2)}
        result = json.dumps(dict({
            "model": config["name"], "layout": config["layout"], "step": step, "processes": world, "device": device.type, "bf16": bf16,
            "train_loss": history[-1]["train_loss"] if history else None, "valid_loss": valid_loss}, **measures, **{
            "tokens_per_s": done * args.batch * context / elapsed if done else None,
            "weights": os.path.join(args.out, par_model.WEIGHTS_FILE), "torch": torch.__version__,
        }))
        with open(os.path.join(args.out, "result.json"), "w") as out:
            out.write(result + "\n")
        print(result)
    if distributed:
        dist.barrier()
        dist.destroy_process_group()


if __name__ == "__main__":
    main()
