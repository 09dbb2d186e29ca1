#!/usr/bin/python3
"""scenarios/national_pilot_clusters.toml is what tools/make_national_scenario.py writes
(ctest national_scenario_generated): the file says "edit the script, not this file", so an
edit of one without the other is caught here (the script once lagged two CHANGED notes).

Usage: national_scenario_test.py SOURCE_DIR
"""

import difflib
import os
import subprocess
import sys


def main():
    source = sys.argv[1]
    script = os.path.join(source, "tools", "make_national_scenario.py")
    shipped = os.path.join(source, "scenarios", "national_pilot_clusters.toml")
    generated = subprocess.run([sys.executable, script], check=True, capture_output=True,
                               text=True).stdout
    with open(shipped, encoding="utf-8") as f:
        expected = f.read()
    if generated == expected:
        print("national_pilot_clusters.toml is the generator's output")
        return 0
    diff = difflib.unified_diff(expected.splitlines(), generated.splitlines(),
                                "scenarios/national_pilot_clusters.toml",
                                "tools/make_national_scenario.py output", lineterm="", n=1)
    print("\n".join(list(diff)[:40]))
    print("the scenario and its generator differ: edit the script and regenerate the file")
    return 1


if __name__ == "__main__":
    sys.exit(main())
