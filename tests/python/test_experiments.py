"""Experiments through the module: compare (paired on common random numbers, as `compare`),
grids and user designs (the program's runner: the same values as `clustersim grid`)."""

import numpy as np
import pandas as pd
import pytest

import clustersim
from conftest import TUTORIAL, cli, h5_metrics

RATE = "parameters.transfer.rate"


@pytest.fixture(scope="module")
def comparison():
    base = clustersim.load(TUTORIAL)
    return clustersim.compare(base, base.set({RATE: 0.2}), replications=4, seed=11)


def test_compare_pairs_by_replication_and_gives_b_minus_a(comparison):
    assert comparison.paired
    table = comparison.summary().set_index("metric")
    a, b = comparison.a, comparison.b
    m = list(a.metric_info.index).index("knowledge_mean")
    difference = b.values[m, :, -1] - a.values[m, :, -1]
    row = table.loc["knowledge_mean"]
    assert row["difference"] == pytest.approx(difference.mean(), rel=1e-12, abs=1e-12)
    assert row["low"] <= row["difference"] <= row["high"]
    assert row["mean_a"] == pytest.approx(a.values[m, :, -1].mean(), rel=1e-12)


def test_compare_of_files_matches_the_program(tmp_path, comparison):
    """`clustersim compare` on the two variants' files prints the same B - A."""
    fa, fb = tmp_path / "a.h5", tmp_path / "b.h5"
    comparison.a.write(fa)
    comparison.b.write(fb)
    printed = cli("compare", fa, fb, "--metrics", "knowledge_mean")
    assert "paired by replication" in printed
    row = clustersim.compare(clustersim.read(fa), clustersim.read(fb)).summary(
        "knowledge_mean").iloc[0]
    line = [l for l in printed.splitlines() if l.startswith("knowledge_mean")][0].split()
    assert float(line[3]) == pytest.approx(row["difference"], rel=1e-3)


def test_unequal_seeds_are_not_paired():
    base = clustersim.load(TUTORIAL, {"replications": 3})
    c = clustersim.compare(base, base.set(seed=99))
    assert not c.paired


def test_over_time_has_every_date(comparison):
    series = comparison.over_time(["links", "firms_alive"])
    assert len(series) == 2 * 61 and list(series.columns) == ["metric", "date", "difference",
                                                              "low", "high"]
    assert series.iloc[0]["difference"] == 0  # the same initial state on common seeds
    with pytest.raises(clustersim.InputError):
        comparison.over_time(["no_such_metric"])


def test_grid_equals_the_programs_grid_file(tmp_path):
    path = tmp_path / "grid.h5"
    cli("grid", TUTORIAL, "--vary", RATE + "=0,0.1", "--vary",
        "parameters.partnering.trust_gain=0.1,0.3", "-r", 2, "-q", "-o", path)
    runs = clustersim.grid(TUTORIAL, {RATE: [0.0, 0.1], "parameters.partnering.trust_gain":
                                      [0.1, 0.3]}, replications=2)
    assert len(runs.design) == 4 and list(runs.design.iloc[1]) == [0.0, 0.3]
    stored = h5_metrics(path)
    for m, name in enumerate(runs.metric_info.index):
        assert np.array_equal(runs.values[m], stored[name]), name
    df = runs.metrics
    assert list(df.columns[:4]) == ["point", RATE, "parameters.partnering.trust_gain",
                                    "replication"]
    # The file lists metrics by name; the rows are the same.
    order = ["metric", "point", "replication", "date"]
    read = clustersim.read(path).metrics.sort_values(order, ignore_index=True)
    pd.testing.assert_frame_equal(df.sort_values(order, ignore_index=True), read,
                                  check_dtype=False)


def test_a_range_over_an_integer_key_runs_its_whole_levels():
    runs = clustersim.grid(TUTORIAL, {"parameters.partnering.max_partners": (4, 8)}, points=3,
                           replications=1,
                           overrides=["calendar.end=2023-06", "output.snapshots=[]"])
    assert list(runs.design["parameters.partnering.max_partners"]) == [4, 6, 8]


def test_run_design_takes_any_points_and_refuses_bad_values():
    design = pd.DataFrame({RATE: [0.0, 0.2, 0.1]})
    runs = clustersim.run_design(TUTORIAL, design, replications=2)
    out = runs.outputs("knowledge_mean")
    assert list(out.columns) == ["point", "replication", "value"] and len(out) == 6
    single = clustersim.run(TUTORIAL, {RATE: 0.2}, replications=2)
    m = list(single.metric_info.index).index("knowledge_mean")
    assert np.array_equal(out[out.point == 1].value.to_numpy(), single.values[m, :, -1])
    windowed = runs.outputs("knowledge_mean", sum=("2024-01", "2024-12"))
    assert (windowed.value > out.value).all()
    with pytest.raises(clustersim.InputError) as caught:
        clustersim.run_design(TUTORIAL, pd.DataFrame({RATE: ["fast"]}))
    assert caught.value.file == "--set %s=fast" % RATE
