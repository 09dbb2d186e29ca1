"""Ensembles through the module: the same metrics as `clustersim run` (bit for bit), a tidy
table, the provenance a results file carries, snapshots, and files `rerun` reproduces."""

import threading
import time

import h5py
import numpy as np
import pytest

import clustersim
from conftest import TUTORIAL, cli, h5_metrics


@pytest.fixture(scope="module")
def cli_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("run") / "cli.h5"
    cli("run", TUTORIAL, "-r", 3, "--seed", 7, "--threads", 2, "-q", "-o", path)
    return path


@pytest.fixture(scope="module")
def result():
    return clustersim.run(TUTORIAL, replications=3, seed=7, threads=1)


def test_python_run_equals_the_program_run_exactly(cli_file, result):
    stored = h5_metrics(cli_file)
    names = list(result.metric_info.index)
    assert sorted(names) == sorted(stored)
    for m, name in enumerate(names):
        assert np.array_equal(result.values[m], stored[name]), name  # exact, not approximate


def test_the_tidy_table_holds_every_value_in_place(cli_file, result):
    df = result.metrics
    assert list(df.columns) == ["replication", "date", "metric", "value", "units"]
    assert len(df) == result.values.size
    stored = h5_metrics(cli_file)
    with h5py.File(cli_file, "r") as f:
        labels = [x.decode() if isinstance(x, bytes) else x for x in f["time/label"][()]]
        units = f["metrics/links"].attrs["units"]
    links = df[df.metric == "links"].pivot(index="replication", columns="date", values="value")
    assert np.array_equal(links[labels].to_numpy(), stored["links"])
    assert set(df[df.metric == "links"].units) == {units.decode() if isinstance(units, bytes)
                                                   else units}


def test_provenance_is_the_files_header(cli_file, result):
    with h5py.File(cli_file, "r") as f:
        attributes = {k: (v.decode() if isinstance(v, bytes) else v) for k, v in f.attrs.items()}
        scenario = f["scenario"][()].decode()
    p = result.provenance
    assert set(attributes) <= set(p)
    for key in ("schema", "schema_version", "program_version", "git_commit", "build_type",
                "seed", "replications", "scenario_name"):
        assert p[key] == attributes[key], key
    assert p["threads"] == 1 and p["command_line"].startswith("python: clustersim.run(")
    assert p["scenario"] == scenario  # the resolved scenario, as the file stores it


def test_thread_count_does_not_change_results(result):
    again = clustersim.run(TUTORIAL, replications=3, seed=7, threads=2)
    assert np.array_equal(again.values, result.values)


def test_snapshots_equal_the_files(cli_file, result):
    assert result.snapshots() == [(m, r) for m in ("2022-12", "2024-12") for r in range(3)]
    snap = result.snapshot("2024-12", 1)
    with h5py.File(cli_file, "r") as f:
        firms = f["snapshots/2024-12/replication_1/firms"]
        assert np.array_equal(snap["firms"]["id"], firms["id"][()])
        assert np.array_equal(snap["firms"]["cash"], firms["cash"][()])
        edges = f["snapshots/2024-12/replication_1/network/edges"][()]
    assert np.array_equal(snap["network"][["source", "target"]].to_numpy(), edges)
    domain = clustersim.load(TUTORIAL).domains[0]
    assert "knowledge.%s" % domain in snap["firms"].columns


def test_a_written_file_is_reproduced_by_rerun(tmp_path, result):
    path = tmp_path / "python.h5"
    result.write(path)
    cli("rerun", path)  # exits 0 only when the rerun is identical
    with pytest.raises(clustersim.InputError):
        result.write(path)  # exists: refused without force, as `run` refuses
    result.write(path, force=True)
    stored = h5_metrics(path)
    for m, name in enumerate(result.metric_info.index):
        assert np.array_equal(stored[name], result.values[m]), name


def test_summary_is_the_programs_interval(result):
    s = result.summary("2024-12").set_index("metric")
    values = result.values[list(result.metric_info.index).index("firms_alive"), :, -1]
    assert s.loc["firms_alive", "mean"] == pytest.approx(values.mean(), rel=1e-12)
    assert s.loc["firms_alive", "low"] <= s.loc["firms_alive", "mean"] <= s.loc["firms_alive",
                                                                                "high"]
    with pytest.raises(clustersim.InputError):
        result.summary("1999-01")


def test_the_gil_is_released_while_the_engine_runs():
    """Another Python thread keeps running during a run: the longest pause between its
    iterations stays far below the run's duration (with the GIL held it would be all of it)."""
    done = threading.Event()
    times = []

    def work():
        start = time.monotonic()
        clustersim.run(TUTORIAL, {"firms.software_smes.count": 3000}, replications=4, seed=3,
                       threads=1)
        times.append(time.monotonic() - start)
        done.set()

    worker = threading.Thread(target=work)
    ticks = [time.monotonic()]
    worker.start()
    while not done.is_set():
        ticks.append(time.monotonic())
        time.sleep(0.001)
    worker.join()
    longest = float(np.max(np.diff(ticks)))
    assert times[0] > 0.5, "the run was too short to tell (%.2f s)" % times[0]
    assert longest < 0.25 * times[0], "main thread paused %.2f s of a %.2f s run" % (
        longest, times[0])
