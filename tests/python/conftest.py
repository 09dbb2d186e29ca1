"""Shared set-up of the Python module's tests (ctest python_*): the source tree, the built
program for the comparisons with the command line, and small helpers."""

import os
import subprocess

import pytest

SOURCE = os.environ.get("CLUSTERSIM_SOURCE_DIR",
                        os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..")))
BINARY = os.environ.get("CLUSTERSIM_BINARY", os.path.join(SOURCE, "build", "app", "clustersim"))
TUTORIAL = os.path.join(SOURCE, "scenarios", "tutorial.toml")


def cli(*args):
    """Runs the program; fails the test with its output when it does not exit 0."""
    result = subprocess.run([BINARY, *map(str, args)], capture_output=True, text=True)
    assert result.returncode == 0, "clustersim %s: exit %d\n%s%s" % (
        " ".join(map(str, args)), result.returncode, result.stdout, result.stderr)
    return result.stdout


def h5_metrics(path):
    """Every /metrics dataset of a results file, as {name: replications x columns array}."""
    import h5py
    with h5py.File(path, "r") as f:
        return {name: f["metrics"][name][()] for name in f["metrics"]}


@pytest.fixture
def tutorial():
    return TUTORIAL
