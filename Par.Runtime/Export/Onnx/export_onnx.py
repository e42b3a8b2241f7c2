"""Exports a Par model to ONNX through PyTorch's own exporter (torch.onnx.export, opset 17); run by `par export --onnx`.

    python3 export_onnx.py MODULE_DIR OUT.onnx METADATA.json

MODULE_DIR holds par_model.py and model.safetensors, as `par export --pytorch` writes them for a trained model.
The graph is one segment: inputs `tokens` [batch, length] int64, then `memory_0`.. one [batch, memory_length, d_model]
float tensor per attention block in layer order (a first segment passes memory_length 0); outputs `logits`
[batch, length, vocab], then `new_memory_0`.. in the same order, each the last `memory` states of memory and segment.
Batch, length and memory length are dynamic. Causal models (and xl models with memory 0) have no memory tensors.
An encoder (attention = bidirectional) is one sequence instead: inputs `tokens` and `is_token` [batch, length] bool
(false at padding, which no position attends to), output `logits`.
METADATA.json (string keys and values: the .par text, the config, the tokenizer, ...) becomes the model's
metadata_props.
"""

import json
import sys

import torch

OPSET = 17
# ModelProto.metadata_props, a repeated StringStringEntryProto (key = 1, value = 2). torch.onnx.export has no
# parameter for it and the `onnx` package is not always installed (Debian 12's python3-torch does not bring it), so
# the entries are appended as encoded fields: protobuf merges a message's concatenated encodings, appending to
# repeated fields, so this equals setting them, and the graph itself is still entirely the exporter's.
METADATA_PROPS_FIELD = 14
KEY_FIELD = 1
VALUE_FIELD = 2
LENGTH_DELIMITED = 2

# Sizes of the example segment the exporter traces: distinct, so no dimension can be mistaken for another.
TRACE_BATCH = 2
TRACE_LENGTH = 3
TRACE_MEMORY = 5


class SegmentForward(torch.nn.Module):
    """forward(tokens, *memories) -> (logits, *new_memories): ParModel's segment with its memory as plain tensors."""

    def __init__(self, model, slots):
        super().__init__()
        self.model = model
        self.slots = slots

    def forward(self, tokens, *memories):
        logits, updated = self.model(tokens, list(memories) if self.slots else None)
        return (logits, *updated) if self.slots else logits


class EncoderForward(torch.nn.Module):
    """forward(tokens, is_token) -> logits: an encoder's sequence with its padding mask."""

    def __init__(self, model):
        super().__init__()
        self.model = model

    def forward(self, tokens, is_token):
        logits, _ = self.model(tokens, None, is_token)
        return logits


def _varint(value):
    encoded = bytearray()
    while True:
        low = value & 0x7F
        value >>= 7
        if value:
            encoded.append(low | 0x80)
        else:
            encoded.append(low)
            return bytes(encoded)


def _length_delimited(field, payload):
    return _varint(field << 3 | LENGTH_DELIMITED) + _varint(len(payload)) + payload


def append_metadata(path, metadata):
    with open(path, "ab") as model_file:
        for key, value in metadata.items():
            entry = _length_delimited(KEY_FIELD, str(key).encode("utf-8")) + _length_delimited(VALUE_FIELD, str(value).encode("utf-8"))
            model_file.write(_length_delimited(METADATA_PROPS_FIELD, entry))


def export(module_dir, out, metadata):
    sys.path.insert(0, module_dir)
    import par_model

    model = par_model.load(module_dir)
    config = model.config
    if config["attention"] == "bidirectional":
        export_encoder(model, out)
        append_metadata(out, metadata)
        return
    slots = model.attention_slots if model.memory_length > 0 else 0
    generator = torch.Generator().manual_seed(0)
    length = min(TRACE_LENGTH, config["context"])
    tokens = torch.randint(0, config["vocab"], (TRACE_BATCH, length), generator=generator)
    memories = [torch.randn(TRACE_BATCH, TRACE_MEMORY, config["d_model"], generator=generator) for _ in range(slots)]
    inputs = ["tokens"] + ["memory_%d" % slot for slot in range(slots)]
    outputs = ["logits"] + ["new_memory_%d" % slot for slot in range(slots)]
    dynamic = {"tokens": {0: "batch", 1: "length"}, "logits": {0: "batch", 1: "length"}}
    for slot in range(slots):
        dynamic["memory_%d" % slot] = {0: "batch", 1: "memory_length"}
        dynamic["new_memory_%d" % slot] = {0: "batch", 1: "new_memory_length"}
    with torch.no_grad():
        torch.onnx.export(SegmentForward(model, slots), (tokens, *memories), out, input_names=inputs, output_names=outputs,
                          dynamic_axes=dynamic, opset_version=OPSET, do_constant_folding=True)
    append_metadata(out, metadata)


def export_encoder(model, out):
    generator = torch.Generator().manual_seed(0)
    length = min(TRACE_LENGTH, model.config["context"])
    tokens = torch.randint(0, model.config["vocab"], (TRACE_BATCH, length), generator=generator)
    # Traced with a padded position, so the mask's path is in the graph whatever a caller passes.
    is_token = torch.ones(TRACE_BATCH, length, dtype=torch.bool)
    is_token[0, -1] = False
    dynamic = {"tokens": {0: "batch", 1: "length"}, "is_token": {0: "batch", 1: "length"}, "logits": {0: "batch", 1: "length"}}
    with torch.no_grad():
        torch.onnx.export(EncoderForward(model), (tokens, is_token), out, input_names=["tokens", "is_token"], output_names=["logits"],
                          dynamic_axes=dynamic, opset_version=OPSET, do_constant_folding=True)


if __name__ == "__main__":
    if len(sys.argv) != 4:
        sys.exit("usage: export_onnx.py MODULE_DIR OUT.onnx METADATA.json")
    with open(sys.argv[3], encoding="utf-8") as metadata_file:
        entries = json.load(metadata_file)
    export(sys.argv[1], sys.argv[2], entries)
