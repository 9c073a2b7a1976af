#!/usr/bin/env python3
"""Writes the seed inputs of ReaderFuzzTest (small valid files of every format) into
src/test/resources/carousel/fuzz/ReaderFuzzTestInputs/METHOD/seed-*. Findings of scripts/fuzz.sh are
kept beside them as regression inputs (crash-*, renamed regression-*)."""
import json, os, struct, sys
import numpy as np

root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
out = os.path.join(root, "src/test/resources/carousel/fuzz/ReaderFuzzTestInputs")
fix = os.path.join(root, "src/test/resources/fixtures/torch/lstmp-2layer")

def put(method, name, data):
    d = os.path.join(out, method)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, "seed-" + name), "wb") as f:
        f.write(data if isinstance(data, bytes) else data.encode("utf-8"))

def wav(fmt, bits, channels, rate, samples):
    block = channels * bits // 8
    data = samples
    fmt_chunk = struct.pack("<HHIIHH", fmt, channels, rate, rate * block, block, bits)
    body = b"WAVE" + b"fmt " + struct.pack("<I", len(fmt_chunk)) + fmt_chunk + b"data" + struct.pack("<I", len(data)) + data
    return b"RIFF" + struct.pack("<I", len(body)) + body

t = np.arange(160)
s16 = (3000 * np.sin(t / 5)).astype("<i2")
put("wav", "pcm16-16k", wav(1, 16, 1, 16000, s16.tobytes()))
put("wav", "pcm16-8k-stereo", wav(1, 16, 2, 8000, np.repeat(s16, 2).tobytes()))
put("wav", "pcm24-48k", wav(1, 24, 1, 48000, b"".join(int(v).to_bytes(3, "little", signed=True) for v in s16[:64] * 256)))
put("wav", "float32", wav(3, 32, 1, 16000, (s16[:64] / 32768).astype("<f4").tobytes()))
put("wav", "pcm8", wav(1, 8, 1, 16000, (s16[:64] // 256 + 128).astype("u1").tobytes()))
hdr = "NIST_1A\n   1024\nsample_count -i 64\nsample_rate -i 16000\nchannel_count -i 1\nsample_n_bytes -i 2\nsample_byte_format -s2 01\nsample_coding -s3 pcm\nend_head\n"
put("wav", "sphere", hdr.encode().ljust(1024, b" ") + s16[:64].tobytes())

buf = __import__("io").BytesIO(); np.save(buf, np.arange(12, dtype="<f4").reshape(3, 4)); put("npy", "f32", buf.getvalue())
buf = __import__("io").BytesIO(); np.save(buf, np.arange(5, dtype="<i8")); put("npy", "i64", buf.getvalue())
put("npy", "input", open(os.path.join(fix, "input.npy"), "rb").read())

weights = open(os.path.join(fix, "model.safetensors"), "rb").read()
config = open(os.path.join(fix, "config.json"), "rb").read()
put("safetensors", "lstmp", weights)
put("configJson", "lstmp", config)
put("configJson", "dnn", json.dumps({"cell": "dnn", "input_size": 6, "hidden_size": 4, "num_layers": 2, "output_size": 3, "nonlinearity": "relu"}))
put("configJson", "blstm", json.dumps({"cell": "lstm", "input_size": 3, "hidden_size": 4, "bidirectional": True, "output_size": 2, "peepholes": True, "cell_clip": 3.0}))
# FuzzedDataProvider: consumeString(400) reads its bytes from the front, the rest is the weights file
put("modelDirectory", "lstmp", config.ljust(400, b" ") + weights)

am = {"feature_kind": "fbank", "feature_options": ["--num-mel-bins=40"], "deltas": False, "targets": "phones48", "delay": 5,
      "context_left": 0, "context_right": 0, "mean": [0.5] * 40, "std": [1.0] * 40, "log_priors": [-3.87] * 48}
put("amJson", "fbank40", json.dumps(am))
am.update(feature_kind="mfcc", feature_options=[], deltas=True, mean=[0.0] * 39, std=[2.0] * 39, context_left=2, context_right=1, delay=0)
put("amJson", "mfcc-deltas", json.dumps(am))

def ark_fm(key, m):
    return key.encode() + b" \0BFM " + b"\4" + struct.pack("<i", m.shape[0]) + b"\4" + struct.pack("<i", m.shape[1]) + m.astype("<f4").tobytes()
def ark_iv(key, v):
    return key.encode() + b" \0B\4" + struct.pack("<i", len(v)) + b"".join(b"\4" + struct.pack("<i", x) for x in v)
put("kaldiArk", "matrices", ark_fm("utt1", np.arange(6).reshape(2, 3)) + ark_fm("utt2", np.ones((1, 3))))
put("kaldiArk", "int-vectors", ark_iv("utt1", [1, 2, 3]) + ark_iv("utt2", []))
put("kaldiArk", "text", "utt1  [\n  1 2 3\n  4 5 6 ]\nutt2 [ 7.5 -1e3 ]\n")
put("kaldiScp", "feats", "utt1 /data/feats.ark:5\nutt2 /data/feats.ark:1024\n")
put("kaldiScp", "wav", "utt1 sph2pipe -f wav a.sph |\nutt2 /data/b.wav\n")
put("phn", "timit", open(os.path.join(root, "data/demo-corpus/TEST/DR3/MBLS0/SX128.PHN"), "rb").read())
put("transcripts", "hyp", "MBLS0_SX128 sil dh ah w sil\nMBLS0_SX286 sil b iy sil\n\nA_1\n")

phones48 = ["aa", "ae", "ah", "ao", "aw", "ax", "er", "ay", "b", "vcl", "ch", "d", "dh", "dx", "eh", "el", "m", "en", "ng", "ey",
            "f", "g", "hh", "ih", "ix", "iy", "jh", "k", "cl", "l", "n", "ow", "oy", "p", "r", "s", "sh", "t", "th", "uh", "uw",
            "v", "w", "y", "z", "zh", "sil", "epi"]
lines = ["\\data\\", "ngram 1=%d" % (len(phones48) + 2), "ngram 2=%d" % ((len(phones48) + 1) * (len(phones48) + 1)), "", "\\1-grams:"]
p = -np.log10(len(phones48) + 1)
lines.append("%.6f </s>" % p)
lines.append("-99 <s> 0")
for ph in phones48:
    lines.append("%.6f %s 0" % (p, ph))
lines += ["", "\\2-grams:"]
for h in ["<s>"] + phones48:
    for w in phones48 + ["</s>"]:
        lines.append("%.6f %s %s" % (p, h, w))
lines += ["", "\\end\\", ""]
put("arpa", "uniform48", "\n".join(lines))

put("ngramLm", "trigram", "\\data\\\nngram 1=4\nngram 2=2\n\n\\1-grams:\n-0.5 </s>\n-99 <s> -0.3\n-0.6 a -0.2\n-0.6 b -0.2\n\n\\2-grams:\n-0.2 <s> a\n-0.3 a b\n\n\\end\\\n")
put("lexicon", "cmu", ";;; comment\nA  AH0\nA(2)  EY1\nABOUT  AH0 B AW1 T\nB  B IY1\n")
