"""Runs Par's exported PyTorch modules against the logits Par computed, then writes files for Par to import.

    check_parity.py CASE_DIR [CASE_DIR ...]

Each CASE_DIR holds what `par export` writes (par_model.py, model.safetensors) and expected.safetensors with
tokens_N and logits_N for segments N = 0, 1, ...; the segments run in order with the memory carried. An encoder's
case also holds is_token (1 at tokens, 0 at padding) and padded_logits, Par's logits of tokens_0 with that padding mask.
Writes:
- pytorch_weights.safetensors: the weights changed by PyTorch, with their metadata, by the emitted module's writer;
- pytorch_logits.safetensors: that model's logits on the same segments;
- save_file.safetensors: the same weights, no metadata, by safetensors' save_file (or a writer laid out like it).
Prints one JSON object: case -> {"max_difference", "segments", "torch"} (and "padded_max_difference" for an encoder).
"""

import importlib.util
import json
import os
import struct
import sys

import torch


def load_module(folder, index):
    spec = importlib.util.spec_from_file_location("par_model_case%d" % index, os.path.join(folder, "par_model.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def save_file_equivalent(tensors, path):
    """safetensors' own layout: tensors by descending alignment then name, compact JSON, padded with spaces to 8."""
    try:
        from safetensors.torch import save_file
    except ImportError:
        pass
    else:
        return save_file(tensors, path)
    names = sorted(tensors, key=lambda name: (-tensors[name].element_size(), name))
    header, offset = {}, 0
    for name in names:
        size = tensors[name].numel() * tensors[name].element_size()
        header[name] = {"dtype": {torch.float32: "F32", torch.int64: "I64"}[tensors[name].dtype],
                        "shape": list(tensors[name].shape), "data_offsets": [offset, offset + size]}
        offset += size
    encoded = json.dumps(header, separators=(",", ":")).encode()
    encoded += b" " * (-len(encoded) % 8)
    with open(path, "wb") as out:
        out.write(struct.pack("<Q", len(encoded)) + encoded)
        for name in names:
            out.write(tensors[name].contiguous().numpy().tobytes())


def run_segments(model, tokens):
    memory, outputs = None, []
    with torch.no_grad():
        for segment in tokens:
            logits, memory = model(segment, memory)
            outputs.append(logits)
    return outputs


def main():
    report = {}
    for index, folder in enumerate(sys.argv[1:]):
        par_model = load_module(folder, index)
        model = par_model.load(folder)
        expected, _ = par_model.read_safetensors(os.path.join(folder, "expected.safetensors"))
        segments = len([name for name in expected if name.startswith("tokens_")])
        tokens = [expected["tokens_%d" % n] for n in range(segments)]
        outputs = run_segments(model, tokens)
        difference = max((output - expected["logits_%d" % n]).abs().max().item() for n, output in enumerate(outputs))
        report[os.path.basename(folder)] = {"max_difference": difference, "segments": segments, "torch": torch.__version__}
        if "is_token" in expected:
            with torch.no_grad():
                padded, _ = model(tokens[0], None, expected["is_token"].bool())
            report[os.path.basename(folder)]["padded_max_difference"] = (padded - expected["padded_logits"]).abs().max().item()

        generator = torch.Generator().manual_seed(index)
        with torch.no_grad():
            for parameter in model.parameters():
                parameter.add_(torch.randn(parameter.shape, generator=generator) * 0.05)
        par_model.save_safetensors(os.path.join(folder, "pytorch_weights.safetensors"), model.state_dict(), model.metadata)
        logits = run_segments(model, tokens)
        par_model.save_safetensors(os.path.join(folder, "pytorch_logits.safetensors"),
                                   {"logits_%d" % n: output for n, output in enumerate(logits)}, {})
        save_file_equivalent({name: tensor.contiguous() for name, tensor in model.state_dict().items()},
                             os.path.join(folder, "save_file.safetensors"))
    print(json.dumps(report))


if __name__ == "__main__":
    main()
