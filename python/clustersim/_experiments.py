"""Experiments over scenarios: a design's points (grid, user designs) and the comparison of
two variants, through the program's experiments runner and comparison."""

import itertools

import numpy as np
import pandas as pd

from . import _clustersim as _cs
from ._run import MetricResults, run
from ._scenario import as_scenario, value_text


class DesignRuns(MetricResults):
    """Every point of a design run on the same replications (common random numbers): rows of
    the metrics are point x replications + replication, as in a `grid` file."""

    def __init__(self, tables, design, labels, replications):
        self.design = design.reset_index(drop=True)
        self.replications = replications
        points = len(self.design)
        point = np.repeat(np.arange(points), replications)
        leading = {"point": point}
        for key in self.design.columns:
            leading[key] = np.repeat(self.design[key].to_numpy(), replications)
        super().__init__(_Stacked(tables), labels, np.tile(np.arange(replications), points),
                         leading)
        self.tables = tables

    def outputs(self, metric, at=None, sum=None):
        """Each run's value of `metric`: at month `at` (default the last) or summed over
        sum=(FROM, TO), as `clustersim sensitivity` reduces it. DataFrame point, replication,
        value."""
        m = _cs.metric_index(self.tables[0], metric, "metric")
        if at is not None and sum is not None:
            raise ValueError("at and sum: expected one of them")
        if sum is not None:
            first = _cs.month_column(self.labels, sum[0], "sum")
            last = _cs.month_column(self.labels, sum[1], "sum")
            if first > last:
                raise ValueError("sum %s:%s: expected FROM before TO" % tuple(sum))
        else:
            first = last = _cs.month_column(self.labels, at or self.labels[-1], "at")
        values = self.values[m, :, first:last + 1].sum(axis=1)
        return pd.DataFrame({"point": self._leading["point"], "replication": self._replication,
                             "value": values})


class _Stacked:
    """Per-point tables stacked as one table's rows (point-major), for MetricResults."""

    def __init__(self, tables):
        self.values = np.concatenate([t.values for t in tables], axis=1)
        self.metrics = tables[0].metrics
        self._first = tables[0]

    def __getattr__(self, name):
        return getattr(self._first, name)


def _point_overrides(design):
    return [["%s=%s" % (key, value_text(value)) for key, value in row.items()]
            for row in design.to_dict("records")]


def run_design(scenario, design, overrides=None, replications=None, seed=None, threads=0):
    """Runs the scenario at every point of `design` (a DataFrame: one column per scenario
    key, one row per point; or a list of {key: value}), every point on the same replications
    and seed. Values become overrides as the program writes them. Returns DesignRuns."""
    s = as_scenario(scenario, overrides, replications, seed)
    design = pd.DataFrame(design)
    tables = _cs.run_points(s._loaded, _point_overrides(design), threads)
    return DesignRuns(tables, design, s.labels, s.replications)


def full_factorial(levels):
    """Every combination of {key: [values]}, the last key varying fastest (as `grid`)."""
    keys = list(levels)
    return pd.DataFrame(list(itertools.product(*(levels[k] for k in keys))), columns=keys)


def latin_hypercube(params, n, seed=1):
    """n points of a Latin hypercube over {key: (low, high)} (as `grid --design lhs`)."""
    ranges = [(k, float(lo), float(hi)) for k, (lo, hi) in params.items()]
    return pd.DataFrame(_cs.latin_hypercube(ranges, n, seed), columns=list(params))


def grid(scenario, vary, points=None, design="full", design_seed=None, overrides=None,
         replications=None, seed=None, threads=0):
    """`clustersim grid`: vary = {key: [values]} (listed) or {key: (low, high)} (a range: `points`
    evenly spaced values for design="full", or a Latin hypercube of `points` points for
    design="lhs", seeded by design_seed, default the scenario's seed). Returns DesignRuns."""
    s = as_scenario(scenario, overrides, replications, seed)
    if design == "lhs":
        if not all(isinstance(v, tuple) and len(v) == 2 for v in vary.values()):
            raise ValueError("design='lhs': expected a range (low, high) for every key")
        if points is None or points < 2:
            raise ValueError("design='lhs': expected points >= 2")
        table = latin_hypercube(vary, points, s.seed if design_seed is None else design_seed)
    elif design == "full":
        levels = {}
        for key, values in vary.items():
            if isinstance(values, tuple) and len(values) == 2:
                if points is None or points < 2:
                    raise ValueError("%s=(low, high): expected points >= 2" % key)
                # Whole levels as integers, as `grid` gives them: a range suits a key that
                # takes integers (max_partners), and a key that takes numbers takes them too.
                levels[key] = [int(v) if float(v).is_integer() else float(v)
                               for v in np.linspace(values[0], values[1], points)]
            else:
                levels[key] = list(values)
        table = full_factorial(levels)
    else:
        raise ValueError("design %r: expected 'full' or 'lhs'" % design)
    return run_design(s, table, threads=threads)


class Comparison:
    """B - A per metric, paired by replication when both ran the same seed and replications
    (common random numbers), else Welch's interval, as `clustersim compare`."""

    def __init__(self, a, b, paired):
        self.a, self.b, self.paired = a, b, paired

    def summary(self, metrics=None, month=None):
        """One row per metric at `month` (default the last): means, B - A and its 95%
        interval, `clear` when the interval excludes 0."""
        names = _names(self.a, self.b, metrics)
        column = _cs.month_column(self.a.labels, month, "month") if month else -1
        column_a = column if month else len(self.a.labels) - 1
        column_b = _cs.month_column(self.b.labels, month, "month") if month else len(self.b.labels) - 1
        rows = [_cs.compare_metric(self.a._table, column_a, self.b._table, column_b, name,
                                   self.paired) for name in names]
        return pd.DataFrame(rows, columns=["metric", "mean_a", "mean_b", "difference", "low",
                                           "high", "clear", "units"])

    def over_time(self, metrics=None):
        """B - A at every date (the two on one calendar): metric, date, difference, low, high."""
        if self.a.labels != self.b.labels:
            raise ValueError("over_time: the two calendars differ")
        frames = []
        for name in _names(self.a, self.b, metrics):
            d = _cs.difference_series(self.a._table, self.b._table, name, self.paired)
            frames.append(pd.DataFrame({"metric": name, "date": self.a.labels, **d}))
        return pd.concat(frames, ignore_index=True)


def _names(a, b, metrics):
    if isinstance(metrics, str):
        metrics = [metrics]
    if metrics is None:
        in_b = {m["name"] for m in b._metrics}
        return [m["name"] for m in a._metrics if m["name"] in in_b]
    for name in metrics:
        _cs.metric_index(a._table, name, "metrics")
        _cs.metric_index(b._table, name, "metrics")
    return list(metrics)


def _seed_and_replications(results):
    p = results.provenance
    return str(p["seed"]), int(p["replications"])


def compare(a, b, overrides=None, replications=None, seed=None, threads=0):
    """Compares two variants. a and b are scenarios (Scenario or path: both run, on the same
    seed and replications unless their files say otherwise)
    or results already there (clustersim.run or clustersim.read). overrides, replications
    and seed apply to both scenarios, each run as clustersim.run runs it. Returns a
    Comparison."""
    if hasattr(a, "provenance") and hasattr(b, "provenance"):
        seed_a, reps_a = _seed_and_replications(a)
        seed_b, reps_b = _seed_and_replications(b)
        return Comparison(a, b, _cs.can_pair(seed_a, seed_b, reps_a, reps_b))
    sa = as_scenario(a, overrides, replications, seed)
    sb = as_scenario(b, overrides, replications, seed)
    ra, rb = run(sa, threads=threads), run(sb, threads=threads)
    return Comparison(ra, rb, _cs.can_pair(str(sa.seed), str(sb.seed), sa.replications,
                                           sb.replications))
