#!/usr/bin/python3
"""`clustersim plot` on a small file of every kind (ctest plot_cli).

Writes run, compare, grid (one and two keys), sensitivity (Morris and Sobol), stress and
sweep files with the built program on scenarios/tutorial.toml, and a calibration file
(the /calibration group of docs/calibration.md over a run file's header: no command
writes one yet), plots each and checks that every figure it should draw is a PNG of
non-trivial size; then that bad input and a Python without h5py exit 2.

Usage: plot_cli_test.py CLUSTERSIM SOURCE_DIR WORK_DIR   (exit 77: skipped)
"""

import os
import shutil
import stat
import subprocess
import sys

try:
    import h5py
    import numpy as np
except ImportError:
    print("skipped: /usr/bin/python3 has no h5py or numpy")
    sys.exit(77)

MIN_PNG_BYTES = 15000  # an empty 8 x 5 inch figure at 120 dpi is about 5 kB

failures = []


def check(condition, message):
    if not condition:
        failures.append(message)
        print("FAIL: " + message)


def run(binary, *args, env=None):
    result = subprocess.run([binary, *args], capture_output=True, text=True, env=env)
    return result.returncode, result.stdout + result.stderr


def make(binary, scenario, work, command, name, *args):
    out = os.path.join(work, name)
    code, output = run(binary, command, scenario, *args, "-r", "3", "--threads", "1", "--quiet",
                       "-o", out)
    if code != 0:
        print(output)
        sys.exit("cannot write the %s file (exit %d)" % (command, code))
    return out


def calibration_file(run_file, path):
    """A run file's header with /calibration as analysis/calibration.cpp's to_datasets writes it."""
    shutil.copy(run_file, path)
    with h5py.File(path, "a") as f:
        del f["metrics"]
        del f["snapshots"]
        f.create_group("metrics")
        g = f.create_group("calibration")
        for key, value in (("distance", 1.5), ("p_value", 0.22)):
            g.attrs[key] = value
        g.attrs["degrees_of_freedom"] = np.int32(1)
        g.attrs["optimiser"] = "LN_BOBYQA"
        p = g.create_group("parameters")
        p["key"] = np.array(["parameters.transfer.rate", "parameters.entry"], dtype=h5py.string_dtype())
        p["value"], p["low"], p["high"] = [0.0734, 4.5], [0.0, 1.0], [0.2, 8.0]
        p["standard_error"], p["ci_low"], p["ci_high"] = [0.01, 0.5], [0.0538, 3.52], [0.093, 5.48]
        p["at_bound"] = np.array([0, 0], dtype=np.uint8)
        p["identified"] = np.array([1, 1], dtype=np.uint8)
        m = f["calibration"].create_group("moments")
        text = h5py.string_dtype()
        m["name"] = np.array(["links_final", "firms_mean", "innovations"], dtype=text)
        m["metric"] = np.array(["links", "firms_alive", "innovations_total"], dtype=text)
        m["reduction"] = np.array(["final", "mean", "final"], dtype=text)
        m["target"], m["target_standard_error"] = [120.0, 40.0, 12.0], [5.0, 1.5, 2.0]
        m["simulated"], m["simulated_sd"] = [118.0, 41.2, 10.5], [6.0, 2.0, 3.0]
        m["z"] = [-0.3, 0.6, -0.7]


calls = 0


def expect_figures(binary, work, files, names, *extra):
    """Plots into a new empty folder, so each call's figures are its own."""
    global calls
    calls += 1
    out = os.path.join(work, "figures_%02d" % calls)
    os.makedirs(out)
    code, output = run(binary, "plot", *files, "-o", out, *extra)
    check(code == 0, "plot %s exited %d: %s" % (" ".join(files + list(extra)), code, output))
    for name in names:
        path = os.path.join(out, name)
        size = os.path.getsize(path) if os.path.exists(path) else 0
        check(size >= MIN_PNG_BYTES, "%s: %d bytes (expected a PNG of at least %d)"
              % (path, size, MIN_PNG_BYTES))
        if size:
            with open(path, "rb") as png:
                check(png.read(8) == b"\x89PNG\r\n\x1a\n", path + ": not a PNG")
    drawn = sorted(os.listdir(out))
    check(drawn == sorted(names), "plot %s drew %s (expected %s)"
          % (" ".join(files + list(extra)), drawn, sorted(names)))
    return output


def main():
    binary, source, work = sys.argv[1:4]
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    tutorial = os.path.join(source, "scenarios", "tutorial.toml")

    run_a = make(binary, tutorial, work, "run", "run_a.h5")
    run_b = make(binary, tutorial, work, "run", "run_b.h5", "--set",
                 "parameters.transfer.rate=0.2")
    grid1 = make(binary, tutorial, work, "grid", "grid1.h5", "--vary",
                 "parameters.transfer.rate=0:0.2", "-n", "4")
    grid2 = make(binary, tutorial, work, "grid", "grid2.h5", "--vary",
                 "parameters.transfer.rate=0.05,0.1,0.2", "--vary",
                 "parameters.partnering.trust_gain=0.1,0.3")
    morris = make(binary, tutorial, work, "sensitivity", "morris.h5", "--param",
                  "parameters.transfer.rate=0:0.2", "--param",
                  "parameters.partnering.trust_gain=0.1:0.3", "--method", "morris", "-n", "2",
                  "--metric", "knowledge_mean")
    sobol = make(binary, tutorial, work, "sensitivity", "sobol.h5", "--param",
                 "parameters.transfer.rate=0:0.2", "--param",
                 "parameters.partnering.trust_gain=0.1:0.3", "--method", "sobol", "-n", "4",
                 "--bootstrap", "50", "--metric", "knowledge_mean")
    stress = make(binary, tutorial, work, "stress", "stress.h5", "--shock",
                  "parameters.production.wage=0.05:0.5", "--metric", "firms_alive",
                  "--threshold", "40", "--points", "4", "--refine", "1")
    sweep = make(binary, tutorial, work, "sweep", "sweep.h5", "--vary",
                 "parameters.transfer.rate=0:0.2", "--vary",
                 "parameters.partnering.trust_gain=0.1:0.3", "--metric", "knowledge_mean")
    calibration = os.path.join(work, "calibration.h5")
    calibration_file(run_a, calibration)

    # The tutorial saves snapshots at 2022-12 and 2024-12: a network figure each.
    expect_figures(binary, work, [run_a], ["run_a_metrics.png", "run_a_network_2022-12.png",
                                           "run_a_network_2024-12.png"])
    expect_figures(binary, work, [run_a], ["run_a_metrics.png", "run_a_network_2022-12.png",
                                           "run_a_network_2024-12.png"], "--metrics",
                   "links,firms_alive")
    expect_figures(binary, work, [run_a, run_b], ["run_b_vs_run_a_compare.png"], "--compare")
    expect_figures(binary, work, [grid1], ["grid1_grid.png"])
    expect_figures(binary, work, [grid2], ["grid2_grid.png"], "--metrics", "knowledge_mean,links")
    expect_figures(binary, work, [morris], ["morris_sensitivity.png"])
    expect_figures(binary, work, [sobol], ["sobol_sensitivity.png"])
    expect_figures(binary, work, [stress], ["stress_stress.png"])
    expect_figures(binary, work, [sweep], ["sweep_tornado.png"])
    expect_figures(binary, work, [calibration], ["calibration_moments.png",
                                                 "calibration_parameters.png"])
    # Several files at once, each by its kind.
    expect_figures(binary, work, [stress, sweep], ["stress_stress.png", "sweep_tornado.png"])

    # Bad input: exit 2, a message naming the problem, no figure.
    bad = os.path.join(work, "bad")
    os.makedirs(bad)
    for args, message in (([os.path.join(work, "missing.h5")], "no such file"),
                          ([tutorial], "not an HDF5 file"),
                          ([run_a, "--metrics", "no_such_metric"], "no metric no_such_metric"),
                          ([run_a, "--metrics", "firms_alve"],
                           "no metric firms_alve (did you mean firms_alive?)"),
                          ([run_a, grid1, "--compare"], "--compare takes two run files"),
                          ([run_a, "-o", os.path.join(work, "no_folder")], "not a folder")):
        code, output = run(binary, "plot", *args, "-o", bad) if "-o" not in args \
            else run(binary, "plot", *args)
        check(code == 2, "plot %s: exit %d (expected 2): %s" % (" ".join(args), code, output))
        check(message in output, "plot %s: expected \"%s\" in: %s"
              % (" ".join(args), message, output))
    check(os.listdir(bad) == [], "bad input wrote " + ", ".join(os.listdir(bad)))

    # A figure that exists is not replaced without --force, and is with it.
    again = os.path.join(work, "figures_%02d" % calls)  # the last call's: two figures there
    before = os.path.getmtime(os.path.join(again, "stress_stress.png"))
    code, output = run(binary, "plot", stress, "-o", again)
    check(code == 2 and "stress_stress.png: already exists" in output and "--force" in output,
          "plot over an existing figure: exit %d: %s" % (code, output))
    check(os.path.getmtime(os.path.join(again, "stress_stress.png")) == before,
          "plot without --force replaced a figure")
    code, output = run(binary, "plot", stress, "-o", again, "--force")
    check(code == 0, "plot --force over an existing figure: exit %d: %s" % (code, output))
    check(os.path.getmtime(os.path.join(again, "stress_stress.png")) != before,
          "plot --force did not rewrite the figure")
    # Refused after drawing another of the file's figures: that new one is removed again.
    partial = os.path.join(work, "partial")
    os.makedirs(partial)
    open(os.path.join(partial, "run_a_network_2024-12.png"), "w").close()
    code, output = run(binary, "plot", run_a, "-o", partial)
    check(code == 2 and "already exists" in output, "plot over one of two figures: exit %d: %s"
          % (code, output))
    check(os.listdir(partial) == ["run_a_network_2024-12.png"],
          "a refused plot left " + ", ".join(sorted(os.listdir(partial))))

    # A Python without h5py and matplotlib (site-packages off): exit 2 saying what to install.
    bare = os.path.join(work, "bare_python")
    with open(bare, "w") as script:
        script.write("#!/bin/sh\nexec /usr/bin/python3 -S \"$@\"\n")
    os.chmod(bare, os.stat(bare).st_mode | stat.S_IXUSR)
    env = dict(os.environ, CLUSTERSIM_PYTHON=bare)
    code, output = run(binary, "plot", run_a, "-o", bad, env=env)
    check(code == 2, "plot without h5py: exit %d (expected 2): %s" % (code, output))
    check("python3-h5py" in output and "python3-matplotlib" in output,
          "plot without h5py should name the packages: " + output)
    env = dict(os.environ, CLUSTERSIM_PYTHON=os.path.join(work, "no_python"))
    code, output = run(binary, "plot", run_a, "-o", bad, env=env)
    check(code == 2, "plot without python: exit %d (expected 2): %s" % (code, output))

    print("%d failures" % len(failures))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
