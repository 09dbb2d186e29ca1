"""One row of the validation report and the helpers the check modules share.

A row belongs to one part of the report and has one nature:

- parts: "verification" (identities and rules that hold by construction: the code does what
  docs/model.md says), "calibration" (targeted moments: rows whose data were used to set inputs or
  that were tuned while watching them), "validation" (facts nobody targeted, and policy effects);
- natures: "emergent" (produced by agents' interactions), "imposed" (an input sets the outcome
  through a direct rule), "input" (reproduces an input), "identity" (must hold exactly),
  "fitted" (parameters were set or mechanisms revised while watching this row) and
  "by construction" (a documented rule makes it hold).

`why` says in one sentence why a row has its nature; the report prints it beside the label.
"""
from __future__ import annotations

import numpy as np

PARTS = ("verification", "calibration", "validation")
NATURES = ("emergent", "imposed", "input", "identity", "fitted", "by construction")

NO_SHOCK_SCENARIOS = ["tutorial", "tomsk", "spb_pharma", "nuclear_cluster", "khabarovsk_aero_ship",
                      "national_pilot_clusters"]
NETWORK_SCENARIOS = ["tomsk", "spb_pharma", "nuclear_cluster", "khabarovsk_aero_ship"]
MULTI_CLUSTER = ["spb_pharma", "nuclear_cluster", "khabarovsk_aero_ship", "national_pilot_clusters"]


class Check:
    def __init__(self, cid, part, topic, what, target, source, value, passed, nature, why="", note=""):
        assert part in PARTS, part
        assert nature in NATURES, nature
        self.id, self.part, self.topic, self.what = cid, part, topic, what
        self.target, self.source, self.value = target, source, value
        self.passed, self.nature, self.why, self.note = bool(passed), nature, why, note


def ci_text(t, digits=3, scale=1.0, unit=""):
    m, lo, hi = t
    if not np.isfinite(m):
        return "n/a"
    f = f"{{:.{digits}f}}"
    return f"{f.format(m * scale)}{unit} [{f.format(lo * scale)}, {f.format(hi * scale)}]"


def pct(t, digits=2):
    return ci_text(t, digits, 100.0, "%")


def short(s):
    return {"khabarovsk_aero_ship": "khabarovsk", "national_pilot_clusters": "national",
            "nuclear_cluster": "nuclear", "spb_pharma": "spb"}.get(s, s)


def flatten(d, prefix=""):
    out = {}
    for k, v in d.items():
        if isinstance(v, dict):
            out.update(flatten(v, f"{prefix}{k}."))
        else:
            out[f"{prefix}{k}"] = v
    return out


def annual_rates(res, flow):
    """Per replication: mean over full calendar years of (flow in the year / mean firms alive)."""
    fa = res.m("firms_alive")
    assert res.kind.get(flow) == "flow" and res.kind.get("firms_alive") == "stock", (flow, res.kind.get(flow))
    x = res.m(flow)
    rates = []
    for y in res.full_years():
        cols = res.year_columns(y)
        rates.append(x[:, cols].sum(1) / fa[:, cols].mean(1))
    return np.mean(rates, axis=0)


def year_means(res, stock):
    """Per replication: mean over full calendar years of a stock metric."""
    assert res.kind.get(stock) == "stock", (stock, res.kind.get(stock))
    x = res.m(stock)
    return np.mean([x[:, res.year_columns(y)].mean(1) for y in res.full_years()], axis=0)


def sum_after(res, name, start_label=None):
    x = res.m(name)
    c0 = res.col(start_label) if start_label else 1
    return x[:, c0:].sum(1)


def mean_after(res, name, start_label=None):
    x = res.m(name)
    c0 = res.col(start_label) if start_label else 1
    return x[:, c0:].mean(1)
