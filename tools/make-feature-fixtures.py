#!/usr/bin/python3
"""Makes the Kaldi-compatibility fixtures of carousel.speech.feature.

Writes small deterministic test signals (tones, a chirp, harmonics and seeded noise, 16-bit PCM WAV) and the
features torchaudio.compliance.kaldi computes from them (torchaudio's re-implementation of Kaldi's
compute-fbank-feats and compute-mfcc-feats), plus torchaudio.functional.compute_deltas of one of them, under
src/test/resources/fixtures/features/:

  cases.txt      one line per case: name kind wav numFrames dim --kaldi-option=value ...
                 (kind is fbank, mfcc or deltas; the options are Kaldi's, which the Java test parses itself)
  <name>.f32     the expected (numFrames, dim) matrix as torchaudio computes it from float32 input (its usual
                 use), row-major little-endian float32
  <name>.ref64.f32  the same computed by torchaudio in float64 throughout (float64 input and default dtype, so
                 that its mel banks, DCT and lifter are float64 too), stored as float32: a tighter reference,
                 since float32 arithmetic alone moves MFCCs by up to ~1e-3 (printed when this runs)
  *.wav          the input signals

Run from the repository root with Debian's Python (python3-torch, python3-torchaudio):
    /usr/bin/python3 tools/make-feature-fixtures.py
It prints, per case, the largest difference between torchaudio in float32 (what is stored) and in float64,
as a measure of how exact the stored values are. The output is deterministic (fixed seeds).
"""
import math
import os
import sys
import wave

import numpy as np
import torch
import torchaudio
import torchaudio.compliance.kaldi as kaldi
import torchaudio.functional as taf

OUT = os.path.join("src", "test", "resources", "fixtures", "features")

# Kaldi's defaults for what torchaudio defaults differently: energy floor 0 (torchaudio: 1.0), and
# use_energy true for MFCC (torchaudio: false). Dither is 0 everywhere (Kaldi: 1.0), so results are exact.
BASE = ["--dither=0", "--energy-floor=0"]
FBANK_CASES = [
    ("fbank-default", "tones-16k.wav", []),
    ("fbank-nosnip", "tones-16k.wav", ["--snip-edges=false"]),
    ("fbank-40-hamming", "tones-16k.wav", ["--num-mel-bins=40", "--window-type=hamming"]),
    ("fbank-band-hanning", "tones-16k.wav",
     ["--num-mel-bins=30", "--low-freq=64", "--high-freq=-400", "--window-type=hanning"]),
    ("fbank-energy", "tones-16k.wav", ["--use-energy=true"]),
    ("fbank-energy-windowed-htk", "tones-16k.wav",
     ["--use-energy=true", "--raw-energy=false", "--energy-floor=1.0", "--htk-compat=true"]),
    ("fbank-rect-plain", "tones-16k.wav",
     ["--window-type=rectangular", "--remove-dc-offset=false", "--preemphasis-coefficient=0"]),
    ("fbank-blackman-magnitude", "tones-16k.wav",
     ["--window-type=blackman", "--use-power=false", "--high-freq=7000"]),
    ("fbank-linear", "tones-16k.wav", ["--use-log-fbank=false"]),
    ("fbank-no-pow2", "tones-16k.wav", ["--round-to-power-of-two=false"]),
    ("fbank-short-frames", "tones-16k.wav", ["--frame-length=20", "--frame-shift=5", "--snip-edges=false"]),
    ("fbank-8k", "speech-8k.wav", ["--sample-frequency=8000"]),
    ("fbank-8k-nosnip-15", "speech-8k.wav", ["--sample-frequency=8000", "--snip-edges=false", "--num-mel-bins=15"]),
]
MFCC_CASES = [
    ("mfcc-default", "tones-16k.wav", []),
    ("mfcc-no-energy", "tones-16k.wav", ["--use-energy=false"]),
    ("mfcc-nosnip", "tones-16k.wav", ["--snip-edges=false"]),
    ("mfcc-40-20-nolifter-hamming", "tones-16k.wav",
     ["--num-mel-bins=40", "--num-ceps=20", "--cepstral-lifter=0", "--window-type=hamming"]),
    ("mfcc-htk", "tones-16k.wav", ["--htk-compat=true", "--use-energy=false"]),
    ("mfcc-htk-energy", "tones-16k.wav", ["--htk-compat=true", "--raw-energy=false"]),
    ("mfcc-band-blackman", "tones-16k.wav", ["--window-type=blackman", "--low-freq=300", "--high-freq=3700"]),
    ("mfcc-8k", "speech-8k.wav", ["--sample-frequency=8000", "--low-freq=100", "--high-freq=-200"]),
]
MFCC_DEFAULTS = {"use_energy": True}


def to_kwargs(options, defaults):
    """Kaldi --name=value strings to torchaudio keyword arguments."""
    kwargs = dict(defaults)
    for opt in options:
        name, value = opt[2:].split("=", 1)
        key = name.replace("-", "_")
        if value in ("true", "false"):
            kwargs[key] = value == "true"
        elif key in ("num_mel_bins", "num_ceps"):
            kwargs[key] = int(value)
        elif key == "window_type":
            kwargs[key] = value
        else:
            kwargs[key] = float(value)
    return kwargs


def tones_16k():
    """1.1 s at 16 kHz: 50 ms of digital silence, tones with moving envelopes, a chirp, noise, a quiet tail."""
    fs = 16000
    rng = np.random.default_rng(20240611)
    t = np.arange(int(1.1 * fs)) / fs
    x = np.zeros_like(t)
    env = 0.5 + 0.5 * np.sin(2 * math.pi * 1.7 * t)
    x += 3000 * env * np.sin(2 * math.pi * 300 * t)
    x += 1500 * (1 - env) * np.sin(2 * math.pi * 1200 * t + 0.3)
    x += 800 * np.sin(2 * math.pi * 3100 * t + 1.1)
    f0, f1, dur = 100.0, 7000.0, 1.1
    x += 2000 * np.sin(2 * math.pi * (f0 * t + (f1 - f0) * t * t / (2 * dur)))
    x += rng.normal(0, 40, size=t.shape)
    x[t >= 0.95] = rng.normal(0, 2.0, size=int(np.sum(t >= 0.95)))  # quiet tail: near-zero energies
    x[t < 0.05] = 0.0
    return fs, np.clip(np.round(x), -32768, 32767).astype(np.int16)


def speech_8k():
    """0.9 s at 8 kHz: a harmonic 'vowel' (f0 110-140 Hz, formant-like envelope) and noise bursts."""
    fs = 8000
    rng = np.random.default_rng(7)
    t = np.arange(int(0.9 * fs)) / fs
    f0 = 110 + 30 * np.sin(2 * math.pi * 1.3 * t)
    phase = 2 * math.pi * np.cumsum(f0) / fs
    x = np.zeros_like(t)
    for h in range(1, 30):
        fh = h * 125.0
        gain = math.exp(-((fh - 700) / 300) ** 2) + 0.6 * math.exp(-((fh - 1200) / 400) ** 2) \
            + 0.3 * math.exp(-((fh - 2600) / 500) ** 2)
        x += 2500 * gain * np.sin(h * phase)
    burst = (t % 0.3) > 0.22
    x[burst] = rng.normal(0, 600, size=int(np.sum(burst)))
    x += rng.normal(0, 20, size=t.shape)
    return fs, np.clip(np.round(x), -32768, 32767).astype(np.int16)


def write_wav(path, fs, samples):
    with wave.open(path, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(fs)
        w.writeframes(samples.astype("<i2").tobytes())


def write_matrix(path, m):
    np.ascontiguousarray(m, dtype="<f4").tofile(path)


def main():
    if not os.path.isdir("src"):
        sys.exit("run from the repository root")
    os.makedirs(OUT, exist_ok=True)
    signals = {"tones-16k.wav": tones_16k(), "speech-8k.wav": speech_8k()}
    for name, (fs, s) in signals.items():
        write_wav(os.path.join(OUT, name), fs, s)
    lines = ["# Kaldi-compatibility fixtures made by tools/make-feature-fixtures.py with torch %s, torchaudio %s."
             % (torch.__version__, torchaudio.__version__),
             "# name kind wav numFrames dim options (Kaldi's); matrices in <name>.f32 (torchaudio in float32) and"
             " <name>.ref64.f32 (torchaudio in float64), row-major float32 LE",
             "# deltas: [fbank-default, compute_deltas(it), compute_deltas(compute_deltas(it))] of the float64 fbank"]

    def add_case(name, kind, wav, opts, fn, defaults):
        fs, s = signals[wav]
        kwargs = to_kwargs(BASE + opts, defaults)
        x32 = torch.from_numpy(s.astype(np.float32)).unsqueeze(0)
        x64 = torch.from_numpy(s.astype(np.float64)).unsqueeze(0)
        y32 = fn(x32, **kwargs)
        torch.set_default_dtype(torch.float64)  # also makes torchaudio's mel banks, DCT and lifter float64
        try:
            y64 = fn(x64, **kwargs)
        finally:
            torch.set_default_dtype(torch.float32)
        if kwargs.get("use_log_fbank", True):
            diff = (y32.double() - y64).abs().max().item()
        else:
            diff = ((y32.double() - y64).abs() / y64.abs().clamp_min(1e-30)).max().item()
        print("%-30s %4d x %-3d float32 vs float64 torchaudio: max diff %.3g" % (name, y32.shape[0], y32.shape[1], diff))
        write_matrix(os.path.join(OUT, name + ".f32"), y32.numpy())
        write_matrix(os.path.join(OUT, name + ".ref64.f32"), y64.numpy())
        lines.append(" ".join([name, kind, wav, str(y32.shape[0]), str(y32.shape[1])] + BASE + opts))
        return y64

    fbank_default = None
    for name, wav, opts in FBANK_CASES:
        y = add_case(name, "fbank", wav, opts, kaldi.fbank, {})
        if name == "fbank-default":
            fbank_default = y
    for name, wav, opts in MFCC_CASES:
        add_case(name, "mfcc", wav, opts, kaldi.mfcc, MFCC_DEFAULTS)

    # Deltas of fbank-default along time (torchaudio wants (..., freq, time)), window 2 (win_length 5).
    d1 = taf.compute_deltas(fbank_default.T, win_length=5).T.contiguous()
    d2 = taf.compute_deltas(d1.T, win_length=5).T.contiguous()
    write_matrix(os.path.join(OUT, "deltas-fbank-default.f32"),
                 torch.cat([fbank_default, d1, d2], dim=1).numpy())
    lines.append("deltas-fbank-default deltas fbank-default %d %d" % (d1.shape[0], 3 * d1.shape[1]))
    print("deltas-fbank-default: [fbank, compute_deltas(fbank), compute_deltas(compute_deltas(fbank))]")

    with open(os.path.join(OUT, "cases.txt"), "w") as f:
        f.write("\n".join(lines) + "\n")
    total = sum(os.path.getsize(os.path.join(OUT, n)) for n in os.listdir(OUT))
    print("wrote %d files, %d bytes, to %s" % (len(os.listdir(OUT)), total, OUT))


if __name__ == "__main__":
    main()
