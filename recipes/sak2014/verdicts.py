#!/usr/bin/env python3
"""The verdict per claim of Sak, Senior & Beaufays (2014) from the finished runs of recipes/sak2014/run.sh
(called by page.sh, stage 7): a markdown section on standard output.

    verdicts.py WORK CORPUS < RUNS      (RUNS: the lines of `run.sh --list`: GROUP NAME OPTIONS...)
    verdicts.py --self-test             (the rules below on made-up runs whose verdicts are known)

Each comparison "A beats B" is read on two measures, each with its own error bar:
  - development frame accuracy on 39 phones (the speakers held out of TRAIN, which alone choose every
    model's best epoch): the difference of the means over seeds, against the larger of (a) its sampling
    error, 2 * sqrt(pa(1-pa)/n + pb(1-pb)/n) with n the development phone segments (frame errors come in
    runs within a phone, so the segment, not the frame, is the unit), and (b) with two or more seeds of
    each, the seed spread 2 * sqrt(sa^2/ka + sb^2/kb) (sample standard deviations over seeds; a configuration
    of one seed against one of several borrows the other's standard deviation: one seed is as noisy as any);
  - TEST PER (whole voices never heard in TRAIN): the mean over TEST speakers of the per-speaker PER
    difference (each speaker's PER averaged over seeds), against 2 standard errors of that mean; the cell
    also gives the difference per TEST voice (the corpus's DOC/SPKRINFO.TXT), since the speakers of one
    voice are not independent: the error bar covers the speakers of these voices, not other voices.
Verdict: "holds" when both favour A beyond their error bars; "does not hold here" when either favours B
beyond its error bar; otherwise "not shown" (a difference inside the noise). TEST chooses nothing.
"""
import json
import math
import os
import re
import statistics
import sys

ACC39 = re.compile(r"^dev frame accuracy ([0-9.]+)% \(39 phones\) on (\d+) utterances of the held-out speakers \[([^\]]*)\]")
PARAMS = re.compile(r"^model \S+: .*?([0-9,]+) parameters")
SPK_ROW = re.compile(r"^([A-Z]{4}\d)\s+\d+\s+\d+\s+[0-9.]+\s+[0-9.]+\s+[0-9.]+\s+[0-9.]+\s+([0-9.]+)$")
WER = re.compile(r"^%WER ([0-9.]+)")


def finished(run_dir):
    try:
        with open(os.path.join(run_dir, "run.json")) as f:
            state = json.load(f).get("state")
    except (OSError, ValueError):
        return False
    return state in ("completed", "early-stopped") and os.path.exists(os.path.join(run_dir, "model", "am.json"))


def read_run(work, name):
    """One finished run: 39-phone dev accuracy, dev speakers, parameters, history, per-speaker TEST PER."""
    run_dir = os.path.join(work, "exp", name)
    if not finished(run_dir):
        return None
    r = {"name": name, "acc": None, "dev_speakers": [], "params": None, "spk_per": {}, "spk_wer": {}, "per": None, "wer": None}
    try:
        with open(os.path.join(work, "logs", f"4-train-{name}.log"), errors="replace") as f:
            for line in f:
                m = ACC39.match(line)
                if m:
                    r["acc"] = float(m.group(1)) / 100
                    r["dev_speakers"] = [s.strip() for s in m.group(3).split(",")]
                m = PARAMS.match(line)
                if m:
                    r["params"] = int(m.group(1).replace(",", ""))
    except OSError:
        pass
    with open(os.path.join(run_dir, "history.json")) as f:
        r["history"] = json.load(f)
    try:
        with open(os.path.join(run_dir, "settings.json")) as f:
            r["reject"] = json.load(f).get("--reject-worse") == "true"
    except (OSError, ValueError):
        r["reject"] = False
    score = os.path.join(run_dir, "decode", "score.txt")
    if os.path.exists(score):
        with open(score) as f:
            for line in f:
                m = SPK_ROW.match(line.strip())
                if m:
                    r["spk_per"][m.group(1)] = float(m.group(2)) / 100
                if line.startswith("PER "):
                    r["per"] = float(line.split()[1].rstrip("%")) / 100
    words = os.path.join(run_dir, "decode", "words", "score.txt")
    if os.path.exists(words):
        with open(words) as f:
            for line in f:
                m = WER.match(line)
                if m:
                    r["wer"] = float(m.group(1)) / 100
                m = SPK_ROW.match(line.strip())
                if m:
                    r["spk_wer"][m.group(1)] = float(m.group(2)) / 100
    return r if r["acc"] is not None else None


def test_voices(corpus):
    """TEST speaker (directory name: sex letter and ID) -> voice, from the corpus's DOC/SPKRINFO.TXT ({} without one)."""
    out = {}
    try:
        with open(os.path.join(corpus, "DOC", "SPKRINFO.TXT")) as f:
            for line in f:
                p = line.split()
                if len(p) >= 5 and not line.startswith(";") and p[3] == "TST":
                    out[p[1] + p[0]] = p[4]
    except OSError:
        pass
    return out


def per_voice(spk, voices):
    """{voice: mean over its speakers} of a per-speaker figure (speakers without a voice left out)."""
    by = {}
    for s, v in spk.items():
        if s in voices:
            by.setdefault(voices[s], []).append(v)
    return {v: statistics.mean(x) for v, x in sorted(by.items())}


def dev_segments(corpus, speakers):
    """Phone segments in the .PHN files of these TRAIN speakers (the development set's effective size)."""
    n = 0
    for root, _, files in os.walk(os.path.join(corpus, "TRAIN")):
        if os.path.basename(root) not in speakers:
            continue
        for fn in files:
            if fn.upper().endswith(".PHN"):
                with open(os.path.join(root, fn)) as f:
                    n += sum(1 for line in f if line.strip())
    return n


class Config:
    """The finished seeds of one model configuration (a run name without its -sN)."""

    def __init__(self, key, runs):
        self.key, self.runs = key, runs
        self.accs = [r["acc"] for r in runs]
        self.acc = statistics.mean(self.accs)
        self.sd = statistics.stdev(self.accs) if len(self.accs) > 1 else None
        spk = {}
        for r in runs:
            for s, v in r["spk_per"].items():
                spk.setdefault(s, []).append(v)
        self.spk_per = {s: statistics.mean(v) for s, v in spk.items() if len(v) == len(runs)}
        wer = {}
        for r in runs:
            for s, v in r.get("spk_wer", {}).items():
                wer.setdefault(s, []).append(v)
        self.spk_wer = {s: statistics.mean(v) for s, v in wer.items() if len(v) == len(runs)}
        self.reject = any(r.get("reject") for r in runs)   # trained with train-am --reject-worse

    def label(self):
        return f"{self.key} ({len(self.runs)} seed{'s' if len(self.runs) > 1 else ''})"


def compare(a, b, n_seg, voices=None):
    """A beats B? Returns (dev cell, TEST cell, verdict, what each measure said)."""
    d = a.acc - b.acc
    thr = 2 * math.sqrt(a.acc * (1 - a.acc) / n_seg + b.acc * (1 - b.acc) / n_seg) if n_seg else 0.0
    why = "sampling"
    known = [c.sd for c in (a, b) if c.sd is not None]
    if known:
        # a configuration of one seed has no spread of its own: the other's stands in for it
        sa, sb = (c.sd if c.sd is not None else max(known) for c in (a, b))
        seed_thr = 2 * math.sqrt(sa ** 2 / len(a.accs) + sb ** 2 / len(b.accs))
        if seed_thr > thr:
            thr, why = seed_thr, "seed spread" if len(known) == 2 else f"seed spread of {(a if a.sd is not None else b).key}"
    dev = 1 if d > thr else -1 if d < -thr else 0
    dev_cell = f"{100 * a.acc:.2f} vs {100 * b.acc:.2f} %: {100 * d:+.2f} ± {100 * thr:.2f} ({why})"
    common = sorted(set(a.spk_per) & set(b.spk_per))
    test, test_cell = 0, "not decoded"
    if len(common) >= 2:
        diffs = [b.spk_per[s] - a.spk_per[s] for s in common]   # positive: A has the lower PER
        mean = statistics.mean(diffs)
        se = statistics.stdev(diffs) / math.sqrt(len(diffs))
        test = 1 if mean > 2 * se else -1 if mean < -2 * se else 0
        pa, pb = statistics.mean(a.spk_per[s] for s in common), statistics.mean(b.spk_per[s] for s in common)
        test_cell = f"{100 * pa:.2f} vs {100 * pb:.2f} %: {100 * (pa - pb):+.2f} ± {200 * se:.2f} ({len(common)} speakers)"
        va = per_voice({s: a.spk_per[s] for s in common}, voices or {})
        vb = per_voice({s: b.spk_per[s] for s in common}, voices or {})
        if len(va) >= 2:
            test_cell += "; per voice " + ", ".join(f"{v} {100 * (va[v] - vb[v]):+.2f}" for v in va)
    if dev == 1 and test == 1:
        verdict = "holds"
    elif dev == -1 or test == -1:
        verdict = "does not hold here"
    else:
        verdict = "not shown"
    said = {1: f"favours {a.key}", -1: f"favours {b.key}", 0: "inside the noise"}
    why = f"dev {said[dev]}, TEST {said[test] if test_cell != 'not decoded' else 'not decoded'}"
    return dev_cell, test_cell, verdict, why


def epochs_to(history, target):
    """The first epoch whose development accuracy reaches target (None: never)."""
    for h in history:
        if h["dev_frame_accuracy"] >= target:
            return h["epoch"]
    return None


def converge(a, b):
    """A converges faster than B (seed 1 of each, dev accuracy on the training targets per epoch)."""
    ha, hb = a.runs[0]["history"], b.runs[0]["history"]
    target = min(max(h["dev_frame_accuracy"] for h in ha), max(h["dev_frame_accuracy"] for h in hb))
    ea, eb = epochs_to(ha, target), epochs_to(hb, target)
    cell = f"epochs to {100 * target:.2f} % dev accuracy: {a.key} {ea}, {b.key} {eb}"
    verdict = "holds" if ea <= eb - 2 else "does not hold here" if ea >= eb + 2 else "not shown"
    return cell, verdict


def main():
    work, corpus = sys.argv[1], sys.argv[2]
    runs, seen = {}, set()
    groups = {}
    for line in sys.stdin:
        parts = line.split()
        if len(parts) < 2:
            continue
        group, name = parts[0], parts[1]
        groups.setdefault(group, [])
        if name not in groups[group]:
            groups[group].append(name)
        if name not in seen:
            seen.add(name)
            r = read_run(work, name)
            if r:
                runs[name] = r
    total = len(seen)
    by_key = {}
    for name, r in runs.items():
        by_key.setdefault(re.sub(r"-s\d+$", "", name), []).append(r)
    configs = {k: Config(k, v) for k, v in by_key.items()}
    speakers = next((r["dev_speakers"] for r in runs.values() if r["dev_speakers"]), [])
    n_seg = dev_segments(corpus, set(speakers)) if speakers else 0
    voices = test_voices(corpus)

    rows = []   # (claim, comparison, dev, test, verdict, why)

    def cmp(claim, ka, kb):
        a, b = configs.get(ka), configs.get(kb)
        if a is None or b is None:
            missing = ", ".join(k for k, c in ((ka, a), (kb, b)) if c is None)
            rows.append((claim, f"{ka} vs {kb}", "", "", "cannot be tested yet", f"{missing} not finished"))
            return
        procedures = ""
        if a.reject != b.reject:
            procedures = f"; {(a if a.reject else b).key} trained with --reject-worse, {(b if a.reject else a).key} without"
        rows.append((claim, f"{a.label()} vs {b.label()}{procedures}", *compare(a, b, n_seg, voices)))

    budgets = sorted({g for g in groups if g.startswith("budget")})
    for g in budgets:
        b = "b" + g[len("budget"):]
        lstms = [configs[k] for k in (f"{b}-lstm", f"{b}-lstmp", f"{b}-lstmpn") if k in configs]
        best = max(lstms, key=lambda c: c.acc).key if lstms else f"{b}-lstmp"   # chosen on dev only
        cmp("LSTM(P) beats a DNN at equal parameters", best, f"{b}-dnn")
        if any(n.startswith(f"{b}-rnn") for n in groups[g]):
            cmp("LSTM(P) beats a simple RNN at equal parameters", best, f"{b}-rnn")
        cmp("the projection lets a larger LSTM fit the budget (LSTMP beats LSTM)", f"{b}-lstmp", f"{b}-lstm")
        if any(n.startswith(f"{b}-lstmpn") for n in groups[g]):
            cmp("a non-recurrent projection as well helps (LSTMP r+p beats LSTMP r)", f"{b}-lstmpn", f"{b}-lstmp")
        for other in ("dnn", "rnn"):
            a, o = configs.get(best), configs.get(f"{b}-{other}")
            if a and o:
                cell, verdict = converge(a, o)
                rows.append(("LSTM(P) converges faster (in epochs)", f"{a.key} vs {o.key}", cell, "", verdict, ""))
    cells = [k for k in groups.get("cells", []) if k.endswith("-s1")]
    cell_keys = [re.sub(r"-s\d+$", "", k) for k in cells]
    if len(cell_keys) >= 2:
        for i in range(1, len(cell_keys)):
            cmp("more cells (fixed projection) lower the error", cell_keys[i], cell_keys[i - 1])
    cd_keys = sorted({re.sub(r"-s\d+$", "", n) for n in groups.get("cd", [])})
    for k in cd_keys:
        model = k.split("-")[1]
        cmp("tied CD states beat CI states", k, f"b2-{model}")
    aug = [re.sub(r"-s\d+$", "", n) for n in groups.get("augment", []) if n.endswith("-s1")]
    if aug:
        none = aug[0]
        for k in aug[1:]:
            cmp(f"augmentation {k[len('aug-'):]} helps on held-out voices", k, none)
    ctx = [re.sub(r"-s\d+$", "", n) for n in groups.get("context", []) if n.endswith("-s1")]
    if len(ctx) >= 2:
        for i in range(1, len(ctx)):
            cmp("longer context (output delay) lowers the error", ctx[i], ctx[i - 1])
    else:
        rows.append(("longer context lowers the error", "", "", "", "cannot be tested here",
                     "no run of this scale's plan varies the output delay at a fixed model"))

    print("## Verdicts\n")
    print(f"Computed by `recipes/sak2014/verdicts.py` from the {len(runs)} of {total} runs finished at page time.")
    print(f"Development set: {len(speakers)} TRAIN speakers held out ({n_seg:,} phone segments); "
          "\"A vs B\": A's figure, B's, the difference and its error bar. Dev: frame accuracy on 39 phones "
          "(higher is better); TEST: PER (lower is better), speakers of voices never heard in TRAIN. "
          "holds = both measures favour A beyond their error bars; does not hold here = either favours B "
          "beyond its error bar; not shown = inside the noise. Convergence: epochs of seed 1 to reach the "
          "lower of the two best development accuracies (as each epoch reports it); a lead of one epoch is not shown.\n")
    print("| claim | comparison | dev frame acc. (39) | TEST PER | verdict |")
    print("|---|---|---|---|---|")
    for claim, comp, dev, test, verdict, why in rows:
        print(f"| {claim} | {comp} | {dev} | {test} | **{verdict}**{f' ({why})' if why else ''} |")
    print()
    voice_table(configs, voices)
    rising = still_improving(runs.values())
    if runs:
        print(f"Still improving when training stopped (best development accuracy in the last epoch trained, "
              f"the scale's epoch limit reached): {len(rising)} of {len(runs)} runs"
              f"{': ' + ', '.join(sorted(rising)) if rising and len(rising) <= 12 else ''}. "
              "Where most runs are still improving the verdicts compare models after a fixed number of epochs, "
              "not converged models.\n")


def voice_table(configs, voices):
    """TEST PER and WER of each configuration per held-out voice (means over the voice's speakers and the seeds)."""
    names = sorted(set(voices.values()))
    decoded = [c for c in configs.values() if c.spk_per]
    if len(names) < 2 or not decoded:
        return
    count = {v: sum(1 for s in voices if voices[s] == v) for v in names}
    print("### TEST per held-out voice\n")
    print(f"TEST holds {len(names)} voices never heard in TRAIN ({', '.join(f'{v}: {count[v]} speakers' for v in names)}); "
          "a difference between models that one voice carries is a statement about that voice. "
          "PER and WER per voice: means over its speakers (and the seeds).\n")
    print("| configuration | " + " | ".join(f"PER {v}" for v in names) + " | " + " | ".join(f"WER {v}" for v in names) + " |")
    print("|---|" + "---:|" * (2 * len(names)))
    for c in sorted(decoded, key=lambda c: c.key):
        p, w = per_voice(c.spk_per, voices), per_voice(c.spk_wer, voices)
        cells = [f"{100 * p[v]:.2f}" if v in p else "–" for v in names] + [f"{100 * w[v]:.2f}" if v in w else "–" for v in names]
        print(f"| {c.label()} | " + " | ".join(cells) + " |")
    print()


def still_improving(runs):
    """Names of the runs whose best development frame accuracy is that of their last epoch."""
    out = []
    for r in runs:
        accs = [h["dev_frame_accuracy"] for h in r["history"]]
        if len(accs) >= 2 and accs[-1] >= max(accs):
            out.append(r["name"])
    return out


def self_test():
    """compare() and converge() on made-up runs: exit 1 when a verdict is not the one the rules give."""
    def run(acc, spk, hist=(0.5,)):
        return {"acc": acc, "spk_per": spk, "history": [{"epoch": i + 1, "dev_frame_accuracy": h} for i, h in enumerate(hist)]}
    spk_good = {f"S{i}": 0.30 + 0.01 * (i % 3) for i in range(10)}
    spk_bad = {s: v + 0.05 + 0.005 * (i % 2) for i, (s, v) in enumerate(spk_good.items())}
    a, b = Config("a", [run(0.70, spk_good)]), Config("b", [run(0.60, spk_bad)])
    checks = [
        (compare(a, b, 10000)[2], "holds"),                     # 10 points on 10,000 segments, TEST 5 points on every speaker
        (compare(b, a, 10000)[2], "does not hold here"),
        (compare(a, Config("c", [run(0.695, spk_good)]), 10000)[2], "not shown"),   # 0.5 points: inside about 1.3
        (compare(a, b, 100)[2], "not shown"),                   # 100 segments: the 10 points are inside about 13.3
        # two seeds each, spread 10 points: the seed spread (about 14 points) hides the 10-point difference
        (compare(Config("a", [run(0.75, spk_good), run(0.65, spk_good)]),
                 Config("b", [run(0.55, spk_bad), run(0.65, spk_bad)]), 10000)[2], "not shown"),
        # one seed against three spread over 10 points: the three's spread (sd 5) hides a 5-point lead of the one
        (compare(Config("a", [run(0.70, spk_good)]),
                 Config("b", [run(0.60, spk_bad), run(0.65, spk_bad), run(0.70, spk_bad)]), 10000)[2], "not shown"),
        (converge(Config("a", [run(0.7, {}, (0.5, 0.6, 0.7))]), Config("b", [run(0.7, {}, (0.3, 0.4, 0.5, 0.6, 0.7))]))[1], "holds"),
        (converge(Config("a", [run(0.7, {}, (0.5, 0.7))]), Config("b", [run(0.7, {}, (0.5, 0.6, 0.7))]))[1], "not shown"),
        (compare(a, b, 10000, {"S0": "v1", "S1": "v1", "S2": "v2"})[1].endswith("per voice v1 -5.25, v2 -5.00"), True),
        (still_improving([{"name": "up", "history": run(0.7, {}, (0.5, 0.6, 0.7))["history"]},
                          {"name": "peaked", "history": run(0.6, {}, (0.5, 0.6, 0.55))["history"]}]), ["up"]),
    ]
    bad = [(i, got, want) for i, (got, want) in enumerate(checks) if got != want]
    for i, got, want in bad:
        print(f"self-test {i}: got {got!r}, want {want!r}", file=sys.stderr)
    print(f"verdicts.py self-test: {len(checks) - len(bad)} of {len(checks)} passed")
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    if sys.argv[1:] == ["--self-test"]:
        self_test()
    main()
