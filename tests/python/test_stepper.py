"""The stepper: month by month on the engine's own ReplicationRun, so its metrics equal a
run's, with the firms' state readable between steps."""

import numpy as np
import pytest

import clustersim
from conftest import TUTORIAL


@pytest.fixture(scope="module")
def stepped():
    stepper = clustersim.Stepper(TUTORIAL, replications=2, seed=5, threads=1)
    assert stepper.months_done == 0 and stepper.date == "2019-12"
    stepper.step(12)
    return stepper


def test_stepping_to_the_end_equals_a_run():
    stepper = clustersim.Stepper(TUTORIAL, replications=2, seed=5)
    while not stepper.finished:
        stepper.step(7)  # steps stop at the calendar's end
    run = clustersim.run(TUTORIAL, replications=2, seed=5)
    assert stepper.months_done == 60
    assert np.array_equal(stepper.results.values, run.values)


def test_metrics_so_far_end_at_the_current_month(stepped):
    assert stepped.months_done == 12 and stepped.date == "2020-12"
    df = stepped.metrics
    assert df.date.max() == "2020-12" and df.date.nunique() == 13
    assert len(df) == stepped.results.values.size


def test_firms_are_the_alive_ones_with_their_state(stepped):
    alive = stepped.results.series("firms_alive").iloc[-1]
    for r in range(2):
        firms = stepped.firms(r)
        assert len(firms) == alive[r]
        assert firms["alive"].eq(1).all() and firms["id"].is_unique
        for column in ("cash", "employees", "revenue", "project_trl", "size_class",
                       "knowledge.%s" % stepped.scenario.domains[0]):
            assert column in firms.columns
        assert set(firms["size_class"]) <= {"anchor", "sme", "startup"}
    arrays = stepped.firm_arrays(0)
    assert arrays["partner"].shape[0] == len(stepped.firms(0)) and arrays["partner"].ndim == 2
    assert arrays["knowledge"].shape == (len(stepped.firms(0)), len(stepped.scenario.domains))


def test_snapshot_and_network_agree_with_the_state(stepped):
    firms = stepped.firms(1)
    snap = stepped.snapshot(1)
    assert np.array_equal(snap["firms"]["id"], firms["id"])
    assert np.array_equal(snap["firms"]["cash"], firms["cash"])
    nodes, links = stepped.network(1)
    assert set(nodes[nodes.kind == "firm"].id) == set(firms["id"])
    firm_links = links[(links.source >= 0) & (links.target >= 0)]  # universities are < 0
    assert len(firm_links) == len(snap["network"])


def test_a_replication_out_of_range_is_refused(stepped):
    with pytest.raises(IndexError):
        stepped.firms(2)
