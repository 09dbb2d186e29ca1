"""clustersim for Python: the engine of the `clustersim` program, driven from Python, with
results as pandas DataFrames (docs/python.md).

    import clustersim
    result = clustersim.run("scenarios/tutorial.toml", replications=4, seed=1)
    result.metrics        # replication, date, metric, value, units
    result.provenance     # what the results file would record

Everything runs the program's own code (the scenario loader, engine, experiments runner,
comparison, designs, sensitivity and calibration), so results equal the program's for the
same scenario and seed. Long calls release the GIL and stop on Ctrl-C (KeyboardInterrupt).
"""

from ._clustersim import InputError, git_commit, version
from ._calibration import Calibration, calibrate
from ._experiments import (Comparison, DesignRuns, compare, full_factorial, grid,
                           latin_hypercube, run_design)
from ._results import ResultsFile, read
from ._run import MetricResults, RunResult, Stepper, run
from ._scenario import Scenario, load, loads, validate
from ._sensitivity import Sensitivity, morris_design, saltelli_design, sensitivity

__version__ = version

__all__ = [
    "InputError", "Scenario", "load", "loads", "validate",
    "run", "RunResult", "MetricResults", "Stepper",
    "compare", "Comparison", "run_design", "grid", "DesignRuns", "full_factorial",
    "latin_hypercube", "morris_design", "saltelli_design", "sensitivity", "Sensitivity",
    "calibrate", "Calibration", "read", "ResultsFile",
]
