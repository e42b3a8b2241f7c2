"""A Par model in plain PyTorch (torch 1.13 or later), exported by `par export ... --pytorch`.

    import par_model
    model = par_model.load("DIR")            # eval mode, weights loaded strictly
    logits, memory = model(tokens, None)     # tokens [B, T] int64; pass memory back for the next segment
    logits, _ = model(tokens, None, is_token)  # an encoder (attention = bidirectional): is_token [B, T] bool, False at padding

The architecture comes from the safetensors metadata of DIR/model.safetensors (`par.config`); `create()`
builds the exported model fresh from EXPORTED_CONFIG. The blocks re-implement Par.Runtime's (see
docs/architecture.md, "The model in formulas") and keep its state_dict keys, so weights move both ways.
"""

import json
import math
import os
import struct

import torch
import torch.nn as nn
import torch.nn.functional as F

# The model this file was exported for (replaced by `par export`).
EXPORTED_CONFIG = json.loads(r"""{{PAR_CONFIG}}""")
EXPORTED_PAR_TEXT = r"""{{PAR_TEXT}}"""
PAR_VERSION = "{{PAR_VERSION}}"

WEIGHTS_FILE = "model.safetensors"
LAYER_NORM_EPS = 1e-5
INIT_STD = 0.02


def layer_names(layers):
    """State_dict prefix per layer (None for identity layers): layer_NN_attention / layer_NN_feed_forward."""
    width = max(2, len(str(max(0, len(layers) - 1))))
    suffixes = {"s": "attention", "f": "feed_forward", "-": None}
    return [None if suffixes[letter] is None else "layer_%0*d_%s" % (width, index, suffixes[letter])
            for index, letter in enumerate(layers)]


def _init_linear(linear):
    nn.init.normal_(linear.weight, 0.0, INIT_STD)
    if linear.bias is not None:
        nn.init.zeros_(linear.bias)


class TokenEmbedding(nn.Module):
    """Token table; causal and bidirectional models add learned absolute positions (xl models get positions from attention)."""

    def __init__(self, config):
        super().__init__()
        self.context = config["context"]
        self.dropout = config["dropout"]
        self.tokens = nn.Embedding(config["vocab"], config["d_model"])
        nn.init.normal_(self.tokens.weight, 0.0, INIT_STD)
        self.attention = config["attention"]
        self.positions = None
        if self.attention != "xl":
            self.positions = nn.Embedding(config["context"], config["d_model"])
            nn.init.normal_(self.positions.weight, 0.0, INIT_STD)

    def forward(self, tokens):
        embedded = self.tokens(tokens)
        if self.positions is not None:
            length = tokens.shape[1]
            if length > self.context:
                raise ValueError("a %s model sees at most context = %d tokens per forward, got %d" % (self.attention, self.context, length))
            embedded = embedded + self.positions(torch.arange(length, device=tokens.device))
        return F.dropout(embedded, self.dropout, self.training)


def relative_sinusoids(key_length, d_model, device, dtype):
    """[K, d]: row j encodes distance K-1-j, sines then cosines of distance / 10000^(2i/d)."""
    distances = torch.arange(key_length - 1, -1, -1, device=device, dtype=dtype)
    frequencies = torch.pow(10000.0, -torch.arange(0, d_model, 2, device=device, dtype=dtype) / d_model)
    angles = torch.outer(distances, frequencies)
    return torch.cat([angles.sin(), angles.cos()], -1)


def relative_shift(scores):
    """[B, H, T, K] scores by sinusoid row to scores by key: query i, key j gets distance M + i - j."""
    batch, heads, queries, keys = scores.shape
    padded = torch.cat([scores.new_zeros(batch, heads, queries, 1), scores], -1)
    return padded.view(batch, heads, keys + 1, queries)[:, :, 1:].reshape(batch, heads, queries, keys)


class SelfAttentionBlock(nn.Module):
    """x + Dropout(W_o · Attn(LN(x))): causal inside the segment, bidirectional over the whole sequence (BERT, keys at
    padding closed), or Transformer-XL relative attention over memory."""

    def __init__(self, config):
        super().__init__()
        d_model, self.heads = config["d_model"], config["heads"]
        self.head_width = d_model // self.heads
        self.kind = config["attention"]
        self.xl = self.kind == "xl"
        self.dropout = config["dropout"]
        self.norm = nn.LayerNorm(d_model, eps=LAYER_NORM_EPS)
        self.qkv = nn.Linear(d_model, 3 * d_model)
        self.output = nn.Linear(d_model, d_model)
        _init_linear(self.qkv)
        _init_linear(self.output)
        if self.xl:
            self.relative_position = nn.Linear(d_model, d_model, bias=False)
            _init_linear(self.relative_position)
            self.content_bias = nn.Parameter(torch.zeros(self.heads, self.head_width))   # u
            self.position_bias = nn.Parameter(torch.zeros(self.heads, self.head_width))  # v

    def forward(self, x, remembered=None, is_token=None):
        """is_token: [B, T] bool, False at padding, for bidirectional attention only (None: nothing is padded)."""
        if is_token is not None and self.kind != "bidirectional":
            raise ValueError("a padding mask is for bidirectional attention; %s attention takes none" % self.kind)
        if self.xl:
            attended = self._relative(x, remembered)
        elif self.kind == "bidirectional":
            attended = self._bidirectional(x, is_token)
        else:
            attended = self._causal(x)
        return x + F.dropout(self.output(attended), self.dropout, self.training)

    def _split_heads(self, projected):
        """[B, L, 3d] (rows [q | k | v], each by heads) to q, k, v of [B, H, L, d/H]."""
        batch, length = projected.shape[0], projected.shape[1]
        parts = projected.view(batch, length, 3, self.heads, self.head_width).permute(2, 0, 3, 1, 4)
        return parts[0], parts[1], parts[2]

    def _merge_heads(self, per_head):
        batch, length = per_head.shape[0], per_head.shape[2]
        return per_head.transpose(1, 2).reshape(batch, length, self.heads * self.head_width)

    def _causal(self, x):
        query, key, value = self._split_heads(self.qkv(self.norm(x)))
        dropout = self.dropout if self.training else 0.0
        if hasattr(F, "scaled_dot_product_attention"):
            attended = F.scaled_dot_product_attention(query, key, value, None, dropout, True)
        else:  # torch 1.x
            length = x.shape[1]
            scores = query.matmul(key.transpose(-2, -1)) / math.sqrt(self.head_width)
            future = torch.ones(length, length, dtype=torch.bool, device=x.device).triu(1)
            weights = F.dropout(scores.masked_fill(future, float("-inf")).softmax(-1), dropout, self.training)
            attended = weights.matmul(value)
        return self._merge_heads(attended)

    def _bidirectional(self, x, is_token):
        query, key, value = self._split_heads(self.qkv(self.norm(x)))
        dropout = self.dropout if self.training else 0.0
        # [B, 1, 1, T]: the same keys are open to every head and every query of a row.
        keys_open = None if is_token is None else is_token.to(device=x.device, dtype=torch.bool).view(is_token.shape[0], 1, 1, is_token.shape[1])
        if hasattr(F, "scaled_dot_product_attention"):
            attended = F.scaled_dot_product_attention(query, key, value, keys_open, dropout, False)
        else:  # torch 1.x
            scores = query.matmul(key.transpose(-2, -1)) / math.sqrt(self.head_width)
            if keys_open is not None:
                scores = scores.masked_fill(~keys_open, float("-inf"))
            attended = F.dropout(scores.softmax(-1), dropout, self.training).matmul(value)
        return self._merge_heads(attended)

    def _relative(self, x, remembered):
        memory_length = 0 if remembered is None else remembered.shape[1]
        segment_length = x.shape[1]
        full = x if remembered is None else torch.cat([remembered.to(x.dtype), x], 1)
        key_length = full.shape[1]
        query, key, value = self._split_heads(self.qkv(self.norm(full)))
        query = query[:, :, memory_length:]
        heads, width = self.heads, self.head_width
        encodings = relative_sinusoids(key_length, heads * width, x.device, x.dtype)
        position_keys = self.relative_position(encodings).view(key_length, heads, width).permute(1, 2, 0)
        content = (query + self.content_bias.view(1, heads, 1, width)).matmul(key.transpose(-2, -1))
        position = relative_shift((query + self.position_bias.view(1, heads, 1, width)).matmul(position_keys))
        scores = (content + position) * (1.0 / math.sqrt(width))
        # Query i sits at absolute position M + i: it sees the whole memory and the segment up to itself.
        future = torch.ones(segment_length, key_length, dtype=torch.bool, device=x.device).triu(memory_length + 1)
        weights = F.dropout(scores.masked_fill(future, float("-inf")).softmax(-1), self.dropout, self.training)
        return self._merge_heads(weights.matmul(value))


class FeedForwardBlock(nn.Module):
    """x + Dropout(W2 · Dropout(GELU(W1 · LN(x))))."""

    def __init__(self, config):
        super().__init__()
        self.dropout = config["dropout"]
        self.norm = nn.LayerNorm(config["d_model"], eps=LAYER_NORM_EPS)
        self.expand = nn.Linear(config["d_model"], config["d_ff"])
        self.contract = nn.Linear(config["d_ff"], config["d_model"])
        _init_linear(self.expand)
        _init_linear(self.contract)

    def forward(self, x):
        inner = F.dropout(F.gelu(self.expand(self.norm(x))), self.dropout, self.training)
        return x + F.dropout(self.contract(inner), self.dropout, self.training)


class OutputHead(nn.Module):
    """LN then the vocabulary projection; a tied head owns only a bias and projects with the token table."""

    def __init__(self, config):
        super().__init__()
        self.norm = nn.LayerNorm(config["d_model"], eps=LAYER_NORM_EPS)
        if config["tie_embeddings"]:
            self.bias = nn.Parameter(torch.zeros(config["vocab"]))
        else:
            self.projection = nn.Linear(config["d_model"], config["vocab"])
            _init_linear(self.projection)

    def forward(self, hidden, tied_weight):
        normed = self.norm(hidden)
        return F.linear(normed, tied_weight, self.bias) if tied_weight is not None else self.projection(normed)


class ParModel(nn.Module):
    """embedding, the layers in order, output. forward(tokens, memory, is_token) -> (logits [B, T, V], memory)."""

    def __init__(self, config):
        super().__init__()
        unknown = set(config["layers"]) - set("sf-")
        if unknown:
            raise ValueError("layers may hold only s, f and -, got %r" % config["layers"])
        if config["d_model"] % config["heads"] != 0:
            raise ValueError("d_model %d is not a multiple of heads %d" % (config["d_model"], config["heads"]))
        self.config = dict(config)
        self.memory_length = config["memory"] if config["attention"] == "xl" else 0
        self.embedding = TokenEmbedding(config)
        self.layer_order = []
        for letter, name in zip(config["layers"], layer_names(config["layers"])):
            if name is not None:
                self.add_module(name, SelfAttentionBlock(config) if letter == "s" else FeedForwardBlock(config))
                self.layer_order.append(name)
        self.output = OutputHead(config)
        self.metadata = {}

    @property
    def attention_slots(self):
        """One memory slot per attention block, in layer order."""
        return sum(1 for name in self.layer_order if name.endswith("_attention"))

    @property
    def is_encoder(self):
        return self.config["attention"] == "bidirectional"

    def forward(self, tokens, memory=None, is_token=None):
        """memory: None for the first segment, else what the previous call returned (one tensor or None per slot; only
        xl models keep any). is_token: an encoder's padding mask, [B, T] bool, False at padding, which no position
        attends to, so a padded token changes no other position's output; every row needs at least one token."""
        if is_token is not None and not self.is_encoder:
            raise ValueError("a padding mask is for an encoder (attention = bidirectional); this model's attention is %s" % self.config["attention"])
        if memory is None:
            memory = [None] * self.attention_slots
        hidden = self.embedding(tokens)
        updated, slot = [], 0
        for name in self.layer_order:
            block = getattr(self, name)
            if isinstance(block, SelfAttentionBlock):
                remembered = memory[slot]
                updated.append(self._remember(remembered, hidden))
                hidden = block(hidden, remembered, is_token)
                slot += 1
            else:
                hidden = block(hidden)
        tied = self.embedding.tokens.weight if self.config["tie_embeddings"] else None
        return self.output(hidden, tied), updated

    def _remember(self, remembered, block_input):
        """The block's input (pre-LN) appended to its memory, last `memory` positions kept, no gradient."""
        if self.memory_length == 0:
            return None
        current = block_input.detach()
        combined = current if remembered is None else torch.cat([remembered, current], 1)
        return combined[:, -self.memory_length:]


def create(config=None):
    """The exported model (or `config`) with fresh weights, initialised as Par initialises them."""
    return ParModel(EXPORTED_CONFIG if config is None else config)


def load(path, device="cpu"):
    """The model in PATH (a folder holding model.safetensors, or the file), in eval mode, weights loaded strictly."""
    file = os.path.join(path, WEIGHTS_FILE) if os.path.isdir(path) else path
    tensors, metadata = read_safetensors(file)
    if "par.config" not in metadata:
        raise ValueError("%s: no par.config in its safetensors metadata; Par writes it with 'par export' and 'par train --export'" % file)
    model = ParModel(json.loads(metadata["par.config"]))
    model.load_state_dict(tensors, strict=True)
    model.metadata = dict(metadata)
    return model.to(device).eval()


# --- safetensors (the `safetensors` package when installed, else the same format read and written here) ---

_DTYPES = {
    "F64": torch.float64, "F32": torch.float32, "F16": torch.float16, "BF16": torch.bfloat16,
    "I64": torch.int64, "I32": torch.int32, "I16": torch.int16, "I8": torch.int8, "U8": torch.uint8, "BOOL": torch.bool,
}
_NAMES = {dtype: name for name, dtype in _DTYPES.items()}


def read_safetensors(path):
    """(tensors, metadata) of a safetensors file; ValueError naming the file when it is malformed."""
    try:
        from safetensors import safe_open
    except ImportError:
        return _read_safetensors(path)
    with safe_open(path, framework="pt") as opened:
        return {name: opened.get_tensor(name) for name in opened.keys()}, dict(opened.metadata() or {})


def save_safetensors(path, tensors, metadata):
    """Writes tensors and string metadata (header padded to 8 bytes) atomically: a temporary file, then a rename."""
    tensors = {name: tensor.detach().cpu().contiguous() for name, tensor in tensors.items()}
    temporary = "%s.%d.tmp" % (path, os.getpid())
    try:
        from safetensors.torch import save_file
    except ImportError:
        _write_safetensors(temporary, tensors, metadata)
    else:
        save_file(tensors, temporary, metadata=metadata)
    os.replace(temporary, path)


def _tensor_bytes(tensor):
    if tensor.dtype == torch.bfloat16:  # numpy has no bfloat16; the bits are the same
        tensor = tensor.view(torch.int16)
    return tensor.numpy().tobytes()


def _write_safetensors(path, tensors, metadata):
    header, offset, names = {}, 0, sorted(tensors)
    if metadata:
        header["__metadata__"] = {str(key): str(value) for key, value in metadata.items()}
    for name in names:
        tensor = tensors[name]
        if tensor.dtype not in _NAMES:
            raise ValueError("tensor %r has dtype %s, which safetensors cannot store" % (name, tensor.dtype))
        size = tensor.numel() * tensor.element_size()
        header[name] = {"dtype": _NAMES[tensor.dtype], "shape": list(tensor.shape), "data_offsets": [offset, offset + size]}
        offset += size
    encoded = json.dumps(header, separators=(",", ":")).encode("utf-8")
    encoded += b" " * (-len(encoded) % 8)
    with open(path, "wb") as out:
        out.write(struct.pack("<Q", len(encoded)))
        out.write(encoded)
        for name in names:
            out.write(_tensor_bytes(tensors[name]))


def _read_safetensors(path):
    with open(path, "rb") as source:
        data = source.read()
    if len(data) < 8:
        raise ValueError("%s: %d bytes is too short for a safetensors file" % (path, len(data)))
    (header_length,) = struct.unpack("<Q", data[:8])
    if header_length > len(data) - 8:
        raise ValueError("%s: header length %d exceeds the file (%d bytes): truncated or not safetensors" % (path, header_length, len(data)))
    try:
        header = json.loads(data[8:8 + header_length].decode("utf-8"))
    except ValueError as error:
        raise ValueError("%s: the header is not valid JSON (%s)" % (path, error))
    metadata = header.pop("__metadata__", None) or {}
    buffer = memoryview(data)[8 + header_length:]
    tensors, expected_begin = {}, 0
    for name, entry in sorted(header.items(), key=lambda item: item[1]["data_offsets"][0]):
        dtype = _DTYPES.get(entry.get("dtype"))
        if dtype is None:
            raise ValueError("%s: tensor %r has unsupported dtype %r" % (path, name, entry.get("dtype")))
        begin, end = entry["data_offsets"]
        shape = [int(dimension) for dimension in entry["shape"]]
        size = math.prod(shape) * torch.empty(0, dtype=dtype).element_size()
        if begin != expected_begin or end - begin != size or end > len(buffer):
            raise ValueError("%s: tensor %r has data_offsets [%d, %d], expected [%d, %d] within %d bytes"
                             % (path, name, begin, end, expected_begin, expected_begin + size, len(buffer)))
        expected_begin = end
        raw = bytearray(buffer[begin:end])
        tensors[name] = (torch.frombuffer(raw, dtype=dtype) if raw else torch.empty(0, dtype=dtype)).reshape(shape)
    if expected_begin != len(buffer):
        raise ValueError("%s: %d bytes of data but the tensors use %d" % (path, len(buffer), expected_begin))
    return tensors, metadata
