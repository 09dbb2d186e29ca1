"""Tidy pandas tables from the engine's arrays: one value per row, as `clustersim export
--tidy-csv` writes them (docs/output-format.md), in the same row order (metric, then run,
then month)."""

import numpy as np
import pandas as pd

VALUE_COLUMNS = ["replication", "date", "metric", "value", "units"]


def metric_info(metrics):
    """The metric declarations (list of dicts) as a DataFrame indexed by name."""
    return pd.DataFrame(metrics, columns=["name", "units", "kind", "lower", "upper",
                                          "description"]).set_index("name")


def tidy(values, metrics, labels, replication=None, leading=None):
    """values: metrics x rows x columns. `replication` names each row's replication (default
    0..rows-1); `leading` is an optional dict of per-row columns put first (point, keys)."""
    n_metrics, rows, columns = values.shape
    names = np.array([m["name"] for m in metrics], dtype=object)
    units = np.array([m["units"] for m in metrics], dtype=object)
    per_metric = rows * columns
    if replication is None:
        replication = np.arange(rows)
    frame = {}
    for name, column in (leading or {}).items():
        frame[name] = np.tile(np.repeat(np.asarray(column), columns), n_metrics)
    frame["replication"] = np.tile(np.repeat(np.asarray(replication), columns), n_metrics)
    frame["date"] = np.tile(np.array(labels, dtype=object), n_metrics * rows)
    frame["metric"] = np.repeat(names, per_metric)
    frame["value"] = values.reshape(-1)
    frame["units"] = np.repeat(units, per_metric)
    return pd.DataFrame(frame)


def columns_frame(datasets, prefix_2d=None):
    """A group's datasets as one DataFrame: 1-D ones as columns; 2-D ones (rows x k) as
    columns NAME.LABEL, with prefix_2d[NAME] the labels (default 0..k-1)."""
    frame = {}
    for name, array in datasets.items():
        array = np.asarray(array)
        if array.ndim == 1:
            frame[name] = array
        elif array.ndim == 2:
            labels = (prefix_2d or {}).get(name) or range(array.shape[1])
            for j, label in enumerate(labels):
                frame["%s.%s" % (name, label)] = array[:, j]
    return pd.DataFrame(frame)


def snapshot_frames(group, domains=None):
    """A snapshot group (firms, exits, network) as DataFrames: firms with knowledge and
    competence as one column per domain; the network as source, target, trust."""
    children = group["children"]
    names = {"knowledge": domains, "competence": domains}
    out = {
        "firms": columns_frame(children["firms"]["datasets"], names),
        "exits": columns_frame(children["exits"]["datasets"]),
    }
    network = children["network"]["datasets"]
    edges = np.asarray(network["edges"]).reshape(-1, 2)
    out["network"] = pd.DataFrame({"source": edges[:, 0], "target": edges[:, 1],
                                   "trust": np.asarray(network["trust"])})
    return out
