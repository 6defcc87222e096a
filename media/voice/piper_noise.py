"""Piper's noise made repeatable: the same sentence gives the same samples in any process.

A Piper (VITS) model draws its noise inside the graph, from RandomNormalLike nodes whose
generator lives in the loaded session and moves on with every sentence, so a sentence's samples
depend on what that session said before. Each such node is replaced here by a slice of one fixed
block of normal noise, tiled as far as the tensor needs, so the noise of a sentence depends only
on the sentence: processes that share out a render's sentences make the same audio as one.
"""

from __future__ import annotations

import numpy as np

TAG = "fixed-noise-1"
"""Named in the voice's identity and its patched model's file name: a new block of noise (or
a new way of laying it out) needs a new tag, so cached sentences made with the old are not
taken for the new."""

BLOCK = 1 << 18
"""Samples of noise in the block (1 MB of float32): a sentence of 16 s fills 192 channels
before the block repeats, at an offset the model's channels never line up with."""

SEED = 27
"""The block is numpy's legacy generator's normals from this seed: that generator's stream is
frozen across numpy versions, so the block is the same wherever it is made."""


def noise_block() -> np.ndarray:
    return np.random.RandomState(SEED).standard_normal(BLOCK).astype(np.float32)


def fix_noise(proto) -> bool:
    """Replace every RandomNormalLike node of an onnx ModelProto, in place, by the same shape
    cut from the fixed block (scaled and shifted as the node asked). False if it had none."""
    from onnx import helper, numpy_helper

    graph = proto.graph
    random = [(i, node) for i, node in enumerate(graph.node) if node.op_type == "RandomNormalLike"]
    if not random:
        return False
    block = "scriptreel_noise_block"
    graph.initializer.append(numpy_helper.from_array(noise_block(), block))
    constants = {
        "scriptreel_noise_zero": np.array([0], dtype=np.int64),
        "scriptreel_noise_less": np.array([BLOCK - 1], dtype=np.int64),
        "scriptreel_noise_size": np.array([BLOCK], dtype=np.int64),
    }
    for name, value in constants.items():
        graph.initializer.append(numpy_helper.from_array(value, name))
    for index, node in reversed(random):
        attributes = {a.name: helper.get_attribute_value(a) for a in node.attribute}
        del graph.node[index]
        for offset, made in enumerate(_cut(node, block, attributes, helper)):
            graph.node.insert(index + offset, made)
    return True


def _cut(node, block: str, attributes: dict, helper) -> list:
    """Nodes that give node's output: the block tiled to the input's element count, cut to
    it, shaped like the input, then scaled and shifted by the node's own attributes."""
    tensor, out = node.input[0], node.output[0]
    name = f"{out}_fixed"
    shape, count, rounds = f"{name}_shape", f"{name}_count", f"{name}_rounds"
    made = [
        helper.make_node("Shape", [tensor], [shape]),
        helper.make_node("ReduceProd", [shape], [count], keepdims=1),
        helper.make_node("Add", [count, "scriptreel_noise_less"], [f"{name}_up"]),
        helper.make_node("Div", [f"{name}_up", "scriptreel_noise_size"], [rounds]),
        helper.make_node("Tile", [block, rounds], [f"{name}_tiled"]),
        helper.make_node(
            "Slice", [f"{name}_tiled", "scriptreel_noise_zero", count], [f"{name}_flat"]
        ),
    ]
    scale, mean = float(attributes.get("scale", 1.0)), float(attributes.get("mean", 0.0))
    if scale == 1.0 and mean == 0.0:
        return [*made, helper.make_node("Reshape", [f"{name}_flat", shape], [out])]
    made.append(helper.make_node("Reshape", [f"{name}_flat", shape], [f"{name}_shaped"]))
    made.append(_constant(helper, f"{name}_scale", scale))
    made.append(_constant(helper, f"{name}_mean", mean))
    made.append(helper.make_node("Mul", [f"{name}_shaped", f"{name}_scale"], [f"{name}_scaled"]))
    made.append(helper.make_node("Add", [f"{name}_scaled", f"{name}_mean"], [out]))
    return made


def _constant(helper, name: str, value: float):
    from onnx import TensorProto

    tensor = helper.make_tensor(f"{name}_value", TensorProto.FLOAT, [], [value])
    return helper.make_node("Constant", [], [name], value=tensor)
