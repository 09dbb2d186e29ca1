"""Reading results files: every kind the program writes gives the rows of `clustersim export
--tidy-csv`, with the provenance, design, indices and snapshots it holds."""

import io

import numpy as np
import pandas as pd
import pytest

import clustersim
from conftest import TUTORIAL, cli

RATE = "parameters.transfer.rate"


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    work = tmp_path_factory.mktemp("kinds")
    common = ["-r", 2, "--threads", 2, "-q"]
    made = {}

    def make(kind, command, *args):
        made[kind] = work / (kind + ".h5")
        cli(command, TUTORIAL, *args, *common, "-o", made[kind])

    make("run", "run")
    make("grid", "grid", "--vary", RATE + "=0,0.1")
    make("sensitivity", "sensitivity", "--param", RATE + "=0:0.2", "--param",
         "parameters.partnering.trust_gain=0.1:0.3", "-n", 2, "--metric", "links")
    make("stress", "stress", "--shock", "parameters.production.wage=0.05:0.5", "--metric",
         "firms_alive", "--threshold", 40, "--points", 3, "--refine", 1)
    make("sweep", "sweep", "--vary", RATE + "=0:0.2", "--metric", "links")
    return made


@pytest.mark.parametrize("kind", ["run", "grid", "sensitivity", "stress", "sweep"])
def test_every_kind_reads_as_the_programs_export(files, kind):
    f = clustersim.read(files[kind])
    assert f.kind == kind
    exported = pd.read_csv(io.StringIO(cli("export", files[kind], "--tidy-csv", "-o", "-")))
    if kind == "run":
        assert exported.point.isna().all()
        exported = exported.drop(columns="point")
    pd.testing.assert_frame_equal(f.metrics.reset_index(drop=True), exported, check_dtype=False)
    assert f.provenance["scenario_name"] == clustersim.load(TUTORIAL).name
    assert f.provenance["replications"] == 2


def test_a_run_file_gives_its_values_and_snapshots(files):
    f = clustersim.read(files["run"])
    assert f.values.shape[1:] == (2, 61) and f.labels[-1] == "2024-12"
    assert ("2024-12", 1) in f.snapshots()
    firms = f.snapshot("2024-12", 1)["firms"]
    assert firms.id.is_unique and len(firms) > 0
    assert "seed = " in f.scenario_toml
    with pytest.raises(KeyError):
        f.snapshot("2021-05", 0)


def test_groups_read_as_arrays(files):
    g = clustersim.read(files["stress"]).group("/stress")
    assert g["attributes"]["key"] == "parameters.production.wage"
    assert g["datasets"]["crossed"].dtype == np.uint8
    assert clustersim.read(files["run"]).group("/no_such_group") is None


def test_what_is_not_a_results_file_is_input_error(tmp_path):
    with pytest.raises(clustersim.InputError):
        clustersim.read(tmp_path / "missing.h5")
    with pytest.raises(clustersim.InputError):
        clustersim.read(TUTORIAL)
