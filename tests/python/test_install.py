"""`cmake --install` puts the package where Python finds it: under the prefix at the
interpreter's folder for local packages (Debian: lib/python3.X/dist-packages, on the default
path for the prefix /usr/local), importable from there outside the source and build trees."""

import os
import re
import subprocess
import sys

BUILD = os.environ.get("CLUSTERSIM_BUILD_DIR")


def install_dir():
    cache = open(os.path.join(BUILD, "CMakeCache.txt")).read()
    return re.search(r"^CLUSTERSIM_PYTHON_INSTALL_DIR:PATH=(.*)$", cache, re.M).group(1)


def test_the_default_place_is_on_the_interpreters_path_for_the_default_prefix():
    folder = install_dir()
    if os.path.isabs(folder):
        placed = folder
    else:
        cache = open(os.path.join(BUILD, "CMakeCache.txt")).read()
        prefix = re.search(r"^CMAKE_INSTALL_PREFIX:PATH=(.*)$", cache, re.M).group(1)
        placed = os.path.join(prefix, folder)
    import sysconfig
    assert os.path.normpath(placed) == os.path.normpath(sysconfig.get_path("platlib"))


def test_an_installed_package_imports_and_runs(tmp_path):
    prefix = tmp_path / "prefix"
    subprocess.run(["cmake", "--install", BUILD, "--prefix", str(prefix), "--component", "python"],
                   check=True, capture_output=True)
    folder = install_dir()
    site = folder if os.path.isabs(folder) else os.path.join(prefix, folder)
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    env["PYTHONPATH"] = site
    code = ("import clustersim, sys; print(clustersim.__file__); "
            "print(clustersim.load(sys.argv[1]).name)")
    tutorial = os.path.join(os.environ["CLUSTERSIM_SOURCE_DIR"], "scenarios", "tutorial.toml")
    out = subprocess.run([sys.executable, "-c", code, tutorial], cwd=tmp_path, env=env,
                         check=True, capture_output=True, text=True).stdout.splitlines()
    assert out[0].startswith(str(prefix))
    assert out[1]
