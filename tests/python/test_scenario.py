"""Scenarios through the module: loaded by the program's loader, overrides as --set, bad
input as clustersim.InputError with file, line, column, key and message."""

import tomllib

import pytest

import clustersim
from conftest import TUTORIAL, cli


def test_load_gives_the_scenario_and_its_calendar():
    s = clustersim.load(TUTORIAL)
    assert s.replications == 8 and s.seed == 42 and s.months == 60
    assert s.labels[0] == "2019-12" and s.labels[-1] == "2024-12"  # column 0: before the start
    assert "firms_alive" in s.metrics.index
    assert s.metrics.loc["firms_alive", "kind"] == "stock"


def test_validate_prints_what_the_program_prints():
    overrides = {"parameters.transfer.rate": 0.05, "replications": 3}
    expected = cli("validate", TUTORIAL, "--set", "parameters.transfer.rate=0.05",
                   "--set", "replications=3")
    assert clustersim.validate(TUTORIAL, overrides) == expected


def test_overrides_of_every_type_reach_the_resolved_scenario():
    s = clustersim.load(TUTORIAL, {"parameters.transfer.rate": 0.0625, "replications": 3,
                                   "seed": 9})
    resolved = tomllib.loads(s.toml)
    assert resolved["parameters"]["transfer"]["rate"] == 0.0625
    assert (s.replications, s.seed) == (3, 9)
    # "KEY=VALUE" strings as --set takes them, and Scenario.set adding more.
    t = clustersim.load(TUTORIAL, ["parameters.transfer.rate=0.25"]).set(replications=2)
    assert tomllib.loads(t.toml)["parameters"]["transfer"]["rate"] == 0.25
    assert t.replications == 2 and t.overrides == ["parameters.transfer.rate=0.25",
                                                    "replications=2"]


def test_a_bad_file_raises_input_error_at_its_position(tmp_path):
    path = tmp_path / "bad.toml"
    text = open(TUTORIAL).read()
    line = text.splitlines().index('seed = 42                         '
                                   '# base of every random stream: same seed, same results')
    path.write_text(text.replace("seed = 42  ", "seed = -5  ", 1))
    with pytest.raises(clustersim.InputError) as caught:
        clustersim.load(path)
    error = caught.value
    assert isinstance(error, ValueError)
    assert error.file == str(path) and error.line == line + 1 and error.column > 0
    assert error.key == "seed" and error.message
    assert error.problems[0] == {"file": str(path), "line": line + 1, "column": error.column,
                                 "key": "seed", "message": error.message}
    assert "%s:%d:%d: seed:" % (path, line + 1, error.column) in str(error)


def test_every_problem_is_listed_and_overrides_are_named_set():
    with pytest.raises(clustersim.InputError) as caught:
        clustersim.load(TUTORIAL, {"parameters.transfer.rate": "fast", "no.such.key": 1})
    problems = caught.value.problems
    assert len(problems) == 2
    assert {p["file"] for p in problems} == {"--set parameters.transfer.rate=fast",
                                             "--set no.such.key=1"}
    assert "parameters.transfer.rate" in {p["key"] for p in problems}


def test_a_missing_file_is_input_error_without_position(tmp_path):
    with pytest.raises(clustersim.InputError) as caught:
        clustersim.load(tmp_path / "missing.toml")
    assert "missing.toml" in str(caught.value)


def test_loads_reads_text_with_its_name_in_positions():
    s = clustersim.loads(open(TUTORIAL).read(), "tutorial-text")
    assert s.name == clustersim.load(TUTORIAL).name and s.path is None
    with pytest.raises(clustersim.InputError) as caught:
        clustersim.loads("replications = 0\n", "inline")
    assert caught.value.file == "inline"
