"""Results files written by the program (any kind), read by its own reader."""

import io
import os

import numpy as np
import pandas as pd

from . import _clustersim as _cs
from ._frames import columns_frame, snapshot_frames
from ._run import MetricResults
from ._scenario import loads

# The kind of a file by the group it holds, in the order `clustersim export` looks.
_KINDS = [("calibration", "/calibration"), ("stress", "/stress"), ("sweep", "/sweep"),
          ("grid", "/design")]


class ResultsFile(MetricResults):
    """A results file: kind ("run", "grid", "sensitivity", "stress", "sweep",
    "calibration"), provenance (the root attributes), the resolved scenario text, and its
    tables as DataFrames."""

    def __init__(self, path):
        self.path = os.fspath(path)
        data = _cs.read_results(self.path)
        self.provenance = _typed(data["attributes"])
        self.scenario_toml = data["scenario"]
        self.kind, self._group = "run", None
        for kind, group in _KINDS:
            stored = _cs.read_group(self.path, group)
            if stored is not None:
                self.kind, self._group = kind, stored
                break
        if self.kind == "grid" and _cs.read_group(self.path, "/sensitivity") is not None:
            self.kind = "sensitivity"
        replication, leading = self._rows(data["table"])
        super().__init__(data["table"], data["labels"], replication, leading)
        self._tidy_export = None

    def _rows(self, table):
        """Each metrics row's replication, and its point and key values for a design."""
        if self.kind not in ("grid", "sensitivity"):
            return None, None
        d = self._group["datasets"]
        keys = list(d["keys"])
        values = d.get("text", d["values"]).reshape(-1, len(keys))
        point = np.asarray(d["point"])
        leading = {"point": point}
        for j, key in enumerate(keys):
            leading[key] = _numbers_if_all(values[point, j])
        return np.asarray(d["replication"]), leading

    @property
    def metrics(self):
        """The tidy table `clustersim export --tidy-csv` writes for this kind of file
        (docs/output-format.md); for a run file without its empty `point` column."""
        if self.kind in ("run", "grid", "sensitivity"):
            return super().metrics
        if self._tidy_export is None:
            self._tidy_export = pd.read_csv(io.StringIO(_cs.export_tidy(self.path)))
        return self._tidy_export

    def group(self, path):
        """Any group of the file as nested dicts of numpy arrays (None when absent)."""
        return _cs.read_group(self.path, path)

    @property
    def design(self):
        """The points of a grid or sensitivity file, one column per key."""
        if self.kind not in ("grid", "sensitivity"):
            return None
        d = self._group["datasets"]
        keys = list(d["keys"])
        values = d.get("text", d["values"]).reshape(-1, len(keys))
        return pd.DataFrame({k: _numbers_if_all(values[:, j]) for j, k in enumerate(keys)})

    @property
    def sensitivity(self):
        """/sensitivity as a DataFrame indexed by key (mu_star, mu, sigma or the Sobol
        indices with their intervals), its attributes in .attrs."""
        g = self.group("/sensitivity")
        if g is None:
            return None
        d = dict(g["datasets"])
        keys = list(d.pop("keys"))
        d.pop("point_mean", None)
        frame = pd.DataFrame(d, index=pd.Index(keys, name="key"))
        frame.attrs.update(g["attributes"])
        return frame

    @property
    def calibration(self):
        """/calibration: {"parameters": DataFrame, "moments": DataFrame, "fit": dict}."""
        g = self.group("/calibration")
        if g is None:
            return None
        return {"parameters": columns_frame(g["children"]["parameters"]["datasets"]),
                "moments": columns_frame(g["children"]["moments"]["datasets"]),
                "fit": dict(g["attributes"])}

    def snapshots(self):
        """(month, replication) of every snapshot stored."""
        g = self.group("/snapshots")
        if g is None:
            return []
        return sorted((month, int(name.split("_")[1])) for month, child in g["children"].items()
                      for name in child["children"])

    def snapshot(self, month, replication=0):
        """Firms, exits and network of a stored snapshot, as DataFrames."""
        g = self.group("/snapshots/%s/replication_%d" % (month, replication))
        if g is None:
            raise KeyError("no snapshot of %s, replication %d (stored: %s)"
                           % (month, replication, self.snapshots()))
        return snapshot_frames(g, self._domains())

    def _domains(self):
        try:
            return loads(self.scenario_toml, self.path + ":/scenario").domains
        except Exception:  # an older file whose scenario no longer loads: number the domains
            return None

    def __repr__(self):
        return "<clustersim.ResultsFile %s: %s, %s>" % (self.path, self.kind,
                                                         self.provenance.get("scenario_name"))


# Root attributes the writer stores as integers (the reader gives every one as text).
_INTEGER_ATTRIBUTES = ("schema_version", "seed", "replications", "threads")


def _typed(attributes):
    """The provenance with its integers as ints, as clustersim.run's provenance has them."""
    return {k: int(v) if k in _INTEGER_ATTRIBUTES else v for k, v in attributes.items()}


def _numbers_if_all(values):
    """Values as typed (text) as numbers when every one is a number, as read_csv reads the
    export's columns; names stay text."""
    try:
        return pd.to_numeric(pd.Series(values)).to_numpy()
    except (ValueError, TypeError):
        return np.asarray(values)


def read(path):
    """Reads a results file of any kind written by the program (or by RunResult.write).
    Raises clustersim.InputError for a missing or foreign file."""
    return ResultsFile(path)
