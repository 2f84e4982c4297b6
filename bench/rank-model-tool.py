#!/usr/bin/env python3
"""Writes config-samples/models/ctr_lr.json, the sample model of docs/ranking.md, and shows how a
training pipeline computes the recengine-model v1 bucket of a feature (FNV-1a 64 + fmix64, mod buckets)."""
import json
import sys

M64 = 0xFFFFFFFFFFFFFFFF


def fnv1a64(text):
    h = 0xcbf29ce484222325
    for b in text.encode("utf-8"):
        h ^= b
        h = (h * 0x100000001b3) & M64
    return h


def fmix64(h):
    h ^= h >> 33
    h = (h * 0xff51afd7ed558ccd) & M64
    h ^= h >> 33
    h = (h * 0xc4ceb9fe1a85ec53) & M64
    h ^= h >> 33
    return h


def bucket(name, value, buckets):
    """Categorical: name=value; numeric: value None (the name alone)."""
    key = name if value is None else name + "=" + value
    return fmix64(fnv1a64(key)) % buckets


def sample(path):
    b = 64
    w = [0.0] * b
    w[bucket("cate", "shoes", b)] += 1.5
    w[bucket("cate", "hats", b)] += -0.5
    w[bucket("price", None, b)] += 0.01
    w[bucket("gender", "f", b)] += 0.2
    model = {"format": "recengine-model", "version": 1, "type": "lr", "output": "sigmoid", "buckets": b,
             "features": [{"name": "gender", "side": "user", "kind": "categorical"},
                          {"name": "cate", "side": "item", "kind": "categorical"},
                          {"name": "price", "side": "item", "kind": "numeric"}],
             "bias": -1.0, "weights": w}
    with open(path, "w") as f:
        f.write(json.dumps(model) + "\n")


if __name__ == "__main__":
    sample(sys.argv[1] if len(sys.argv) > 1 else "config-samples/models/ctr_lr.json")
