#!/usr/bin/python3
"""Writes PyTorch reference models for Carousel's LSTM model loader, one directory each.

Run from the repository root:  /usr/bin/python3 tools/make-torch-fixtures.py
(Debian's python3-torch 1.13 and python3-numpy; the safetensors package is not needed.)

Each model is torch.nn.LSTM (batch_first=False) followed by a torch.nn.Linear output layer
applied at every time step. For each one, src/test/resources/fixtures/torch/<name>/ holds
  config.json         {"cell": "lstm", input_size, hidden_size, num_layers, proj_size,
                       bidirectional, output_size}, meanings as in torch.nn.LSTM (proj_size 0 = none)
  model.safetensors   the state_dict, float32, PyTorch's names and shapes: lstm.weight_ih_l{k},
                      lstm.weight_hh_l{k}, lstm.bias_ih_l{k}, lstm.bias_hh_l{k}, lstm.weight_hr_l{k}
                      (with proj_size), each also with suffix _reverse when bidirectional;
                      output.weight, output.bias. Tensors sorted by name, header padded to 8 bytes,
                      __metadata__ recording the generator, seed and torch version.
  input.npy           (T, B, input_size) float32, standard normal
  output.npy          (T, B, output_size) float32: output(lstm(input)) from zero initial states
and, for models with "initial_state", h0.npy (L*D, B, proj_size or hidden_size), c0.npy
(L*D, B, hidden_size) and output_h0c0.npy, the logits computed from those states.

The logits are computed in float64 from the float32 weights and inputs (model.double()), then
rounded to float32, so they are the exact answer for the stored weights up to one rounding; the
script checks that PyTorch's own float32 forward pass agrees to 1e-5.
"""
import json
import os
import struct

import numpy as np
import torch

SEED = 1997  # Hochreiter & Schmidhuber, "Long Short-Term Memory"
T, B = 7, 3
OUT = os.path.join("src", "test", "resources", "fixtures", "torch")

MODELS = [
    dict(name="lstm-1layer", input_size=5, hidden_size=7, num_layers=1, proj_size=0,
         bidirectional=False, output_size=3, initial_state=True),
    dict(name="lstm-2layer", input_size=5, hidden_size=6, num_layers=2, proj_size=0,
         bidirectional=False, output_size=4, initial_state=False),
    dict(name="lstmp-2layer", input_size=4, hidden_size=8, num_layers=2, proj_size=3,
         bidirectional=False, output_size=5, initial_state=True),
    dict(name="bilstm-2layer", input_size=5, hidden_size=6, num_layers=2, proj_size=0,
         bidirectional=True, output_size=4, initial_state=False),
    dict(name="bilstmp-1layer", input_size=4, hidden_size=8, num_layers=1, proj_size=3,
         bidirectional=True, output_size=3, initial_state=False),
]
CONFIG_KEYS = ["input_size", "hidden_size", "num_layers", "proj_size", "bidirectional", "output_size"]


class LstmWithOutput(torch.nn.Module):
    """LSTM then a per-frame linear layer; state_dict names lstm.* and output.*."""

    def __init__(self, c):
        super().__init__()
        self.lstm = torch.nn.LSTM(c["input_size"], c["hidden_size"], num_layers=c["num_layers"],
                                  bidirectional=c["bidirectional"], proj_size=c["proj_size"],
                                  batch_first=False)
        directions = 2 if c["bidirectional"] else 1
        self.output = torch.nn.Linear(directions * (c["proj_size"] or c["hidden_size"]), c["output_size"])

    def forward(self, x, state=None):
        y, _ = self.lstm(x, state)
        return self.output(y)


def write_safetensors(path, tensors, metadata):
    """The safetensors layout by hand: u64 header size, compact JSON padded to 8, data in name order."""
    header = {"__metadata__": dict(sorted(metadata.items()))}
    blobs = []
    offset = 0
    for name in sorted(tensors):
        blob = np.ascontiguousarray(tensors[name].detach().numpy(), dtype="<f4").tobytes()
        header[name] = {"dtype": "F32", "shape": list(tensors[name].shape),
                        "data_offsets": [offset, offset + len(blob)]}
        blobs.append(blob)
        offset += len(blob)
    text = json.dumps(header, separators=(",", ":")).encode("utf-8")
    text += b" " * (-len(text) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        for blob in blobs:
            f.write(blob)


def logits(model, x, state=None):
    """Float64 logits from the float32 weights, checked against PyTorch's float32 result."""
    with torch.no_grad():
        single = model(x, state)
        exact = model.double()(x.double(), None if state is None else tuple(s.double() for s in state))
        model.float()
    gap = (single.double() - exact).abs().max().item()
    assert gap < 1e-5, "float32 and float64 forward passes differ by %g" % gap
    return exact.float().numpy()


def save_npy(directory, name, array):
    np.save(os.path.join(directory, name), np.ascontiguousarray(array, dtype="<f4"), allow_pickle=False)


def make(index, c):
    seed = SEED + index
    torch.manual_seed(seed)
    model = LstmWithOutput(c)
    x = torch.randn(T, B, c["input_size"])
    directory = os.path.join(OUT, c["name"])
    os.makedirs(directory, exist_ok=True)

    config = {"cell": "lstm"}
    config.update({k: c[k] for k in CONFIG_KEYS})
    with open(os.path.join(directory, "config.json"), "w") as f:
        json.dump(config, f, indent=2)
        f.write("\n")
    write_safetensors(os.path.join(directory, "model.safetensors"), model.state_dict(), {
        "format": "pt",
        "generator": "tools/make-torch-fixtures.py",
        "seed": str(seed),
        "torch_version": torch.__version__,
    })
    save_npy(directory, "input.npy", x.numpy())
    save_npy(directory, "output.npy", logits(model, x))
    if c["initial_state"]:
        layers = c["num_layers"] * (2 if c["bidirectional"] else 1)
        h0 = torch.randn(layers, B, c["proj_size"] or c["hidden_size"])
        c0 = torch.randn(layers, B, c["hidden_size"])
        save_npy(directory, "h0.npy", h0.numpy())
        save_npy(directory, "c0.npy", c0.numpy())
        save_npy(directory, "output_h0c0.npy", logits(model, x, (h0, c0)))
    print("wrote", directory, sorted(model.state_dict()))


def main():
    for index, c in enumerate(MODELS):
        make(index, c)


if __name__ == "__main__":
    main()
