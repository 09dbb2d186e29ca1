"""Global sensitivity: the Morris screening and Sobol indices of `clustersim sensitivity`,
over the module's own runs or over any design and outputs."""

import numpy as np
import pandas as pd

from . import _clustersim as _cs
from ._experiments import run_design
from ._scenario import as_scenario


def _ranges(params):
    return [(k, float(lo), float(hi)) for k, (lo, hi) in params.items()]


def morris_design(params, trajectories, levels=4, seed=1):
    """The Morris sample over {key: (low, high)}: `trajectories` trajectories of k + 1 points
    each, on a grid of `levels` values per key (as `sensitivity --method morris`)."""
    return pd.DataFrame(_cs.morris_design(_ranges(params), trajectories, levels, seed),
                        columns=list(params))


def saltelli_design(params, base_points, seed=1):
    """The Saltelli sample over {key: (low, high)}: N (k + 2) points (A, B, then A with
    column i from B), as `sensitivity --method sobol`."""
    return pd.DataFrame(_cs.saltelli_design(_ranges(params), base_points, seed),
                        columns=list(params))


class Sensitivity:
    """Indices of one output: `indices` (a DataFrame, one row per key), `noise_share` (the
    share of the variance between points that replications' own spread explains; NaN with one
    replication: not estimable), the design and the outputs analysed."""

    def __init__(self, method, indices, noise_share, design, outputs, variance=None, runs=None):
        self.method, self.indices, self.noise_share = method, indices, noise_share
        self.design, self.outputs, self.variance, self.runs = design, outputs, variance, runs

    def __repr__(self):
        return "<clustersim.Sensitivity %s, noise share %.3g>\n%s" % (
            self.method, self.noise_share, self.indices.to_string())


def _replicate_outputs(outputs, points):
    """outputs as points x replications: a DataFrame (point, replication, value), a 2-D
    array, or one value per point (then one replication)."""
    if isinstance(outputs, pd.DataFrame):
        table = outputs.pivot(index="point", columns="replication", values="value")
        values = table.sort_index().to_numpy(dtype=float)
    else:
        values = np.asarray(outputs, dtype=float)
        if values.ndim == 1:
            values = values[:, None]
    if values.shape[0] != points:
        raise ValueError("outputs: %d points, but the design has %d" % (values.shape[0], points))
    return values


def _indices(method, design, outputs, params, n, levels, bootstrap, design_seed):
    values = _replicate_outputs(outputs, len(design))
    means = _cs.point_means(values.tolist())
    noise = _cs.noise_share(values.tolist())  # NaN with one replication, as the program says
    k = len(params)
    if method == "morris":
        trajectories = n if n is not None else len(design) // (k + 1)
        rows = _cs.morris_effects(design[list(params)].to_numpy().tolist(), means,
                                  _ranges(params), trajectories, levels)
        return pd.DataFrame(rows).set_index("key"), noise, None
    if method == "sobol":
        base = n if n is not None else len(design) // (k + 2)
        result = _cs.sobol_indices(means, k, base, bootstrap, design_seed)
        return pd.DataFrame(result["indices"], index=pd.Index(list(params), name="key")), \
            noise, result["variance"]
    raise ValueError("method %r: expected 'morris' or 'sobol'" % method)


def sensitivity(scenario=None, params=None, method="morris", n=None, metric=None, at=None,
                sum=None, levels=4, bootstrap=1000, design_seed=None, overrides=None,
                replications=None, seed=None, threads=0, design=None, outputs=None):
    """Sensitivity of an output to scenario keys params={key: (low, high)}.

    With a scenario: `clustersim sensitivity` -- draws the design (n trajectories for Morris,
    n base points for Sobol; seeded by design_seed, default the scenario's seed), runs every
    point on the same replications and analyses `metric` at month `at` (default the last) or
    summed over sum=(FROM, TO).

    With design= and outputs= instead: the indices of those (a design from morris_design or
    saltelli_design, in its row order; outputs as run_design(...).outputs(...) gives them, a
    points x replications array, or one value per point). Sobol's bootstrap is seeded by
    design_seed (default 1)."""
    if params is None:
        raise ValueError("params: expected {key: (low, high)}")
    runs = None
    if design is None:
        if scenario is None or metric is None or n is None:
            raise ValueError("expected a scenario, metric and n (or design= and outputs=)")
        s = as_scenario(scenario, overrides, replications, seed)
        design_seed = s.seed if design_seed is None else design_seed
        if method == "morris":
            design = morris_design(params, n, levels, design_seed)
        elif method == "sobol":
            design = saltelli_design(params, n, design_seed)
        else:
            raise ValueError("method %r: expected 'morris' or 'sobol'" % method)
        runs = run_design(s, design, threads=threads)
        outputs = runs.outputs(metric, at=at, sum=sum)
    elif outputs is None:
        raise ValueError("design= needs outputs=")
    design_seed = 1 if design_seed is None else design_seed
    indices, noise, variance = _indices(method, pd.DataFrame(design), outputs, params, n, levels,
                                        bootstrap, design_seed)
    return Sensitivity(method, indices, noise, design, outputs, variance, runs)
