#!/usr/bin/python3
"""PyTorch's side of Carousel's benchmark configurations (see carousel.bench.Benchmarks).

  B1  1-layer LSTM, input 40, hidden 256, batch 32, T=100, linear output to 40 classes, softmax CE (training)
  B2  2-layer LSTMP (proj_size 256), input 40, 1024 cells, 2000 classes, batch 32, T=20 (training)
  B3  the B2 model forward, batch 1, 1000 frames fed one step at a time carrying (h, c) (streaming)
  B4  the B2 model forward, batch 32, one frame per step carrying (h, c): 32 streams stepped together
      (Carousel's B4 lets streams join and leave; here the batch stays 32, PyTorch's usual way);
      prints frames/s (32 x steps/s) and the 50th/95th percentile time per step

Training step = zero_grad + forward + cross-entropy + backward + SGD update (lr 1e-4), float32,
random data; frames = batch x steps. Each configuration runs --repeats timed runs (training: about
--seconds each; streaming: 1000 frames each) after a warm-up, and prints the median in the same
line format as `carousel bench`:

  B1      23000 frames/s  (median of 5 runs: 21000..24000)

Threads: set them in the environment before Python starts, one process per thread count, e.g.
  OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 OMP_WAIT_POLICY=PASSIVE /usr/bin/python3 bench/compare_pytorch.py
(Debian's torch uses OpenBLAS, whose thread count torch.set_num_threads does not control.)
"""
import argparse
import ctypes
import os
import statistics
import time

import torch
import torch.nn as nn


class Model(nn.Module):
    def __init__(self, input_size, hidden_size, num_layers, proj_size, output_size):
        super().__init__()
        self.lstm = nn.LSTM(input_size, hidden_size, num_layers, proj_size=proj_size)
        self.output = nn.Linear(proj_size if proj_size > 0 else hidden_size, output_size)

    def forward(self, x, state=None):
        y, state = self.lstm(x, state)
        return self.output(y), state


def b1():
    return Model(40, 256, 1, 0, 40)


def b2():
    return Model(40, 1024, 2, 256, 2000)


def training(name, model, batch, steps, repeats, seconds):
    torch.manual_seed(1)
    x = torch.rand(steps, batch, model.lstm.input_size) * 2 - 1
    labels = torch.randint(0, model.output.out_features, (steps * batch,))
    opt = torch.optim.SGD(model.parameters(), lr=1e-4)
    loss_fn = nn.CrossEntropyLoss()

    def step():
        opt.zero_grad()
        logits, _ = model(x)
        loss = loss_fn(logits.reshape(steps * batch, -1), labels)
        loss.backward()
        opt.step()

    for _ in range(3):
        step()
    fps = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        n = 0
        while True:
            step()
            n += 1
            if time.perf_counter() - t0 >= seconds:
                break
        fps.append(n * steps * batch / (time.perf_counter() - t0))
    return report(name, fps)


def streaming(name, model, frames, repeats):
    torch.manual_seed(2)
    lstm = model.lstm
    x = torch.rand(frames, 1, 1, lstm.input_size) * 2 - 1
    r = lstm.proj_size if lstm.proj_size > 0 else lstm.hidden_size
    fps = []
    with torch.no_grad():
        for rep in range(-1, repeats):  # rep = -1 is the warm-up pass
            h = torch.zeros(lstm.num_layers, 1, r)
            c = torch.zeros(lstm.num_layers, 1, lstm.hidden_size)
            t0 = time.perf_counter()
            for t in range(frames):
                logits, (h, c) = model(x[t], (h, c))
            if rep >= 0:
                fps.append(frames / (time.perf_counter() - t0))
    return report(name, fps)


def many_streams(name, model, batch, steps, repeats):
    torch.manual_seed(3)
    lstm = model.lstm
    x = torch.rand(997, 1, batch, lstm.input_size) * 2 - 1
    r = lstm.proj_size if lstm.proj_size > 0 else lstm.hidden_size
    fps, step_s = [], []
    with torch.no_grad():
        h = torch.zeros(lstm.num_layers, batch, r)
        c = torch.zeros(lstm.num_layers, batch, lstm.hidden_size)
        for t in range(100):  # warm-up
            logits, (h, c) = model(x[t % 997], (h, c))
        for rep in range(repeats):
            t0 = time.perf_counter()
            for t in range(steps):
                s0 = time.perf_counter()
                logits, (h, c) = model(x[t % 997], (h, c))
                step_s.append(time.perf_counter() - s0)
            fps.append(batch * steps / (time.perf_counter() - t0))
    step_s.sort()
    p = lambda q: step_s[min(len(step_s) - 1, int(q * (len(step_s) - 1) + 0.5))] * 1e3
    med = statistics.median(fps)
    print(f"{name:<3} {med:10.0f} frames/s  step p50 {p(0.5):.3f} ms p95 {p(0.95):.3f} ms  {med / 100:.0f} real-time streams  "
          f"(batch {batch}, {steps * repeats} steps; median of {len(fps)} runs: {min(fps):.0f}..{max(fps):.0f})", flush=True)
    return med


def openblas_core():
    """The OpenBLAS core (kernel set) the process's OpenBLAS runs, read from the loaded library, or '?'."""
    try:
        with open("/proc/self/maps") as f:
            libs = {line.split()[-1] for line in f if "openblas" in line.lower() and ".so" in line}
        for lib in sorted(libs):
            try:
                fn = ctypes.CDLL(lib).openblas_get_corename
                fn.restype = ctypes.c_char_p
                return fn().decode()
            except (OSError, AttributeError):
                continue
    except OSError:
        pass
    return "?"


def report(name, fps):
    med = statistics.median(fps)
    print(f"{name:<3} {med:10.0f} frames/s  (median of {len(fps)} runs: {min(fps):.0f}..{max(fps):.0f})", flush=True)
    return med


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--only", default="B1,B2,B3,B4", help="configurations to run, comma-separated (default B1,B2,B3,B4)")
    ap.add_argument("--repeats", type=int, default=5, help="timed runs per configuration; the median is printed")
    ap.add_argument("--seconds", type=float, default=2.0, help="length of one timed training run in seconds")
    args = ap.parse_args()
    which = [w.strip().upper() for w in args.only.split(",") if w.strip()]
    for w in which:
        if w not in ("B1", "B2", "B3", "B4"):
            ap.error(f"unknown configuration '{w}' (expected B1, B2, B3 or B4)")
    torch.zeros(2, 2) @ torch.zeros(2, 2)  # loads the BLAS
    print(f"backend: PyTorch {torch.__version__}, OpenBLAS core {openblas_core()} "
          f"(OPENBLAS_CORETYPE={os.environ.get('OPENBLAS_CORETYPE', '')}), torch threads {torch.get_num_threads()}, "
          f"OMP_NUM_THREADS={os.environ.get('OMP_NUM_THREADS', '')} "
          f"OPENBLAS_NUM_THREADS={os.environ.get('OPENBLAS_NUM_THREADS', '')} "
          f"OMP_WAIT_POLICY={os.environ.get('OMP_WAIT_POLICY', '')}", flush=True)
    for w in which:
        if w == "B1":
            training("B1", b1(), 32, 100, args.repeats, args.seconds)
        elif w == "B2":
            training("B2", b2(), 32, 20, args.repeats, args.seconds)
        elif w == "B3":
            streaming("B3", b2(), 1000, args.repeats)
        else:
            many_streams("B4", b2(), 32, 500, args.repeats)


if __name__ == "__main__":
    main()
