"""Scenarios: loading, validation and overrides, through the program's own loader."""

import json
import os

import numpy as np

from . import _clustersim as _cs
from ._frames import metric_info


def value_text(value):
    """A Python value as --set's VALUE: numbers as the program writes them (floats as TOML
    floats that read back exactly), booleans as TOML, lists as TOML arrays, strings as typed
    (the loader reads them as TOML, or else as a string)."""
    if isinstance(value, (bool, np.bool_)):
        return "true" if value else "false"
    if isinstance(value, (int, np.integer)):
        return str(int(value))
    if isinstance(value, (float, np.floating)):
        return _cs.number_text(float(value))
    if isinstance(value, str):
        return value
    if isinstance(value, (list, tuple, np.ndarray)):
        items = [json.dumps(v) if isinstance(v, str) else value_text(v) for v in value]
        return "[" + ", ".join(items) + "]"
    raise TypeError("override value %r: expected a number, bool, string or list" % (value,))


def override_list(overrides):
    """{key: value} or ["KEY=VALUE", ...] (or None) as the loader's KEY=VALUE list."""
    if overrides is None:
        return []
    if isinstance(overrides, str):
        raise TypeError("overrides: expected a dict {key: value} or a list of 'KEY=VALUE'")
    if hasattr(overrides, "items"):
        return ["%s=%s" % (key, value_text(value)) for key, value in overrides.items()]
    return [str(o) for o in overrides]


class Scenario:
    """A loaded, validated scenario: clustersim.load(path) or clustersim.loads(text)."""

    def __init__(self, loaded):
        self._loaded = loaded

    def set(self, overrides=None, replications=None, seed=None):
        """A new Scenario: this one with more overrides (as --set, -r and --seed)."""
        more = override_list(overrides)
        if replications is not None:
            more.append("replications=%d" % replications)
        if seed is not None:
            more.append("seed=%d" % seed)
        return Scenario(self._loaded.with_overrides(more)) if more else self

    name = property(lambda self: self._loaded.name)
    description = property(lambda self: self._loaded.description)
    seed = property(lambda self: self._loaded.seed)
    replications = property(lambda self: self._loaded.replications)
    months = property(lambda self: self._loaded.months)
    domains = property(lambda self: list(self._loaded.domains))
    path = property(lambda self: self._loaded.path or None)
    overrides = property(lambda self: list(self._loaded.overrides))

    @property
    def labels(self):
        """Results column labels: the month before the start (initial state), then each month."""
        return list(self._loaded.labels)

    @property
    def metrics(self):
        """The metrics this scenario records (name, units, kind, range, description)."""
        return metric_info(self._loaded.metrics)

    @property
    def toml(self):
        """The scenario fully resolved, every key explicit (what `clustersim validate` prints)."""
        return self._loaded.toml

    def __repr__(self):
        return "<clustersim.Scenario %r: %d replications, %d months, seed %d>" % (
            self.name, self.replications, self.months, self.seed)


def load(path, overrides=None):
    """Loads and validates a scenario file (following `extends`) with overrides, a dict
    {key: value} or a list of 'KEY=VALUE' as --set takes them. Raises clustersim.InputError
    listing every problem with its file, line, column and key."""
    return Scenario(_cs.Scenario.load(os.fspath(path), override_list(overrides)))


def loads(text, name="<string>", overrides=None):
    """The same for a scenario given as text (`name` is used in error positions)."""
    return Scenario(_cs.Scenario.loads(text, name, override_list(overrides)))


def validate(path, overrides=None):
    """The resolved TOML of a valid scenario, as `clustersim validate` prints it; raises
    clustersim.InputError otherwise."""
    return load(path, overrides).toml


def as_scenario(scenario, overrides=None, replications=None, seed=None):
    """A Scenario from a Scenario or a path, with overrides, replications and seed applied
    as the program's -r and --seed apply them (overrides recorded in the resolved scenario)."""
    if not isinstance(scenario, Scenario):
        scenario = load(scenario)
    return scenario.set(overrides, replications, seed)
