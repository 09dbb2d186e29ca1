"""Calibration through the module: the program's estimator on the program's runs; targets
from a file or as dicts give the same fit; bad targets are InputError before any run."""

import os
import tomllib

import pytest

import clustersim
from conftest import SOURCE, TUTORIAL

TARGETS = os.path.join(SOURCE, "scenarios", "targets", "tutorial_identification.toml")
PARAMS = {"parameters.innovation.start_rate": (0.04, 0.2)}
SMALL = dict(starts=1, evaluations=12, two_step=False, replications=2, seed=7)


@pytest.fixture(scope="module")
def fitted():
    return clustersim.calibrate(TUTORIAL, TARGETS, PARAMS, **SMALL)


def test_calibration_reports_estimates_moments_and_fit(fitted):
    p = fitted.parameters.loc["parameters.innovation.start_rate"]
    assert 0.04 <= p["value"] <= 0.2
    assert list(fitted.moments.index) == ["firms_2024", "innovations_2024",
                                          "projects_started_2020_2024"]
    assert fitted.fit["replications"] == 2 and fitted.fit["degrees_of_freedom"] == 2
    assert 0 < fitted.fit["evaluations"] and fitted.fit["optimiser"] == "LN_BOBYQA"
    # the convergence check: a flag, the lowest J a derivative step away, and where it lies
    assert isinstance(fitted.fit["converged"], bool)
    assert (fitted.fit["better_neighbour"] == "") == fitted.fit["converged"]
    assert fitted.fit["converged"] or fitted.fit["neighbour_distance"] < fitted.fit["distance"]
    assert "parameters.innovation.start_rate = " in fitted.fitted_toml
    assert TUTORIAL in fitted.fitted_toml  # it extends the calibrated file


def test_targets_as_dicts_give_the_same_fit(fitted):
    # the file's own targets, as dicts (read here so they follow the file when it is regenerated)
    with open(TARGETS, "rb") as f:
        targets = tomllib.load(f)["target"]
    assert len(targets) == 3
    again = clustersim.calibrate(TUTORIAL, targets, PARAMS, **SMALL)
    assert again.parameters.equals(fitted.parameters)
    assert again.fit["distance"] == fitted.fit["distance"]


def test_a_target_on_an_unknown_metric_is_input_error():
    targets = [{"name": "x", "metric": "firms_alvie", "reduction": "final", "to": "2024-12",
                "value": 1.0, "standard_error": 1.0, "source": "none"}]
    with pytest.raises(clustersim.InputError) as caught:
        clustersim.calibrate(TUTORIAL, targets, PARAMS, **SMALL)
    assert "firms_alive" in str(caught.value)  # did you mean
