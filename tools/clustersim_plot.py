#!/usr/bin/python3
"""Report-ready figures of clustersim results files (`clustersim plot`).

Usage:
    clustersim_plot.py FILE... [-o DIR] [--metrics a,b,c] [--month YYYY-MM] [--force]
    clustersim_plot.py --compare A.h5 B.h5 [-o DIR] [--metrics a,b,c] [--force]

Each file gives one or more PNG figures in DIR (default: the current folder), named
STEM_FIGURE.png, by its kind (found from its groups):

    run          STEM_metrics.png: mean and 95% interval of the mean over replications per
                 metric, scheduled events of /scenario marked; STEM_network_YYYY-MM.png per
                 snapshot with a partner table (replication 0)
    compare      A_vs_B_compare.png: B - A per month, paired 95% interval when both files ran
                 the same seed and replications (common random numbers), else Welch's
    grid         STEM_grid.png: the metric at --month (default: the last) against the design
                 key (one key), a heatmap of the point means (two keys), or one panel per key
    sensitivity  STEM_sensitivity.png: Morris mu* and sigma, or Sobol S1 and ST with their
                 95% intervals, ranked; the noise share in the subtitle
    calibrate    STEM_moments.png (target +- 2 se against the simulated mean per moment) and
                 STEM_parameters.png (estimates and 95% intervals within their boxes)
    stress       STEM_stress.png: share of replications crossing the threshold by shock
    sweep        STEM_tornado.png: the metric at each key's low and high value

A figure that exists is bad input unless --force, and so are two figures of one name in one
call; bad input leaves none of the call's new figures behind.

Exit codes: 0 written, 1 failure, 2 bad input (a missing or foreign file, an unknown
metric, an existing figure) or missing python3-h5py / python3-matplotlib. Needs Debian's python3-h5py,
python3-numpy and python3-matplotlib (run with /usr/bin/python3); TOML by tomllib (3.11).
"""

import argparse
import difflib
import datetime
import math
import os
import signal
import sys
import textwrap

try:
    import h5py
    import matplotlib
    import numpy as np
except ImportError as missing:
    sys.stderr.write("clustersim plot: needs python3-h5py, python3-numpy and python3-matplotlib "
                     "(%s); on Debian: apt-get install python3-h5py python3-matplotlib, and run "
                     "with /usr/bin/python3\n" % missing)
    sys.exit(2)
try:
    import tomllib
except ImportError:  # Python < 3.11: figures without the events
    tomllib = None

matplotlib.use("Agg")
import matplotlib.dates as mdates  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402

PROG = "clustersim plot"

DEFAULT_METRICS = [
    "firms_alive",
    "employment",
    "innovations_total",
    "links",
    "clustering_coefficient",
    "competence_gap",
    "knowledge_mean",
    "trainings_delivered",
]

# Two-sided 95% Student t quantiles t(0.975, df) for df = 1..30.
_T975 = [12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228,
         2.201, 2.179, 2.160, 2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086,
         2.080, 2.074, 2.069, 2.064, 2.060, 2.056, 2.052, 2.048, 2.045, 2.042]

DPI = 120


class BadInput(Exception):
    """A file or option the user can fix: exit code 2."""


def t975(df):
    """Quantile 0.975 of Student's t with df degrees of freedom."""
    try:
        from scipy.stats import t as student_t
        return float(student_t.ppf(0.975, df))
    except ImportError:
        pass
    if df <= len(_T975):
        return _T975[df - 1]
    # Cornish-Fisher expansion around the normal quantile; good to 1e-3 beyond df 30.
    z = 1.959964
    return z + (z**3 + z) / (4 * df) + (5 * z**5 + 16 * z**3 + 3 * z) / (96 * df**2)


def decode(value):
    if isinstance(value, np.ndarray) and value.shape == ():
        value = value[()]
    return value.decode() if isinstance(value, bytes) else str(value)


def texts(dataset):
    return [decode(v) for v in dataset[()]]


def month_date(label):
    year, month = label.split("-")[:2]
    return datetime.date(int(year), int(month), 1)


def month_axis(results):
    """Datetimes of the /time/label months ('YYYY-MM'), or month indices if absent."""
    if "time/label" in results:
        return [month_date(label) for label in texts(results["time/label"])], True
    if "time/month_index" in results:
        return list(results["time/month_index"][()]), False
    return None, False


def band(values, kind="ci"):
    """Mean and band over replications: values is replications x months."""
    values = np.asarray(values, dtype=float)
    if values.ndim == 1:
        values = values[np.newaxis, :]
    n = values.shape[0]
    mean = np.nanmean(values, axis=0)
    if n < 2:
        return mean, mean, mean
    if kind == "range":
        low, high = np.nanpercentile(values, [2.5, 97.5], axis=0)
        return mean, low, high
    half = t975(n - 1) * np.nanstd(values, axis=0, ddof=1) / math.sqrt(n)
    return mean, mean - half, mean + half


def difference_band(a, b, paired):
    """Mean of B - A and its 95% interval per column: paired by replication or Welch."""
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    if paired:
        return band(b - a)
    na, nb = a.shape[0], b.shape[0]
    mean = b.mean(axis=0) - a.mean(axis=0)
    if na < 2 or nb < 2:
        return mean, mean, mean
    va, vb = a.var(axis=0, ddof=1) / na, b.var(axis=0, ddof=1) / nb
    se = np.sqrt(va + vb)
    with np.errstate(divide="ignore", invalid="ignore"):
        df = (va + vb) ** 2 / (va**2 / (na - 1) + vb**2 / (nb - 1))
    df = np.where(np.isfinite(df), np.maximum(df, 1), na + nb - 2)
    half = np.array([t975(max(1, int(round(d)))) for d in df]) * se
    return mean, mean - half, mean + half


# --- files -------------------------------------------------------------------------------

def open_results(path):
    """The file open for reading; BadInput when it is missing or not a clustersim file."""
    if not os.path.isfile(path):
        raise BadInput("%s: no such file (expected a results file written by clustersim)" % path)
    try:
        results = h5py.File(path, "r")
    except OSError:
        raise BadInput("%s: not an HDF5 file (expected a results file written by clustersim)"
                       % path) from None
    if decode(results.attrs.get("schema", "")) != "clustersim":
        results.close()
        raise BadInput("%s: not a clustersim results file (no root attribute schema = "
                       "\"clustersim\")" % path)
    return results


def kind_of(results):
    """The command that wrote the file, from the groups it holds."""
    for group, kind in (("calibration", "calibration"), ("sensitivity", "sensitivity"),
                        ("design", "grid"), ("stress", "stress"), ("sweep", "sweep")):
        if group in results:
            return kind
    return "run"


def stem(path):
    base = os.path.basename(path)
    return base[:-3] if base.endswith(".h5") else base


def scenario_events(results):
    """[(date, note)] of the [[events]] in the resolved scenario, by date."""
    if tomllib is None or "scenario" not in results:
        return []
    try:
        scenario = tomllib.loads(decode(results["scenario"][()]))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError):
        return []
    events = []
    for event in scenario.get("events", []):
        try:
            events.append((month_date(str(event["date"])), str(event.get("note", "")).strip()))
        except (KeyError, ValueError):
            continue
    return sorted(events, key=lambda e: e[0])


def event_footnote(events):
    """One line per event month, numbered as the marks on the time axes."""
    by_date = {}
    for date, note in events:
        by_date.setdefault(date, []).append(note or "(no note)")
    lines = []
    for k, (date, notes) in enumerate(sorted(by_date.items()), start=1):
        lines.append("[%d] %s: %s" % (k, date.strftime("%Y-%m"), " ".join(notes)))
    return lines


def mark_events(axis, events, numbered):
    """Dashed lines at the event months; numbers on the first panel's lines only."""
    dates = sorted({date for date, _ in events})
    for k, date in enumerate(dates, start=1):
        axis.axvline(date, color="0.35", linestyle="--", linewidth=0.8, zorder=1)
        if numbered:
            axis.annotate("[%d]" % k, xy=(date, 1.0), xycoords=("data", "axes fraction"),
                          xytext=(2, -2), textcoords="offset points", fontsize=7, va="top",
                          color="0.25")


def metric_info(dataset, name):
    """(title, units) of a metric dataset: its description, else its name."""
    description = decode(dataset.attrs.get("description", "")) if dataset is not None else ""
    units = decode(dataset.attrs.get("units", "")) if dataset is not None else ""
    title = description[:1].upper() + description[1:] if description else name
    return title.rstrip("."), units


def lower_first(text):
    return text[:1].lower() + text[1:] if text[1:2].islower() else text


def clip_to_range(dataset, *arrays):
    """Clips bands to the metric's declared range (lower, upper), as `clustersim run` does."""
    lower = float(dataset.attrs.get("lower", -np.inf))
    upper = float(dataset.attrs.get("upper", np.inf))
    return [np.clip(a, lower, upper) for a in arrays]


def wrap(text, width):
    return "\n".join(textwrap.wrap(text, width)) if text else text


def units_label(units):
    return "" if units in ("", "1") else units


def date_ticks(axis):
    locator = mdates.AutoDateLocator(minticks=3, maxticks=6)
    axis.xaxis.set_major_locator(locator)
    axis.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))


def chosen_metrics(available, requested, path):
    """--metrics (each must exist), else the defaults the file has, else its first eight."""
    if requested:
        missing = [m for m in requested if m not in available]
        if missing:
            # As the program does: the names holding the word, else a near spelling, else
            # the file's first names.
            word = missing[0]
            near = [m for m in sorted(available) if word in m] or \
                difflib.get_close_matches(word, sorted(available), n=1, cutoff=0.75)
            hint = ("did you mean %s?" % (", ".join(near[:12]) + (", ..." if len(near) > 12
                                                                   else ""))) if near else \
                "the file has: %s" % (", ".join(sorted(available)[:12])
                                      + (", ..." if len(available) > 12 else ""))
            raise BadInput("%s: no metric %s (%s)" % (path, ", ".join(missing), hint))
        return requested
    names = [m for m in DEFAULT_METRICS if m in available]
    return names or sorted(available)[:8]


def grid_of_axes(count, width=4.3, height=3.0, max_columns=3):
    columns = min(count, max_columns)
    rows = math.ceil(count / columns)
    figure, axes = plt.subplots(rows, columns, figsize=(width * columns, height * rows + 0.9),
                                squeeze=False)
    flat = [axes[k // columns][k % columns] for k in range(rows * columns)]
    for axis in flat[count:]:
        axis.set_visible(False)
    return figure, flat[:count]


# Whether a figure may replace a file of its name (--force); else it is bad input, as an
# existing output is for every other command.
REPLACE_FIGURES = False
# The figures this call wrote, and those of them that are new files (removed again when the
# call ends in bad input, so that it leaves nothing behind).
WRITTEN, CREATED = [], []


def save(figure, out_dir, name, footnote_lines=(), right=1.0, top=0.97):
    """Writes the figure; `right` < 1 leaves room for notes beside the axes, `top` for a
    legend under the title."""
    path = os.path.join(out_dir, name)
    if os.path.abspath(path) in WRITTEN:
        plt.close(figure)
        raise BadInput("%s: two figures of this name in one call (expected files of different "
                       "names, or a call per folder)" % path)
    existed = os.path.exists(path)
    if existed and not REPLACE_FIGURES:
        plt.close(figure)
        raise BadInput("%s: already exists (expected a new file name; add --force to replace it)"
                       % path)
    if footnote_lines:
        figure.text(0.01, 0.005, "\n".join(footnote_lines), fontsize=7, va="bottom", ha="left",
                    color="0.2")
    bottom = 0.02 + 0.022 * len(footnote_lines)
    figure.tight_layout(rect=(0, bottom, right, top))
    figure.savefig(path, dpi=DPI)
    WRITTEN.append(os.path.abspath(path))
    if not existed:
        CREATED.append(path)
    plt.close(figure)
    print(path)
    return path


# --- run files ---------------------------------------------------------------------------

def draw_run_panels(results, names, band_kind="ci", columns=0, title=None, events=True):
    """The figure of metric panels of a run file (mean and band over replications)."""
    available = results["metrics"]
    x, is_date = month_axis(results)
    marks = scenario_events(results) if events and is_date else []
    max_columns = columns if columns > 0 else (4 if len(names) > 6 else 3)
    figure, axes = grid_of_axes(len(names), max_columns=max_columns)
    replications = 0
    for k, (axis, name) in enumerate(zip(axes, names)):
        dataset = available[name]
        values = dataset[()]
        replications = values.shape[0] if values.ndim == 2 else 1
        mean, low, high = band(values, band_kind)
        low, high = clip_to_range(dataset, low, high)
        xs = x if x is not None and len(x) == len(mean) else list(range(len(mean)))
        axis.fill_between(xs, low, high, alpha=0.3, linewidth=0, color="tab:blue",
                          label="95% CI of mean" if band_kind == "ci" else "2.5-97.5%")
        axis.plot(xs, mean, color="tab:blue", linewidth=1.5, label="mean")
        heading, units = metric_info(dataset, name)
        axis.set_title(wrap(heading, 42), fontsize=9)
        axis.set_ylabel(units_label(units), fontsize=8)
        axis.tick_params(labelsize=8)
        axis.grid(True, alpha=0.3)
        if is_date:
            date_ticks(axis)
            mark_events(axis, marks, numbered=True)
    if axes:  # beside the title, clear of the data and the event numbers
        figure.legend(*axes[0].get_legend_handles_labels(), fontsize=7, loc="upper right",
                      ncols=2)
    band_text = ("mean and 95% interval of the mean" if band_kind == "ci"
                 else "mean and 2.5-97.5% range")
    scenario = decode(results.attrs.get("scenario_name", ""))
    figure.suptitle(title or "%s: %s over %d replications" % (scenario, band_text, replications),
                    fontsize=11)
    return figure, event_footnote(marks)


def plot_run(path, results, args):
    written = []
    if "metrics" not in results or len(results["metrics"]) == 0:
        raise BadInput("%s: no metrics to plot" % path)
    names = chosen_metrics(results["metrics"], args.metrics, path)
    figure, notes = draw_run_panels(results, names)
    written.append(save(figure, args.output, stem(path) + "_metrics.png", notes))
    written += plot_networks(path, results, args)
    return written


def spring_layout(count, edges, seed=1, iterations=120):
    """Fruchterman-Reingold positions in the unit square (no networkx on Debian's base)."""
    rng = np.random.default_rng(seed)
    position = rng.random((count, 2))
    if count < 2:
        return position
    k = 1.0 / math.sqrt(count)
    temperature = 0.1
    for _ in range(iterations):
        delta = position[:, None, :] - position[None, :, :]
        distance = np.maximum(np.linalg.norm(delta, axis=2), 1e-3)
        force = (delta / distance[:, :, None] * (k * k / distance)[:, :, None]).sum(axis=1)
        if len(edges):
            d = position[edges[:, 0]] - position[edges[:, 1]]
            length = np.maximum(np.linalg.norm(d, axis=1), 1e-3)
            pull = d * (length / k)[:, None]
            np.add.at(force, edges[:, 0], -pull)
            np.add.at(force, edges[:, 1], pull)
        # Gravity toward the centre keeps isolated firms and small components in view.
        force -= 3.0 * (position - position.mean(axis=0))
        step = np.linalg.norm(force, axis=1)
        position += force / np.maximum(step, 1e-9)[:, None] * np.minimum(step, temperature)[:, None]
        temperature *= 0.97
    return position


def plot_networks(path, results, args):
    """One figure per snapshot month: replication 0's firms and partner links."""
    snapshots = results.get("snapshots")
    if snapshots is None or len(snapshots) == 0:
        return []
    written = []
    for month in sorted(snapshots):
        group = snapshots[month].get("replication_0")
        if group is None or "network/edges" not in group or "firms/id" not in group:
            print("%s: snapshot %s has no partner table; no network figure" % (path, month))
            continue
        ids = group["firms/id"][()]
        if len(ids) > 3000:
            print("%s: snapshot %s has %d firms; the network figure is drawn up to 3000"
                  % (path, month, len(ids)))
            continue
        row = {int(v): i for i, v in enumerate(ids)}
        raw = np.asarray(group["network/edges"][()]).reshape(-1, 2)
        edges = np.array([(row[int(a)], row[int(b)]) for a, b in raw
                          if int(a) in row and int(b) in row], dtype=int).reshape(-1, 2)
        position = spring_layout(len(ids), edges)
        figure, axis = plt.subplots(figsize=(7.5, 7))
        for a, b in edges:
            axis.plot(position[[a, b], 0], position[[a, b], 1], color="0.6", linewidth=0.5,
                      zorder=1)
        cluster = group["firms/cluster"][()] if "firms/cluster" in group else np.zeros(len(ids))
        employees = group["firms/employees"][()] if "firms/employees" in group else None
        sizes = 10 + 60 * np.sqrt(employees / max(employees.max(), 1)) if employees is not None \
            else 20
        names = []
        if "scenario" in results and tomllib is not None:
            try:
                names = [c.get("name", "") for c in
                         tomllib.loads(decode(results["scenario"][()])).get("clusters", [])]
            except tomllib.TOMLDecodeError:
                names = []
        for c in sorted(set(int(v) for v in cluster)):
            chosen = cluster == c
            label = names[c] if c < len(names) else "cluster %d" % c
            axis.scatter(position[chosen, 0], position[chosen, 1],
                         s=sizes[chosen] if employees is not None else sizes, label=label,
                         zorder=2, edgecolors="white", linewidths=0.4)
        axis.set_xticks([])
        axis.set_yticks([])
        axis.legend(fontsize=8, loc="upper right", title="cluster", title_fontsize=8)
        axis.set_title("%s, %s, replication 0: %d firms, %d partner links\n(node area: employees)"
                       % (decode(results.attrs.get("scenario_name", "")), month, len(ids),
                          len(edges)), fontsize=10)
        written.append(save(figure, args.output, "%s_network_%s.png" % (stem(path), month)))
    return written


def plot_compare(path_a, a, path_b, b, args):
    if "metrics" not in a or "metrics" not in b or len(a["metrics"]) == 0:
        raise BadInput("--compare takes two files written by `clustersim run`")
    in_both = [m for m in a["metrics"] if m in b["metrics"]]
    if not in_both:
        raise BadInput("%s and %s have no metric in common" % (path_a, path_b))
    names = chosen_metrics({m: None for m in in_both}, args.metrics, path_b)
    la, lb = texts(a["time/label"]), texts(b["time/label"])
    if la != lb:
        raise BadInput("%s and %s have different calendars (%s to %s, %s to %s)"
                       % (path_a, path_b, la[0], la[-1], lb[0], lb[-1]))
    seeds = decode(a.attrs.get("seed", "")) == decode(b.attrs.get("seed", ""))
    x = [month_date(label) for label in la]
    marks = scenario_events(b) or scenario_events(a)
    figure, axes = grid_of_axes(len(names))
    paired = False
    for axis, name in zip(axes, names):
        va, vb = a["metrics"][name][()], b["metrics"][name][()]
        paired = seeds and va.shape[0] == vb.shape[0] and va.shape[0] > 1
        mean, low, high = difference_band(va, vb, paired)
        axis.axhline(0, color="black", linewidth=0.7)
        axis.fill_between(x, low, high, alpha=0.3, linewidth=0, color="tab:red",
                          label="95% interval")
        axis.plot(x, mean, color="tab:red", linewidth=1.5, label="B - A")
        heading, units = metric_info(a["metrics"][name], name)
        axis.set_title(wrap(heading, 42), fontsize=9)
        axis.set_ylabel(("difference, " + units) if units_label(units) else "difference",
                        fontsize=8)
        axis.tick_params(labelsize=8)
        axis.grid(True, alpha=0.3)
        date_ticks(axis)
        mark_events(axis, marks, numbered=True)
    figure.legend(*axes[0].get_legend_handles_labels(), fontsize=7, loc="upper right", ncols=2)
    figure.suptitle("B - A: B = %s (%s), A = %s (%s); %s"
                    % (stem(path_b), decode(b.attrs.get("scenario_name", "")), stem(path_a),
                       decode(a.attrs.get("scenario_name", "")),
                       "paired by replication (same seed)" if paired
                       else "unpaired (Welch)"), fontsize=10)
    return [save(figure, args.output, "%s_vs_%s_compare.png" % (stem(path_b), stem(path_a)),
                 event_footnote(marks))]


# --- experiments -------------------------------------------------------------------------

def column_of(results, month, path):
    labels = texts(results["time/label"])
    if not month:
        return len(labels) - 1, labels[-1]
    if month not in labels:
        raise BadInput("%s: --month %s is not a column (expected %s to %s)"
                       % (path, month, labels[0], labels[-1]))
    return labels.index(month), month


def design_of(results):
    """(keys, values points x keys, text or None, point per row)."""
    design = results["design"]
    keys = texts(design["keys"])
    values = np.asarray(design["values"][()], dtype=float).reshape(-1, len(keys))
    text = None
    if "text" in design:
        text = np.array(texts(design["text"]), dtype=object).reshape(values.shape)
    return keys, values, text, design["point"][()]


def plot_grid(path, results, args):
    keys, values, text, point_of_row = design_of(results)
    column, month = column_of(results, args.month, path)
    names = chosen_metrics(results["metrics"], args.metrics, path)
    if not args.metrics:
        names = names[:4]
    points = values.shape[0]
    # Values that are names (NaN as numbers) have no order: panels by point, not a heatmap.
    heatmap = len(keys) == 2 and not np.isnan(values).any()
    if heatmap:
        figure, axes = grid_of_axes(len(names), width=4.6, height=3.8, max_columns=2)
    elif len(keys) == 1:
        figure, axes = grid_of_axes(len(names))
    else:
        figure, axes = grid_of_axes(len(names) * len(keys), max_columns=len(keys))
    for m, name in enumerate(names):
        dataset = results["metrics"][name]
        final = dataset[:, column]
        heading, units = metric_info(dataset, name)
        stats = [band(final[point_of_row == p][:, None]) for p in range(points)]
        mean = np.array([s[0][0] for s in stats])
        low, high = clip_to_range(dataset, np.array([s[1][0] for s in stats]),
                                  np.array([s[2][0] for s in stats]))
        if heatmap:
            axis = axes[m]
            xs, ys = np.unique(values[:, 0]), np.unique(values[:, 1])
            table = np.full((len(ys), len(xs)), np.nan)
            for p in range(points):
                table[np.searchsorted(ys, values[p, 1]), np.searchsorted(xs, values[p, 0])] = mean[p]
            if len(xs) * len(ys) == points and not np.isnan(table).any():
                image = axis.imshow(table, origin="lower", aspect="auto", cmap="viridis")
                axis.set_xticks(range(len(xs)), ["%.4g" % v for v in xs], fontsize=7)
                axis.set_yticks(range(len(ys)), ["%.4g" % v for v in ys], fontsize=7)
            else:  # a hypercube: the points where they are
                image = axis.scatter(values[:, 0], values[:, 1], c=mean, cmap="viridis", s=40)
            bar = figure.colorbar(image, ax=axis)
            bar.set_label(units_label(units) or name, fontsize=8)
            axis.set_xlabel(keys[0], fontsize=8)
            axis.set_ylabel(keys[1], fontsize=8)
            axis.set_title(wrap(heading + " (mean, %s)" % month, 48), fontsize=9)
            continue
        for k, key in enumerate(keys):
            axis = axes[m * len(keys) + k] if len(keys) > 1 else axes[m]
            if np.isnan(values[:, k]).any():
                xs = np.arange(points)  # values that are names: one tick per point
                names_of = [str(t) for t in text[:, k]] if text is not None \
                    else ["point %d" % p for p in range(points)]
                axis.set_xticks(xs, names_of, fontsize=7, rotation=30)
            else:
                xs = values[:, k]
            order = np.argsort(xs, kind="stable")
            if len(keys) == 1:
                axis.fill_between(xs[order], low[order], high[order], alpha=0.3, linewidth=0,
                                  color="tab:blue", label="95% CI of mean")
                axis.plot(xs[order], mean[order], marker="o", markersize=3, color="tab:blue",
                          label="mean")
            else:  # other keys vary too: each point's mean and interval
                axis.errorbar(xs, mean, yerr=[mean - low, high - mean], fmt="o", markersize=3,
                              linewidth=0.8, color="tab:blue", label="point mean, 95% CI")
            axis.set_xlabel(key, fontsize=8)
            axis.set_ylabel(units_label(units), fontsize=8)
            axis.set_title(wrap(heading, 42), fontsize=9)
            axis.tick_params(labelsize=8)
            axis.grid(True, alpha=0.3)
    if not heatmap:
        axes[0].legend(fontsize=7, loc="best")
    reps = int(results["design"].attrs.get("replications_per_point", 0))
    figure.suptitle("%s: grid of %d points x %d replications, metrics at %s"
                    % (decode(results.attrs.get("scenario_name", "")), points, reps, month),
                    fontsize=11)
    return [save(figure, args.output, stem(path) + "_grid.png")]


def plot_sensitivity(path, results, args):
    group = results["sensitivity"]
    metric = decode(group.attrs.get("metric", ""))
    reduction = decode(group.attrs.get("reduction", ""))
    noise = float(group.attrs.get("noise_share", float("nan")))
    keys = texts(group["keys"])
    heading, units = metric_info(results["metrics"].get(metric) if "metrics" in results else None,
                                 metric)
    figure, axis = plt.subplots(figsize=(8, 1.2 + 0.55 * len(keys) + 1.2))
    height = 0.38
    if "mu_star" in group:
        mu_star, sigma = group["mu_star"][()], group["sigma"][()]
        order = np.argsort(mu_star)  # largest on top
        y = np.arange(len(keys))
        axis.barh(y + height / 2, mu_star[order], height, color="tab:blue", label="mu* (mean |EE|)")
        axis.barh(y - height / 2, sigma[order], height, color="tab:orange",
                  label="sigma (interactions, nonlinearity)")
        axis.set_xlabel("elementary effect: change over the key's whole range"
                        + (", " + units if units_label(units) else ""), fontsize=9)
        title = "Morris screening"
    else:
        first, total = group["first_order"][()], group["total"][()]
        order = np.argsort(total)
        y = np.arange(len(keys))

        def interval(name, values):
            if name + "_low" not in group:
                return None
            lo, hi = group[name + "_low"][()][order], group[name + "_high"][()][order]
            return [np.maximum(values[order] - lo, 0), np.maximum(hi - values[order], 0)]

        axis.barh(y + height / 2, total[order], height, color="tab:blue", label="ST (total)",
                  xerr=interval("total", total), capsize=3)
        axis.barh(y - height / 2, first[order], height, color="tab:orange",
                  label="S1 (first order)", xerr=interval("first_order", first), capsize=3)
        axis.axvline(0, color="black", linewidth=0.7)
        axis.set_xlabel("share of the output's variance (95% bootstrap interval)", fontsize=9)
        title = "Sobol indices"
    axis.set_yticks(np.arange(len(keys)), [keys[i] for i in order], fontsize=8)
    axis.grid(True, axis="x", alpha=0.3)
    axis.legend(fontsize=8, loc="lower right")
    axis.set_title("%s of %s\n%s, %s; model noise: %.0f%% of the output's variance"
                   % (title, wrap(lower_first(heading), 60), metric, reduction, 100 * noise),
                   fontsize=10)
    return [save(figure, args.output, stem(path) + "_sensitivity.png")]


def plot_calibration(path, results, args):
    group = results["calibration"]
    moments, parameters = group["moments"], group["parameters"]
    names = texts(moments["name"])
    metrics = texts(moments["metric"]) if "metric" in moments else [""] * len(names)
    reductions = texts(moments["reduction"]) if "reduction" in moments else [""] * len(names)
    target = moments["target"][()]
    se = moments["target_standard_error"][()]
    simulated = moments["simulated"][()]
    sd = moments["simulated_sd"][()] if "simulated_sd" in moments else np.zeros(len(names))
    z = moments["z"][()] if "z" in moments else np.full(len(names), np.nan)
    distance = float(group.attrs.get("distance", float("nan")))
    dof = int(group.attrs.get("degrees_of_freedom", 0))
    p_value = float(group.attrs.get("p_value", float("nan")))
    fit = "J = %.3g on %d degrees of freedom, p = %.3g" % (distance, dof, p_value)
    written = []
    figure, axes = plt.subplots(len(names), 1, figsize=(8, 1.4 + 1.0 * len(names)),
                                squeeze=False)
    for i, axis in enumerate(axes[:, 0]):
        dataset = results["metrics"].get(metrics[i]) if "metrics" in results else None
        _, units = metric_info(dataset, metrics[i])
        axis.errorbar([target[i]], [0], xerr=[[2 * se[i]], [2 * se[i]]], fmt="s",
                      color="black", capsize=4, label="target +- 2 se")
        axis.errorbar([simulated[i]], [0], xerr=[[sd[i]], [sd[i]]], fmt="o", color="tab:red",
                      capsize=0, alpha=0.8, label="simulated mean +- 1 sd of replications")
        axis.set_yticks([])
        axis.set_ylim(-1, 1)
        axis.set_title("%s: %s of %s (z = %.2f)" % (names[i], reductions[i], metrics[i], z[i]),
                       fontsize=8, loc="left")
        if units_label(units):
            axis.set_xlabel(units, fontsize=7)
        axis.tick_params(labelsize=7)
        axis.grid(True, axis="x", alpha=0.3)
    handles, labels = axes[0, 0].get_legend_handles_labels()
    top = 1 - 0.75 / figure.get_figheight()  # the title and the legend above the panels
    figure.legend(handles, labels, fontsize=7, loc="upper center", ncols=2,
                  bbox_to_anchor=(0.5, top + 0.35 / figure.get_figheight()))
    figure.suptitle("Calibration fit per moment; " + fit, fontsize=10)
    written.append(save(figure, args.output, stem(path) + "_moments.png", top=top))

    keys = texts(parameters["key"])
    value, low, high = parameters["value"][()], parameters["low"][()], parameters["high"][()]
    ci_low, ci_high = parameters["ci_low"][()], parameters["ci_high"][()]
    identified = parameters["identified"][()] if "identified" in parameters else np.ones(len(keys))
    figure, axis = plt.subplots(figsize=(8, 1.6 + 0.6 * len(keys)))
    span = np.where(high > low, high - low, 1.0)
    for i in range(len(keys)):
        share = lambda v: (v - low[i]) / span[i]  # noqa: E731 (the box as 0..1)
        axis.plot([0, 1], [i, i], color="0.8", linewidth=6, solid_capstyle="butt",
                  label="search box" if i == 0 else None)
        if identified[i] and np.isfinite(ci_low[i]):
            axis.plot([share(ci_low[i]), share(ci_high[i])], [i, i], color="tab:blue",
                      linewidth=2, label="95% interval" if i == 0 else None)
        axis.plot([share(value[i])], [i], "o", color="tab:blue",
                  label="estimate" if i == 0 else None)
        note = "" if identified[i] else " (not identified)"
        axis.annotate("%.4g [%.4g, %.4g]%s" % (value[i], ci_low[i], ci_high[i], note),
                      xy=(1.02, i), xycoords=("axes fraction", "data"), fontsize=7, va="center")
    axis.set_yticks(range(len(keys)), keys, fontsize=8)
    axis.set_xlim(-0.05, 1.05)
    axis.set_ylim(-0.7, len(keys) - 0.3)
    axis.set_xlabel("position in the search box (0: low, 1: high)", fontsize=8)
    axis.legend(fontsize=7, loc="upper left", bbox_to_anchor=(0, -0.25), ncols=3)
    axis.set_title("Calibrated parameters; " + fit, fontsize=10)
    written.append(save(figure, args.output, stem(path) + "_parameters.png", right=0.9))
    return written


def plot_stress(path, results, args):
    group = results["stress"]
    shock = group["shock"][()]
    share = group["crossing_share"][()]
    breaking = group["breaking_point"][()]
    a = group.attrs
    key, metric = decode(a.get("key", "")), decode(a.get("metric", ""))
    direction = decode(a.get("direction", ""))
    threshold = float(a.get("threshold", float("nan")))
    relative = int(a.get("relative", 0))
    within = int(a.get("within", 0))
    estimate = float(a.get("estimate", float("nan")))
    ci = (float(a.get("ci_low", float("nan"))), float(a.get("ci_high", float("nan"))))
    figure, axis = plt.subplots(figsize=(8, 4.8))
    axis.step(shock, share, where="post", color="tab:blue", linewidth=1.6,
              label="share of replications crossed")
    found = breaking[np.isfinite(breaking)]
    axis.plot(found, np.full(len(found), -0.03), "|", color="tab:blue", markersize=10,
              label="breaking point of each replication")
    if np.isfinite(ci[0]):
        axis.axvspan(ci[0], ci[1], color="tab:orange", alpha=0.2,
                     label="95% interval of the mean breaking point")
    if np.isfinite(estimate):
        axis.axvline(estimate, color="tab:red", linestyle="--",
                     label="median breaking point %.4g" % estimate)
    axis.axhline(0.5, color="0.5", linewidth=0.7, linestyle=":")
    axis.set_ylim(-0.08, 1.05)
    axis.set_xlabel(key, fontsize=9)
    axis.set_ylabel("share of replications", fontsize=9)
    axis.grid(True, alpha=0.3)
    axis.legend(fontsize=8, loc="best")
    sign = "<=" if direction == "below" else ">="
    level = ("%.4g x its value at the lowest shock" % threshold) if relative else "%.4g" % threshold
    axis.set_title("Breaking point: %s %s %s within %d months\n%d replications, %d censored"
                   % (metric, sign, level, within, len(breaking),
                      int(a.get("censored", 0))), fontsize=10)
    return [save(figure, args.output, stem(path) + "_stress.png")]


def plot_sweep(path, results, args):
    group = results["sweep"]
    keys = texts(group["key"])
    low, high = group["low"][()], group["high"][()]
    baseline = float(np.mean(group["baseline"][()]))
    at_low = group["at_low"][()].mean(axis=1)
    at_high = group["at_high"][()].mean(axis=1)
    effect = group["effect"][()]
    e_low, e_high = group["effect_low"][()], group["effect_high"][()]
    metric, month = decode(group.attrs.get("metric", "")), decode(group.attrs.get("month", ""))
    order = np.argsort(np.abs(effect))  # largest on top
    figure, axis = plt.subplots(figsize=(8.5, 2.4 + 0.55 * len(keys)))
    for row, k in enumerate(order):
        axis.barh(row, at_low[k] - baseline, left=baseline, color="tab:blue", height=0.6,
                  label="key at its low value" if row == 0 else None)
        axis.barh(row, at_high[k] - baseline, left=baseline, color="tab:orange", height=0.6,
                  alpha=0.85, label="key at its high value" if row == 0 else None)
        axis.annotate("high - low = %.3g [%.3g, %.3g]" % (effect[k], e_low[k], e_high[k]),
                      xy=(1.01, row), xycoords=("axes fraction", "data"), fontsize=7,
                      va="center")
    axis.axvline(baseline, color="black", linewidth=0.9, label="baseline %.4g" % baseline)
    axis.set_yticks(range(len(keys)),
                    ["%s\n%.4g .. %.4g" % (keys[k], low[k], high[k]) for k in order], fontsize=8)
    axis.set_xlabel("%s at %s (mean over %d replications)"
                    % (metric, month, len(group["baseline"][()])), fontsize=9)
    axis.grid(True, axis="x", alpha=0.3)
    axis.legend(fontsize=7, loc="upper left", bbox_to_anchor=(0, -0.3), ncols=3)
    axis.set_title("One-at-a-time sensitivity of %s (paired 95%% intervals)" % metric,
                   fontsize=10)
    return [save(figure, args.output, stem(path) + "_tornado.png", right=0.9)]


PLOTTERS = {"run": plot_run, "grid": plot_grid, "sensitivity": plot_sensitivity,
            "calibration": plot_calibration, "stress": plot_stress, "sweep": plot_sweep}


def parse_arguments(argv):
    parser = argparse.ArgumentParser(prog=PROG, description=__doc__.split("\n")[0])
    parser.add_argument("files", nargs="+", metavar="FILE", help="results files")
    parser.add_argument("-o", "--output", default=".", help="folder for the figures")
    parser.add_argument("--metrics", help="comma-separated metric names")
    parser.add_argument("--month", help="column of grid files, YYYY-MM (default: the last)")
    parser.add_argument("--compare", action="store_true",
                        help="the two files are A and B of a comparison")
    parser.add_argument("--force", action="store_true", help="replace figures that exist")
    args = parser.parse_args(argv)
    args.metrics = [m.strip() for m in args.metrics.split(",") if m.strip()] \
        if args.metrics else None
    return args


def main(argv=None):
    global REPLACE_FIGURES
    args = parse_arguments(sys.argv[1:] if argv is None else argv)
    REPLACE_FIGURES = args.force
    del WRITTEN[:], CREATED[:]
    try:
        if not os.path.isdir(args.output):
            raise BadInput("-o %s: not a folder (create it first)" % args.output)
        if args.compare:
            if len(args.files) != 2:
                raise BadInput("--compare takes two run files, A.h5 B.h5")
            with open_results(args.files[0]) as a, open_results(args.files[1]) as b:
                for path, results in ((args.files[0], a), (args.files[1], b)):
                    if kind_of(results) != "run":
                        raise BadInput("%s: a %s file; --compare takes two run files"
                                       % (path, kind_of(results)))
                plot_compare(args.files[0], a, args.files[1], b, args)
            return 0
        # Every file is checked before any figure is drawn.
        for path in args.files:
            open_results(path).close()
        for path in args.files:
            with open_results(path) as results:
                PLOTTERS[kind_of(results)](path, results, args)
    except BadInput as error:
        for path in CREATED:  # this call's new figures: bad input leaves nothing behind
            os.remove(path)
        sys.stderr.write("%s: %s\n" % (PROG, error))
        return 2
    except (KeyError, ValueError, OSError) as error:
        sys.stderr.write("%s: error: %s (a damaged or unfinished results file?)\n" % (PROG, error))
        return 1
    return 0


if __name__ == "__main__":
    signal.signal(signal.SIGPIPE, signal.SIG_DFL)  # quiet when piped into head
    sys.exit(main())
