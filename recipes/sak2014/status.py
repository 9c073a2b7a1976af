#!/usr/bin/env python3
"""Where a run of recipes/sak2014/run.sh stands (`run.sh --status`): one line per run of the plan, in training order.

    status.py WORK EPOCHS < RUNS      (RUNS: the lines of `run.sh --list`: GROUP NAME OPTIONS...)

A run is finished (run.json says completed with EPOCHS epochs, or early-stopped, and the model is there), training
(its directory is locked by a live process: the epochs done and the newest partial checkpoint), stopped (epochs
done, no live process: the next start of the recipe resumes it), failed (run.json says diverged, or the run ended
with no accepted epoch), or to do. For a
finished run: the best development frame accuracy (39 phones), TEST PER and WER once decoded, and its training time.
"""
import json
import os
import sys


def read_json(path):
    try:
        with open(path) as f:
            return json.load(f)
    except (OSError, ValueError):
        return None


def alive(run_dir):
    """The pid holding the run directory's lock, if that process lives (the lock file's first number)."""
    try:
        with open(os.path.join(run_dir, ".lock")) as f:
            words = f.read().split()
        pid = int(next(w.strip(",") for w in words if w.strip(",").isdigit()))
        os.kill(pid, 0)
        return pid
    except (OSError, ValueError, StopIteration):
        return None


def first(path, prefix):
    try:
        with open(path) as f:
            for line in f:
                if line.startswith(prefix):
                    return line.split()[1]
    except OSError:
        pass
    return "-"


def duration(s):
    s = int(s)
    return f"{s // 3600} h {s % 3600 // 60:02d} min" if s >= 3600 else f"{s // 60} min" if s >= 60 else f"{s} s"


def main():
    work, epochs = sys.argv[1], int(sys.argv[2])
    seen, rows, counts = set(), [], {}
    for line in sys.stdin:
        parts = line.split()
        if len(parts) < 2 or parts[1] in seen:
            continue
        name = parts[1]
        seen.add(name)
        d = os.path.join(work, "exp", name)
        run = read_json(os.path.join(d, "run.json")) or {}
        hist = read_json(os.path.join(d, "history.json")) or []
        done = len(hist)
        secs = sum(e.get("seconds", 0) for e in hist)
        best = max((e.get("dev_frame_accuracy") or 0 for e in hist), default=0)
        pid = alive(d)
        has_model = os.path.exists(os.path.join(d, "model", "am.json"))
        state = run.get("state")
        if state == "diverged":
            what, extra = "failed", run.get("message", "")
        elif state in ("completed", "early-stopped") and not has_model:
            what, extra = "failed", f"{done} epochs, none accepted (no model): train it again in a new directory with a lower --lr"
        elif has_model and (state == "early-stopped" or (state == "completed" and run.get("epoch", 0) >= epochs)):
            what = "finished"
            per = first(os.path.join(d, "decode", "score.txt"), "PER ")
            wer = first(os.path.join(d, "decode", "words", "score.txt"), "%WER ")
            extra = f"{done} epochs in {duration(secs)}; best dev frame accuracy {100 * best:.2f} %; TEST PER {per}, WER {wer}" \
                + ("%" if wer != "-" else "")
        elif pid is not None:
            partial = ""
            try:
                with open(os.path.join(d, "checkpoints", "partial")) as f:
                    partial = f"; partial checkpoint {f.read().strip()}"
            except OSError:
                pass
            so_far = f", best dev frame accuracy so far {100 * best:.2f} %" if done else ""
            what, extra = "training", f"{done} of {epochs} epochs done in {duration(secs)}{so_far} (pid {pid}){partial}"
        elif done > 0 or os.path.isdir(os.path.join(d, "checkpoints")):
            what, extra = "stopped", f"{done} of {epochs} epochs done in {duration(secs)}; the next start resumes it"
        else:
            what, extra = "to do", ""
        counts[what] = counts.get(what, 0) + 1
        rows.append((name, what, extra))
    width = max((len(r[0]) for r in rows), default=4)
    for i, (name, what, extra) in enumerate(rows, 1):
        print(f"{i:3d}  {name:<{width}}  {what:<8}  {extra}".rstrip())
    order = ["finished", "training", "stopped", "failed", "to do"]
    print(f"{len(rows)} runs: " + ", ".join(f"{counts[k]} {k}" for k in order if k in counts))


if __name__ == "__main__":
    main()
