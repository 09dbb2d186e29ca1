"""The shipped calibrations in the report: each targets file of scenarios/targets/ measured on
the shipped scenario it was fitted for (the values `clustersim calibrate` put there).

Every target's reduction is applied per replication as analysis/moments.cpp defines it (final,
mean, sum, rate, growth, year_on_year) and compared with the observed value: z = (simulated mean
- target) / standard error. A row passes when every |z| <= 2. These rows are calibration, not
validation: the keys were fitted to them (docs/experiments.md has the fits and their intervals).
"""
from __future__ import annotations

import os
import tomllib

import numpy as np

import vstats
from checks import Check

HERE = os.path.dirname(os.path.abspath(__file__))
TARGETS = os.path.join(HERE, "..", "..", "scenarios", "targets")


def month_index(res, label):
    return res.labels.index(label)


def previous_year(label):
    y, m = int(label[:4]), int(label[5:7])
    return f"{y - 1:04d}-{m:02d}"


def reduce(res, t):
    """One value per replication of target `t` (a [[target]] table)."""
    x = res.m(t["metric"])
    to = month_index(res, t["to"])
    red = t.get("reduction", "final")
    if red == "final":
        return x[:, to]
    fr = month_index(res, t["from"])
    if red == "mean":
        return x[:, fr:to + 1].mean(1)
    if red == "sum":
        return x[:, fr:to + 1].sum(1)
    if red == "growth":
        return x[:, to] / x[:, fr] - 1
    if red == "rate":
        months = to - fr
        return (x[:, to] / x[:, fr]) ** (12.0 / months) - 1
    if red == "year_on_year":
        before = month_index(res, previous_year(t["from"]))
        return x[:, fr:to + 1].sum(1) / x[:, before:before + to - fr + 1].sum(1) - 1
    raise ValueError(f"unknown reduction {red}")


def scenario_of(stem, known):
    """The longest known scenario name that, with an underscore, begins the file's name."""
    names = [s for s in known if stem.startswith(s + "_")]
    return max(names, key=len) if names else None


# Targets files that are not data (the tutorial's identification exercise: moments simulated
# at known values, docs/calibration.md).
NOT_DATA = {"tutorial_identification.toml"}


def check_calibrated_targets(E, C):
    for name in sorted(os.listdir(TARGETS)):
        if not name.endswith(".toml") or name in NOT_DATA:
            continue
        stem = name[:-5]
        scenario = scenario_of(stem, E.keys())
        if scenario is None:
            continue
        with open(os.path.join(TARGETS, name), "rb") as f:
            targets = tomllib.load(f)["target"]
        res = E[scenario]
        parts, ok = [], True
        for t in targets:
            mean, lo, hi = vstats.mean_ci(reduce(res, t))
            se = t.get("standard_error")
            z = (mean - t["value"]) / se if se else float("nan")
            ok = ok and se is not None and abs(z) <= 2
            parts.append(f"{t['name']} {mean:.4g} [{lo:.4g}, {hi:.4g}] vs {t['value']:g} (z {z:+.2f})")
        C.append(Check(f"calibration.targets_{stem}", "calibration", "calibration data",
                       f"the moments of scenarios/targets/{name} on the shipped {scenario} "
                       f"({res.replications} replications)",
                       "every |z| <= 2 (z = (simulated - observed) / standard error)",
                       "; ".join(t["source"] for t in targets[:2]) + ("; ..." if len(targets) > 2 else ""),
                       "; ".join(parts), ok, "fitted",
                       "the scenario's keys were fitted to these moments with clustersim calibrate "
                       "(docs/experiments.md: estimates, intervals, J test)"))
