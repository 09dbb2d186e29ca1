#!/usr/bin/python3
"""Validation report of clustersim: verification, calibration, validation and a held-out prediction.

Runs a fixed, seeded set of experiments on the shipped scenarios with the `clustersim` binary,
reads the HDF5 results and writes `docs/validation.md` and PNG figures under `docs/validation/`.

    /usr/bin/python3 analysis/validation/run_validation.py                 # full report into docs/
    /usr/bin/python3 analysis/validation/run_validation.py --quick -o /tmp/v  # CI variant (< 2 min)

The report has three parts and a prediction section (one module each):

- Verification (verification.py): identities and documented rules; they show the code does what
  docs/model.md says, nothing about the world.
- Calibration (calibration.py): targeted moments, i.e. rows whose data set an input or that were
  tuned while watched; a pass shows the fit.
- Validation (validation_checks.py, policy.py): stylized facts nobody targeted, and policy effects
  as paired effect sizes with 95% intervals against a stated minimum effect (5% of the baseline
  mean), or TOST equivalence where no effect is expected; dose-response rows (grants x2 and x10,
  a competence center at a third of its capacity) in the scenarios where the levers should bind.
- Prediction 2022-2024 (prediction.py): sanctions_2022's predicted paths, with the inputs they use.
  No verdict: that window is held out and checked independently; nothing here reads its data.

Every row has a nature (checks.py): emergent, imposed, input, identity, fitted or by construction,
with a sentence saying why; the headline counts passes per part and per nature.

Options: --binary PATH (default build/app/clustersim), -o DIR (report directory, default docs/),
--work DIR (results files; default a temporary directory, removed afterwards), --threads N,
--allow-dirty (write into docs/ from a -dirty build or a dirty tree; the report says so at the
top), --reuse (development: keep results files in --work that were run by the same command).
The exit code is 1 when a check whose expected verdict (expected_verdicts.json) is "pass" fails,
2 when the provenance refuses docs/; the failing checks are printed. Checks are not tuned: failing
checks are the model's state today.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import figures  # noqa: E402
import prediction  # noqa: E402
import provenance  # noqa: E402
import report  # noqa: E402
from calibrated_targets import check_calibrated_targets  # noqa: E402
from calibration import check_calibration, check_demography, check_pipeline  # noqa: E402
from experiment_set import run_experiments  # noqa: E402
from experiments import Runner  # noqa: E402
from policy import check_policy  # noqa: E402
from validation_checks import check_validation  # noqa: E402
from verification import check_verification  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(HERE))


def parse_args(argv):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[1], formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quick", action="store_true", help="8 replications, shorter growth run (CI; < 2 minutes)")
    ap.add_argument("-o", "--output", default=os.path.join(ROOT, "docs"), help="report directory (validation.md and validation/*.png)")
    ap.add_argument("--binary", default=os.path.join(ROOT, "build", "app", "clustersim"))
    ap.add_argument("--work", default=None, help="directory for the results files (default: temporary, removed)")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--expected", default=os.path.join(HERE, "expected_verdicts.json"))
    ap.add_argument("--allow-dirty", action="store_true", help="write into docs/ from a -dirty build or dirty tree (said at the top)")
    ap.add_argument("--reuse", action="store_true", help="development: reuse results in --work run by the same command")
    return ap.parse_args(argv)


def all_checks(E, F, rn, quick):
    C = []
    check_verification(E, C)
    check_demography(E, C, F)
    check_pipeline(E, C, F)
    check_calibration(E, C, F)
    check_calibrated_targets(E, C)
    check_validation(E, C, F, quick)
    compare_text = check_policy(E, C, F, rn)
    return C, compare_text


def verdict_summary(C, expected, elapsed, t_runs, out):
    regressions = [c for c in C if expected.get(c.id) == "pass" and not c.passed]
    unexpected = [c for c in C if expected.get(c.id) == "fail" and c.passed]
    unknown = [c for c in C if c.id not in expected]
    for c in C:
        print(f"  {'PASS' if c.passed else 'FAIL'}  {c.part[:5]} {c.nature[:8]:8s} {c.id:36s} {c.value[:90]}")
    print(f"{sum(c.passed for c in C)}/{len(C)} checks pass; {elapsed:.0f} s (simulations {t_runs:.0f} s); report {out}")
    if unexpected:
        print("now passing (expected fail; update expected_verdicts.json): " + ", ".join(c.id for c in unexpected))
    if unknown:
        print("checks without an expected verdict: " + ", ".join(c.id for c in unknown))
    if regressions:
        print("REGRESSION: expected to pass but failed: " + ", ".join(c.id for c in regressions))
    return regressions


def main(argv=None):
    args = parse_args(argv)
    t0 = time.time()
    binary = os.path.abspath(args.binary)
    prov = provenance.collect(binary, ROOT)
    refusal = provenance.refusal(prov, args.output, os.path.join(ROOT, "docs"), args.allow_dirty)
    if refusal:
        print(refusal, file=sys.stderr)
        return 2
    work = args.work or tempfile.mkdtemp(prefix="clustersim_validation_")
    rn = Runner(binary, ROOT, work, args.threads, reuse=args.reuse)
    print(f"validation ({'quick' if args.quick else 'full'}) with {prov['version']} at {prov['commit_text']}; results in {work}")
    E = run_experiments(rn, args.quick)
    t_runs = time.time() - t0
    figdir = os.path.join(args.output, "validation")
    os.makedirs(figdir, exist_ok=True)
    figures.set_output(figdir)
    F = {}
    C, compare_text = all_checks(E, F, rn, args.quick)
    sensitivity = [(label, E[name]) for name, label, _ in prediction.sensitivity_runs(E["prediction"].scenario)]
    pred = prediction.build(E["prediction"], figdir, sensitivity)
    expected = {}
    if os.path.exists(args.expected):
        with open(args.expected) as f:
            expected = json.load(f)["verdicts"]
    elapsed = time.time() - t0
    out = os.path.join(args.output, "validation.md")
    report.write(out, C, F, E, rn, prov, args.quick, elapsed, t_runs, expected, compare_text,
                 os.path.relpath(figdir, args.output), pred)
    regressions = verdict_summary(C, expected, elapsed, t_runs, out)
    if args.work is None:
        shutil.rmtree(work, ignore_errors=True)
    return 1 if regressions else 0


if __name__ == "__main__":
    sys.exit(main())
