"""Calibration by the method of simulated moments (docs/calibration.md), as `clustersim
calibrate` runs it, without its journal."""

import os

import pandas as pd

from . import _clustersim as _cs
from ._scenario import as_scenario


class Calibration:
    """parameters: each key's estimate with its standard error and 95% interval; moments:
    each target's fit (simulated, z); fit: J, its p-value and the counts; fitted_toml: a
    scenario extending the calibrated file with the estimates (None for a text scenario)."""

    def __init__(self, result):
        self.parameters = pd.DataFrame(result["parameters"]).set_index("key")
        self.moments = pd.DataFrame(result["moments"]).set_index("name")
        self.fit = dict(result["fit"])
        self.fitted_toml = result["fitted_toml"]

    def __repr__(self):
        return "<clustersim.Calibration J=%.4g>\n%s" % (self.fit["distance"],
                                                       self.parameters.to_string())


def _toml_value(value):
    if isinstance(value, str):
        return '"%s"' % value.replace("\\", "\\\\").replace('"', '\\"')
    return repr(float(value)) if isinstance(value, float) else str(value)


def targets_toml(targets):
    """A list of {name, metric, reduction, from, to, value, standard_error or weight, source}
    as a targets file's [[target]] tables (docs/calibration.md), checked by its reader."""
    lines = []
    for target in targets:
        lines.append("[[target]]")
        for key, value in target.items():
            lines.append("%s = %s" % (key, _toml_value(value)))
        lines.append("")
    return "\n".join(lines)


def calibrate(scenario, targets, params, starts=4, evaluations=200, optimiser="bobyqa",
              two_step=True, design_seed=None, overrides=None, replications=None, seed=None,
              threads=0):
    """Chooses params={key: (low, high)} so that the targets' moments simulated with the
    scenario's replications (at least 2; the same seeds for every candidate) come closest to
    the observed ones. targets: a targets file (path) or a list of dicts as its [[target]]
    tables. Local searches start from a Latin hypercube seeded by design_seed (default the
    scenario's seed). GIL released; Ctrl-C raises KeyboardInterrupt. Returns a Calibration."""
    s = as_scenario(scenario, overrides, replications, seed)
    if isinstance(targets, (str, os.PathLike)):
        path, text = os.fspath(targets), ""
    else:
        path, text = "", targets_toml(targets)
    ranges = [(k, float(lo), float(hi)) for k, (lo, hi) in params.items()]
    result = _cs.calibrate(s._loaded, path, text, ranges, starts, evaluations, optimiser,
                           two_step, s.seed if design_seed is None else design_seed, threads)
    return Calibration(result)
