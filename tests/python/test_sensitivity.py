"""Sensitivity through the module: the same indices as `clustersim sensitivity` (Morris and
Sobol), and a Morris screening run by the module fed back as design + outputs."""

import h5py
import numpy as np
import pytest

import clustersim
from conftest import TUTORIAL, cli

PARAMS = {"parameters.transfer.rate": (0.0, 0.2), "parameters.partnering.trust_gain": (0.1, 0.3)}
CLI_PARAMS = ["--param", "parameters.transfer.rate=0:0.2",
              "--param", "parameters.partnering.trust_gain=0.1:0.3"]


def stored_indices(path):
    with h5py.File(path, "r") as f:
        g = f["sensitivity"]
        return {k: g[k][()] for k in g if k != "keys"}, dict(g.attrs)


def test_morris_equals_the_programs(tmp_path):
    path = tmp_path / "morris.h5"
    cli("sensitivity", TUTORIAL, *CLI_PARAMS, "--method", "morris", "-n", 3, "-r", 2,
        "--metric", "knowledge_mean", "-q", "-o", path)
    s = clustersim.sensitivity(TUTORIAL, PARAMS, method="morris", n=3, metric="knowledge_mean",
                               replications=2)
    stored, attributes = stored_indices(path)
    for column in ("mu_star", "mu", "sigma"):
        assert np.array_equal(s.indices[column].to_numpy(), stored[column]), column
    assert s.noise_share == attributes["noise_share"]
    assert list(s.indices.index) == list(PARAMS)
    # The file's runs and design read back as the module's.
    f = clustersim.read(path)
    assert f.kind == "sensitivity"
    assert np.array_equal(f.design.to_numpy(), s.design.to_numpy())
    assert np.array_equal(f.sensitivity["mu_star"].to_numpy(), stored["mu_star"])


def test_a_screening_run_by_the_module_feeds_its_sensitivity_function():
    design = clustersim.morris_design(PARAMS, trajectories=3, levels=4, seed=5)
    assert design.shape == (3 * 3, 2)
    runs = clustersim.run_design(TUTORIAL, design, replications=2)
    outputs = runs.outputs("knowledge_mean", at="2023-12")
    fed = clustersim.sensitivity(params=PARAMS, method="morris", design=design, outputs=outputs)
    whole = clustersim.sensitivity(TUTORIAL, PARAMS, method="morris", n=3, levels=4,
                                   design_seed=5, metric="knowledge_mean", at="2023-12",
                                   replications=2)
    assert fed.indices.equals(whole.indices) and fed.noise_share == whole.noise_share
    # Point means alone (one value per point) give the same effects.
    means = outputs.groupby("point").value.mean().to_numpy()
    alone = clustersim.sensitivity(params=PARAMS, method="morris", design=design, outputs=means)
    assert np.allclose(alone.indices.mu_star, fed.indices.mu_star, rtol=1e-12)
    with pytest.raises(ValueError):
        clustersim.sensitivity(params=PARAMS, design=design, outputs=means[:-1])


def test_sobol_equals_the_programs(tmp_path):
    path = tmp_path / "sobol.h5"
    cli("sensitivity", TUTORIAL, *CLI_PARAMS, "--method", "sobol", "-n", 4, "--bootstrap", 50,
        "-r", 2, "--metric", "links", "-q", "-o", path)
    s = clustersim.sensitivity(TUTORIAL, PARAMS, method="sobol", n=4, bootstrap=50,
                               metric="links", replications=2)
    stored, attributes = stored_indices(path)
    for column in ("first_order", "first_order_low", "total", "total_high"):
        assert np.array_equal(s.indices[column].to_numpy(), stored[column]), column
    assert s.variance == attributes["variance"]
    assert len(s.design) == 4 * (2 + 2)
