#!/usr/bin/python3
"""Plot monthly metrics of a clustersim results file.

For each metric, draws the mean over replications and a 95% band against the
months of /time/label, one small subplot per metric, titled with the metric's
name and labelled with its units (from the dataset attributes).

Usage:
    tools/plot_metrics.py RESULTS.h5 [--metrics a,b,c] [-o plot.png]
                          [--band ci|range] [--list]

Bands:
    ci     (default) 95% confidence interval of the mean, mean +- t(0.975, n-1) * sd / sqrt(n),
           the interval `clustersim run` prints in its summary.
    range  2.5th to 97.5th percentile of the replications (spread of single runs).

Needs Debian's python3-h5py and python3-matplotlib.
"""

import argparse
import datetime
import math
import signal
import sys

import h5py
import matplotlib

matplotlib.use("Agg")
import matplotlib.dates as mdates  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

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
    return value.decode() if isinstance(value, bytes) else str(value)


def month_axis(results):
    """Datetimes of the /time/label months ('YYYY-MM'), or month indices if absent."""
    if "time/label" in results:
        dates = []
        for label in results["time/label"][()]:
            year, month = decode(label).split("-")[:2]
            dates.append(datetime.date(int(year), int(month), 1))
        return dates, True
    if "time/month_index" in results:
        return list(results["time/month_index"][()]), False
    return None, False


def band(values, kind):
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


def parse_arguments(argv):
    parser = argparse.ArgumentParser(
        description="Plot mean and 95% band over replications of clustersim metrics.")
    parser.add_argument("results", help="results file written by `clustersim run -o`")
    parser.add_argument("--metrics", help="comma-separated metric names (default: %s)"
                        % ",".join(DEFAULT_METRICS))
    parser.add_argument("-o", "--output", help="image to write (default: RESULTS with .png)")
    parser.add_argument("--band", choices=["ci", "range"], default="ci",
                        help="ci: 95%% interval of the mean (default); "
                             "range: 2.5-97.5 percentiles of replications")
    parser.add_argument("--columns", type=int, default=0,
                        help="subplots per row (default: chosen from the count)")
    parser.add_argument("--list", action="store_true",
                        help="list the metrics in the file with units and descriptions, and exit")
    return parser.parse_args(argv)


def main(argv=None):
    args = parse_arguments(sys.argv[1:] if argv is None else argv)
    try:
        results = h5py.File(args.results, "r")
    except OSError as error:
        sys.exit("plot_metrics: cannot open %s: %s" % (args.results, error))

    with results:
        if "metrics" not in results:
            sys.exit("plot_metrics: %s has no /metrics group (not a clustersim results file?)"
                     % args.results)
        available = results["metrics"]
        if args.list:
            for name in sorted(available):
                attrs = available[name].attrs
                print("%-32s %-22s %s" % (name, decode(attrs.get("units", "")),
                                          decode(attrs.get("description", ""))))
            return 0

        if args.metrics:
            names = [m.strip() for m in args.metrics.split(",") if m.strip()]
            missing = [m for m in names if m not in available]
            if missing:
                sys.exit("plot_metrics: no such metric: %s (use --list to see them)"
                         % ", ".join(missing))
        else:
            names = [m for m in DEFAULT_METRICS if m in available]
            if not names:
                names = sorted(available)[:8]
        if not names:
            sys.exit("plot_metrics: no metrics to plot")

        x, is_date = month_axis(results)
        scenario_name = decode(results.attrs.get("scenario_name", ""))
        replications = None

        columns = args.columns if args.columns > 0 else min(len(names), 4 if len(names) > 6 else 3)
        columns = min(columns, len(names))
        rows = math.ceil(len(names) / columns)
        figure, axes = plt.subplots(rows, columns, figsize=(4.2 * columns, 2.9 * rows),
                                    squeeze=False, sharex=True)
        for k, name in enumerate(names):
            axis = axes[k // columns][k % columns]
            dataset = available[name]
            values = dataset[()]
            replications = values.shape[0] if values.ndim == 2 else 1
            mean, low, high = band(values, args.band)
            xs = x if x is not None and len(x) == len(mean) else list(range(len(mean)))
            axis.fill_between(xs, low, high, alpha=0.3, linewidth=0, color="tab:blue",
                              label="95% CI of mean" if args.band == "ci" else "2.5-97.5%")
            axis.plot(xs, mean, color="tab:blue", linewidth=1.5, label="mean")
            units = decode(dataset.attrs.get("units", ""))
            axis.set_title(name, fontsize=10)
            if units and units != "1":
                axis.set_ylabel(units, fontsize=8)
            axis.tick_params(labelsize=8)
            axis.grid(True, alpha=0.3)
            if is_date:
                locator = mdates.AutoDateLocator(minticks=3, maxticks=6)
                axis.xaxis.set_major_locator(locator)
                axis.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
        for k in range(len(names), rows * columns):
            axes[k // columns][k % columns].set_visible(False)
        # Months on the bottom row of each column only (shared x axis).
        for k in range(len(names)):
            if k + columns < len(names):
                axes[k // columns][k % columns].tick_params(labelbottom=False)
            else:
                axes[k // columns][k % columns].tick_params(labelbottom=True)
        axes[0][0].legend(fontsize=7, loc="best")
        band_text = ("mean and 95% interval of the mean" if args.band == "ci"
                     else "mean and 2.5-97.5% range")
        figure.suptitle("%s: %s over %d replications" % (scenario_name or args.results, band_text,
                                                          replications or 0), fontsize=11)
        figure.tight_layout()

    output = args.output
    if not output:
        output = (args.results[:-3] if args.results.endswith(".h5") else args.results) + ".png"
    figure.savefig(output, dpi=110)
    print(output)
    return 0


if __name__ == "__main__":
    signal.signal(signal.SIGPIPE, signal.SIG_DFL)  # quiet when piped into head
    sys.exit(main())
