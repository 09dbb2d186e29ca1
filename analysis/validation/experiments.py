"""Running clustersim and reading its HDF5 results for the validation report.

Every experiment is a shipped scenario (scenarios/*.toml) plus `--set` overrides, run with a fixed
seed (the scenario's own seed unless stated) and a fixed number of replications. Two experiments on
the same scenario with the same seed share their random numbers mechanism by mechanism (common
random numbers), so policy comparisons pair replication r of one with replication r of the other.
"""
from __future__ import annotations

import os
import subprocess
import time
import tomllib

import h5py
import numpy as np


class Results:
    """One results file: metrics (replications x columns), month labels, resolved scenario and
    snapshot access."""

    def __init__(self, path: str):
        self.path = path
        with h5py.File(path, "r") as f:
            self.labels = [s.decode() if isinstance(s, bytes) else str(s) for s in f["time/label"][:]]
            self.metrics = {k: f["metrics"][k][:] for k in f["metrics"].keys()}
            self.units = {k: str(f["metrics"][k].attrs.get("units", "")) for k in f["metrics"].keys()}
            self.kind = {k: f["metrics"][k].attrs.get("kind") for k in f["metrics"].keys()}
            raw = f["scenario"][()]
            self.scenario_text = raw.decode() if isinstance(raw, bytes) else str(raw)
            self.attrs = {k: (v.decode() if isinstance(v, bytes) else v) for k, v in f.attrs.items()}
            self.snapshot_months = sorted(f["snapshots"].keys()) if "snapshots" in f else []
        self.scenario = tomllib.loads(self.scenario_text)
        self.replications = next(iter(self.metrics.values())).shape[0]

    def m(self, name: str) -> np.ndarray:
        return self.metrics[name]

    def has(self, name: str) -> bool:
        return name in self.metrics

    def col(self, label: str) -> int:
        return self.labels.index(label)

    def year_columns(self, year: int) -> list[int]:
        """Columns 1..T-1 whose month lies in the calendar year (column 0 is the initial state)."""
        return [i for i, s in enumerate(self.labels) if i > 0 and s.startswith(f"{year:04d}-")]

    def full_years(self) -> list[int]:
        years = sorted({int(s[:4]) for s in self.labels[1:]})
        return [y for y in years if len(self.year_columns(y)) == 12]

    def snapshot(self, month: str, rep: int) -> dict:
        with h5py.File(self.path, "r") as f:
            g = f[f"snapshots/{month}/replication_{rep}"]
            out = {f"firms/{k}": g["firms"][k][:] for k in g["firms"].keys()}
            out.update({f"network/{k}": g["network"][k][:] for k in g["network"].keys()})
            if "exits" in g:
                out.update({f"exits/{k}": g["exits"][k][:] for k in g["exits"].keys()})
        return out

    def snapshot_after_column(self, month: str, rep: int) -> int:
        """The exit log of a snapshot lists exits with exit_column in (after_column, its column]."""
        with h5py.File(self.path, "r") as f:
            return int(f[f"snapshots/{month}/replication_{rep}/exits"].attrs["after_column"])


class Runner:
    """Runs experiments once each (cached by name) and keeps their wall-clock times."""

    def __init__(self, binary: str, root: str, work: str, threads: int, log=print, reuse=False):
        self.reuse = reuse  # development only: keep a results file run by the same command
        self.binary = binary
        self.root = root
        self.work = work
        self.threads = threads
        self.log = log
        self.cache: dict[str, Results] = {}
        self.specs: dict[str, dict] = {}
        self.seconds: dict[str, float] = {}
        os.makedirs(work, exist_ok=True)

    def version(self) -> str:
        out = subprocess.run([self.binary, "--version"], capture_output=True, text=True, check=True)
        return out.stdout.strip()

    def run(self, name: str, scenario: str, sets=(), reps: int = 4, seed: int | None = None) -> Results:
        if name in self.cache:
            return self.cache[name]
        out = os.path.join(self.work, f"{name}.h5")
        cmd = [self.binary, "run", os.path.join(self.root, scenario), "-q", "-r", str(reps),
               "--threads", str(self.threads), "-o", out, "--force"]
        if seed is not None:
            cmd += ["--seed", str(seed)]
        for s in sets:
            cmd += ["--set", s]
        if self._reusable(out, cmd):
            self.log(f"  reused {name}")
            self.seconds[name] = 0.0
            self.specs[name] = dict(scenario=scenario, sets=list(sets), reps=reps, seed=seed)
            self.cache[name] = Results(out)
            return self.cache[name]
        t0 = time.time()
        proc = subprocess.run(cmd, capture_output=True, text=True)
        self.seconds[name] = time.time() - t0
        if proc.returncode != 0:
            raise RuntimeError(f"experiment {name} failed ({proc.returncode}): {' '.join(cmd)}\n"
                               f"{proc.stdout}\n{proc.stderr}")
        with open(out + ".cmd", "w") as f:
            f.write(" ".join(cmd))
        self.log(f"  ran {name:28s} {self.seconds[name]:6.1f} s")
        self.specs[name] = dict(scenario=scenario, sets=list(sets), reps=reps, seed=seed)
        self.cache[name] = Results(out)
        return self.cache[name]

    def _reusable(self, out: str, cmd: list[str]) -> bool:
        if not (self.reuse and os.path.exists(out) and os.path.exists(out + ".cmd")):
            return False
        with open(out + ".cmd") as f:
            return f.read() == " ".join(cmd)

    def compare(self, a: str, b: str, metrics: list[str]) -> str:
        """`clustersim compare` text for two experiments (shown in the report as a cross-check)."""
        cmd = [self.binary, "compare", os.path.join(self.work, f"{a}.h5"),
               os.path.join(self.work, f"{b}.h5"), "--metrics", ",".join(metrics)]
        proc = subprocess.run(cmd, capture_output=True, text=True)
        return proc.stdout.strip() if proc.returncode == 0 else f"(compare failed: {proc.stderr.strip()})"


def identical_metrics(a: Results, b: Results) -> tuple[bool, list[str]]:
    """Bit-for-bit equality of every metric array present in either file; returns the differing
    names (a metric present in only one file differs)."""
    names = sorted(set(a.metrics) | set(b.metrics))
    diff = []
    for k in names:
        if k not in a.metrics or k not in b.metrics:
            diff.append(k)
            continue
        x, y = a.metrics[k], b.metrics[k]
        if x.shape != y.shape or x.tobytes() != y.tobytes():
            diff.append(k)
    return not diff, diff
