"""A tiny safetensors reader/writer using only struct and json (no `safetensors` package).

Format (https://github.com/huggingface/safetensors): 8 bytes little-endian u64 N, then N bytes of
UTF-8 JSON header {name: {"dtype", "shape", "data_offsets": [begin, end]}, "__metadata__": {str: str}},
then the byte buffer; offsets are relative to the buffer start. Tensors are little-endian, row-major.
Works with PyTorch tensors (torch imported lazily) or with (dtype, shape, bytes) triples.
"""
import json
import os
import struct

# dtype name -> (struct code, item size)
DTYPES = {"F64": ("d", 8), "F32": ("f", 4), "F16": ("e", 2), "I64": ("q", 8), "I32": ("i", 4),
          "I16": ("h", 2), "I8": ("b", 1), "U8": ("B", 1), "BOOL": ("?", 1)}


def read_raw(path):
    """Return (tensors, metadata): tensors maps name -> (dtype, shape, bytes), in file order."""
    with open(path, "rb") as f:
        blob = f.read()
    if len(blob) < 8:
        raise ValueError("%s: too short for a safetensors header" % path)
    (n,) = struct.unpack("<Q", blob[:8])
    if 8 + n > len(blob):
        raise ValueError("%s: header length %d exceeds file size %d" % (path, n, len(blob)))
    header = json.loads(blob[8:8 + n].decode("utf-8"))
    meta = header.pop("__metadata__", {}) or {}
    data = blob[8 + n:]
    out = {}
    for name, info in header.items():
        begin, end = info["data_offsets"]
        out[name] = (info["dtype"], list(info["shape"]), data[begin:end])
    return out, meta


def write_raw(path, tensors, metadata=None):
    """Write name -> (dtype, shape, bytes) in the given order, header padded with spaces to 8 bytes."""
    header = {}
    if metadata:
        header["__metadata__"] = {str(k): str(v) for k, v in metadata.items()}
    offset = 0
    for name, (dtype, shape, raw) in tensors.items():
        header[name] = {"dtype": dtype, "shape": list(shape), "data_offsets": [offset, offset + len(raw)]}
        offset += len(raw)
    hb = json.dumps(header, separators=(",", ":")).encode("utf-8")
    hb += b" " * ((8 - len(hb) % 8) % 8)
    tmp = path + ".tmp"
    with open(tmp, "wb") as f:
        f.write(struct.pack("<Q", len(hb)))
        f.write(hb)
        for _, (_, _, raw) in tensors.items():
            f.write(raw)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)


_TORCH_NAMES = {"F64": "float64", "F32": "float32", "F16": "float16", "I64": "int64", "I32": "int32",
                "I16": "int16", "I8": "int8", "U8": "uint8", "BOOL": "bool"}


def load_torch(path):
    """Return (OrderedDict name -> torch.Tensor, metadata)."""
    import collections
    import torch
    raw, meta = read_raw(path)
    out = collections.OrderedDict()
    for name, (dtype, shape, data) in raw.items():
        code, size = DTYPES[dtype]
        count = len(data) // size
        values = struct.unpack("<%d%s" % (count, code), data)
        out[name] = torch.tensor(values, dtype=getattr(torch, _TORCH_NAMES[dtype])).reshape(shape)
    return out, meta


def save_torch(path, state_dict, metadata=None):
    """Write a dict of torch tensors (for example a state_dict) in its iteration order."""
    import torch
    back = {getattr(torch, v): k for k, v in _TORCH_NAMES.items()}
    raw = {}
    for name, tensor in state_dict.items():
        tensor = tensor.detach().contiguous().cpu()
        dtype = back[tensor.dtype]
        code, _ = DTYPES[dtype]
        values = tensor.reshape(-1).tolist()
        raw[name] = (dtype, list(tensor.shape), struct.pack("<%d%s" % (len(values), code), *values))
    write_raw(path, raw, metadata)
