"""Ensembles, whole (run) or month by month (Stepper), on the program's engine."""

import numpy as np
import pandas as pd

from . import _clustersim as _cs
from ._frames import metric_info, snapshot_frames, tidy
from ._scenario import as_scenario


class MetricResults:
    """Metric values of an ensemble: replications x months of every metric."""

    def __init__(self, table, labels, replication=None, leading=None):
        self._table = table
        self.labels = list(labels)  # fewer than the table's columns: a stepper's so far
        self.values = table.values[:, :, :len(self.labels)]  # metrics x replications x columns
        self._metrics = table.metrics
        self._replication = replication
        self._leading = leading
        self._tidy = None

    @property
    def metrics(self):
        """Tidy DataFrame: one row per replication, date (YYYY-MM; the first is the initial
        state) and metric, with its value and units."""
        if self._tidy is None:
            self._tidy = tidy(self.values, self._metrics, self.labels, self._replication,
                              self._leading)
        return self._tidy

    @property
    def metric_info(self):
        return metric_info(self._metrics)

    def summary(self, month=None):
        """Mean over replications with the program's 95% interval (Student's t, clipped to
        the metric's range) per metric and date; one month only when given."""
        s = _cs.summary(self._table)
        columns = len(self.labels)
        names = [m["name"] for m in self._metrics]
        frame = pd.DataFrame({
            "date": np.tile(np.array(self.labels, dtype=object), len(names)),
            "metric": np.repeat(np.array(names, dtype=object), len(self.labels)),
            "mean": s["mean"][:, :columns].reshape(-1), "low": s["low"][:, :columns].reshape(-1),
            "high": s["high"][:, :columns].reshape(-1),
            "units": np.repeat(np.array([m["units"] for m in self._metrics], dtype=object),
                               len(self.labels))})
        if month is not None:
            _cs.month_column(self.labels, month, "month")
            frame = frame[frame.date == month].reset_index(drop=True)
        return frame

    def series(self, metric):
        """One metric as a DataFrame: dates as rows, replications as columns."""
        m = _cs.metric_index(self._table, metric, "metric")
        return pd.DataFrame(self.values[m].T, index=pd.Index(self.labels, name="date"))


class RunResult(MetricResults):
    """What clustersim.run returns: the metrics (tidy), the provenance the results file would
    carry, and the snapshots the scenario asks for."""

    def __init__(self, output, scenario, command_line):
        super().__init__(output.table, scenario.labels)
        self._output = output
        self.scenario = scenario
        self._command_line = command_line
        self.provenance = dict(output.provenance(scenario._loaded, command_line))
        self.provenance["scenario"] = scenario.toml
        self._snapshots = None

    def _snapshot_groups(self):
        if self._snapshots is None:
            self._snapshots = {(r, label): g for r, label, g in self._output.snapshots()}
        return self._snapshots

    def snapshots(self):
        """(month, replication) of every snapshot kept (the scenario's output.snapshots)."""
        return sorted((label, r) for r, label in self._snapshot_groups())

    def snapshot(self, month, replication=0):
        """Firms, exits and network at a snapshot month, as DataFrames (docs/output-format.md)."""
        group = self._snapshot_groups().get((replication, month))
        if group is None:
            raise KeyError("no snapshot of %s, replication %d (kept: %s)"
                           % (month, replication, self.snapshots()))
        return snapshot_frames(group, self.scenario.domains)

    def write(self, path, force=False):
        """Writes the results file `clustersim run` would write (header, snapshots, metrics),
        which `clustersim rerun` reproduces."""
        self._output.write(str(path), force, self.scenario._loaded, self._command_line)


def _call_text(name, scenario, **options):
    shown = ", ".join("%s=%r" % (k, v) for k, v in options.items() if v is not None)
    source = scenario.path or scenario._loaded.source_name
    return "python: clustersim.%s(%r%s)" % (name, source, ", " + shown if shown else "")


def run(scenario, overrides=None, replications=None, seed=None, threads=0):
    """Runs a scenario's ensemble (a Scenario or a path; overrides, replications and seed
    as --set, -r and --seed) on `threads` threads (0: all cores) and returns a RunResult.
    The metrics equal those of `clustersim run` with the same scenario and seed. The GIL is
    released while it runs; Ctrl-C stops it with KeyboardInterrupt."""
    s = as_scenario(scenario, overrides, replications, seed)
    output = _cs.run(s._loaded, threads)
    return RunResult(output, s, _call_text("run", s, overrides=overrides,
                                           replications=replications, seed=seed,
                                           threads=threads))


class Stepper:
    """An ensemble stepped month by month, its firms readable between steps.

        st = clustersim.Stepper("scenarios/tutorial.toml", replications=2)
        st.step(12)
        st.firms(0)          # one row per firm alive in replication 0
    """

    def __init__(self, scenario, overrides=None, replications=None, seed=None, threads=0):
        self.scenario = as_scenario(scenario, overrides, replications, seed)
        self._stepper = _cs.Stepper(self.scenario._loaded, threads)

    def step(self, months=1):
        """Steps every replication by up to `months` months (no further than the calendar's
        end). GIL released; Ctrl-C raises KeyboardInterrupt and leaves the stepper unusable."""
        self._stepper.step(months)
        return self

    def run_to_end(self):
        return self.step(self.months - self.months_done)

    months_done = property(lambda self: self._stepper.months_done)
    months = property(lambda self: self._stepper.months)
    replications = property(lambda self: self._stepper.replications)
    finished = property(lambda self: self.months_done >= self.months)

    @property
    def date(self):
        """The label of the state now (YYYY-MM; the month before the start when none is done)."""
        return self._stepper.labels[self.months_done]

    @property
    def results(self):
        """The metrics recorded so far (columns up to the current month)."""
        done = self.months_done + 1
        return MetricResults(self._stepper.table, self._stepper.labels[:done])

    @property
    def metrics(self):
        """Tidy DataFrame of the metrics recorded so far."""
        return self.results.metrics

    def firm_arrays(self, replication=0):
        """Every per-firm array of the model's state for the firms alive, as numpy arrays in
        slot order: one value per firm, or firms x width (partners, loans) or firms x domains
        (knowledge, competence, import_dependence)."""
        return self._stepper.firm_state(replication)

    def firms(self, replication=0):
        """The firms alive now, one row each: every one-value-per-firm array of the state,
        then knowledge, competence and import dependence per domain (columns NAME.DOMAIN)."""
        arrays = self.firm_arrays(replication)
        domains = self.scenario.domains
        frame = {k: v for k, v in arrays.items() if np.ndim(v) == 1}
        for name in ("knowledge", "competence", "import_dependence"):
            for j, domain in enumerate(domains):
                frame["%s.%s" % (name, domain)] = arrays[name][:, j]
        return pd.DataFrame(frame)

    def snapshot(self, replication=0):
        """The snapshot `clustersim run` would store now: firms, exits since the last
        snapshot month, and the partner network, as DataFrames."""
        return snapshot_frames(self._stepper.snapshot(replication), self.scenario.domains)

    def network(self, replication=0):
        """The partner network now, as the page draws it: (nodes, links) DataFrames."""
        view = self._stepper.network(replication)
        nodes = pd.DataFrame(view["nodes"], columns=["id", "kind", "cluster", "size"])
        links = pd.DataFrame(view["links"], columns=["source", "target", "trust"])
        return nodes, links

