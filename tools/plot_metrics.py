#!/usr/bin/python3
"""Plot monthly metrics of a clustersim results file (one figure, a panel per metric).

Kept for existing scripts; `clustersim plot` (tools/clustersim_plot.py, which draws
these panels) plots every kind of results file.

Usage:
    tools/plot_metrics.py RESULTS.h5 [--metrics a,b,c] [-o plot.png]
                          [--band ci|range] [--list] [--force]

An image that exists is not replaced without --force.

Bands:
    ci     (default) 95% confidence interval of the mean, mean +- t(0.975, n-1) * sd / sqrt(n),
           the interval `clustersim run` prints in its summary.
    range  2.5th to 97.5th percentile of the replications (spread of single runs).

Needs Debian's python3-h5py and python3-matplotlib.
"""

import argparse
import os
import signal
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import clustersim_plot as cp  # noqa: E402
from clustersim_plot import decode  # noqa: E402

DEFAULT_METRICS = cp.DEFAULT_METRICS


def parse_arguments(argv):
    parser = argparse.ArgumentParser(
        description="Plot mean and 95% band over replications of clustersim metrics.")
    parser.add_argument("results", help="results file written by `clustersim run -o`")
    parser.add_argument("--metrics", help="comma-separated metric names (default: %s)"
                        % ",".join(DEFAULT_METRICS))
    parser.add_argument("-o", "--output", help="image to write (default: RESULTS with .png)")
    parser.add_argument("--force", action="store_true", help="replace the image if it exists")
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
        results = cp.open_results(args.results)
    except cp.BadInput as error:
        sys.exit("plot_metrics: %s" % error)
    with results:
        if "metrics" not in results or len(results["metrics"]) == 0:
            sys.exit("plot_metrics: %s has no metrics (not a run file?)" % args.results)
        available = results["metrics"]
        if args.list:
            for name in sorted(available):
                attrs = available[name].attrs
                print("%-32s %-22s %s" % (name, decode(attrs.get("units", "")),
                                          decode(attrs.get("description", ""))))
            return 0
        requested = [m.strip() for m in args.metrics.split(",") if m.strip()] \
            if args.metrics else None
        try:
            names = cp.chosen_metrics(available, requested, args.results)
        except cp.BadInput as error:
            sys.exit("plot_metrics: %s (use --list to see them)" % error)
        figure, notes = cp.draw_run_panels(results, names, args.band, args.columns)
    output = args.output
    if not output:
        output = (args.results[:-3] if args.results.endswith(".h5") else args.results) + ".png"
    folder, name = os.path.split(output)
    replace, cp.REPLACE_FIGURES = cp.REPLACE_FIGURES, args.force
    try:
        cp.save(figure, folder or ".", name, notes)
    except cp.BadInput as error:
        sys.exit("plot_metrics: %s" % error)
    finally:
        cp.REPLACE_FIGURES = replace
    return 0


if __name__ == "__main__":
    signal.signal(signal.SIGPIPE, signal.SIG_DFL)  # quiet when piped into head
    sys.exit(main())
