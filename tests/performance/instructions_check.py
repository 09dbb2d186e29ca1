#!/usr/bin/python3
"""CI check of the work per firm-step (issue 24): counts instructions with callgrind, which
are repeatable where wall time on a shared machine is not, and fails when they exceed the
committed budget (budget.json) by more than its tolerance (a quarter).

The count is the difference between `clustersim run` with two replications and with one,
on one thread: one replication's building, months, recording and output, without the fixed
cost of starting the program and opening the file. It is divided by that replication's
firm-steps (firms alive at the start of each month, from /metrics/firms_alive).

    instructions_check.py CLUSTERSIM SOURCE_DIR WORK_DIR [--update]

--update writes the measured figure into budget.json (after a deliberate change of cost).
Exit 77 (skipped) when valgrind is missing, unless CLUSTERSIM_PERF_REQUIRED=1 (CI).
"""
import json
import os
import re
import shutil
import subprocess
import sys

import h5py

HERE = os.path.dirname(os.path.abspath(__file__))
BUDGET = os.path.join(HERE, "budget.json")


def instructions(binary, scenario, replications, work):
    """Instructions callgrind counts for a whole run, and the results file it wrote."""
    out = os.path.join(work, f"r{replications}.h5")
    log = os.path.join(work, f"r{replications}.callgrind")
    subprocess.run(["valgrind", "--tool=callgrind", f"--callgrind-out-file={log}", binary, "run",
                    scenario, "-r", str(replications), "--threads", "1", "-q", "-o", out,
                    "--force"], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    with open(log) as f:
        totals = re.search(r"^(?:summary|totals):\s+(\d+)", f.read(), re.M)
    return int(totals.group(1)), out


def main():
    args = [a for a in sys.argv[1:] if a != "--update"]
    if len(args) != 3:
        sys.exit(__doc__)
    binary, source, work = args
    if shutil.which("valgrind") is None:
        print("valgrind not found")
        sys.exit(1 if os.environ.get("CLUSTERSIM_PERF_REQUIRED") == "1" else 77)
    with open(BUDGET) as f:
        budget = json.load(f)
    os.makedirs(work, exist_ok=True)
    scenario = os.path.join(source, budget["scenario"])
    one, _ = instructions(binary, scenario, 1, work)
    two, out = instructions(binary, scenario, 2, work)
    with h5py.File(out, "r") as f:
        alive = f["metrics/firms_alive"][()]
    steps = int(alive[1, :-1].sum())  # the second replication's firm-steps
    measured = (two - one) / steps
    limit = budget["instructions_per_firm_step"] * (1 + budget["tolerance"])
    print(f"{budget['scenario']}: {two - one} instructions for one replication of {steps} "
          f"firm-steps: {measured:.0f} per firm-step; budget {budget['instructions_per_firm_step']}, "
          f"limit {limit:.0f}")
    if "--update" in sys.argv:
        budget["instructions_per_firm_step"] = int(round(measured))
        with open(BUDGET, "w") as f:
            json.dump(budget, f, indent=2)
            f.write("\n")
        print("budget updated")
        return
    if measured > limit:
        print("FAIL: the work per firm-step grew by more than "
              f"{budget['tolerance']:.0%} over the budget (tests/performance/budget.json)")
        sys.exit(1)


if __name__ == "__main__":
    main()
