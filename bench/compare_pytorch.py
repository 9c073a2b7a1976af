#!/usr/bin/python3
"""PyTorch's side of Carousel's benchmark configurations (see carousel.bench.Benchmarks).

  B1  1-layer LSTM, input 40, hidden 256, batch 32, T=100, linear output to 40 classes, softmax CE (training)
  B2  2-layer LSTMP (proj_size 256), input 40, 1024 cells, 2000 classes, batch 32, T=20 (training)
  B3  the B2 model forward, batch 1, 1000 frames fed one step at a time carrying (h, c) (streaming)

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


def report(name, fps):
    med = statistics.median(fps)
    print(f"{name:<3} {med:10.0f} frames/s  (median of {len(fps)} runs: {min(fps):.0f}..{max(fps):.0f})", flush=True)
    return med


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--only", default="B1,B2,B3", help="configurations to run, comma-separated (default B1,B2,B3)")
    ap.add_argument("--repeats", type=int, default=5, help="timed runs per configuration; the median is printed")
    ap.add_argument("--seconds", type=float, default=2.0, help="length of one timed training run in seconds")
    args = ap.parse_args()
    which = [w.strip().upper() for w in args.only.split(",") if w.strip()]
    for w in which:
        if w not in ("B1", "B2", "B3"):
            ap.error(f"unknown configuration '{w}' (expected B1, B2 or B3)")
    print(f"backend: PyTorch {torch.__version__}, torch threads {torch.get_num_threads()}, "
          f"OMP_NUM_THREADS={os.environ.get('OMP_NUM_THREADS', '')} "
          f"OPENBLAS_NUM_THREADS={os.environ.get('OPENBLAS_NUM_THREADS', '')} "
          f"OMP_WAIT_POLICY={os.environ.get('OMP_WAIT_POLICY', '')}", flush=True)
    for w in which:
        if w == "B1":
            training("B1", b1(), 32, 100, args.repeats, args.seconds)
        elif w == "B2":
            training("B2", b2(), 32, 20, args.repeats, args.seconds)
        else:
            streaming("B3", b2(), 1000, args.repeats)


if __name__ == "__main__":
    main()
