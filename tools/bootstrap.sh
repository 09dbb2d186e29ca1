#!/usr/bin/env bash
# One-step set-up on a fresh Debian 12 machine (as root, or with sudo):
#   bash tools/bootstrap.sh run    install packages, build (Release), run scenarios/tutorial.toml
#   bash tools/bootstrap.sh test   install packages, build (Release), run the whole test suite
set -euo pipefail
mode="${1:-run}"
case "$mode" in
  run | test) ;;
  *)
    echo "usage: bash tools/bootstrap.sh [run|test]" >&2
    exit 2
    ;;
esac
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"

packages=(build-essential cmake ninja-build git pkg-config
  libtbb-dev libboost-program-options-dev libboost-math-dev libboost-random-dev
  libeigen3-dev libhdf5-dev hdf5-tools libtomlplusplus-dev libnlopt-cxx-dev libgtest-dev
  libbenchmark-dev
  python3 python3-h5py python3-matplotlib python3-numpy
  libcpp-httplib-dev nlohmann-json3-dev libjs-chart.js libjs-d3)
# `clustersim serve`'s browser tests (tests/e2e) need a browser and its driver.
# The Python module (python/, docs/python.md) is built when python3-dev and pybind11-dev
# are present, so only the test mode installs them, with pandas and pytest for its tests;
# the run mode stays a quick build of the program alone.
# The check of instructions per firm-step (tests/performance) counts them with callgrind.
# Experiments over MPI ranks (docs/scaling.md) are built when Open MPI is found; only the
# test mode installs it, for the MPI tests (tests/app/mpi_cli_test.cpp).
if [ "$mode" = test ]; then
  packages+=(libopenmpi-dev openmpi-bin)
  packages+=(chromium chromium-driver python3-selenium)
  packages+=(python3-dev pybind11-dev python3-pandas python3-pytest)
  packages+=(valgrind)
fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ "${#missing[@]}" -gt 0 ]; then
  sudo_cmd=""
  [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
  echo "Installing: ${missing[*]}"
  $sudo_cmd apt-get update -qq
  # Progress is shown: the first installation downloads a few hundred MB.
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y --no-install-recommends \
    -o Dpkg::Progress-Fancy=0 "${missing[@]}"
fi

cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release

case "$mode" in
  run)
    # Only the program: tests and benchmarks are not needed to run a scenario.
    cmake --build build --parallel "$(nproc)" --target clustersim
    mkdir -p out
    # --force: this command's own output from an earlier run is replaced.
    ./build/app/clustersim run scenarios/tutorial.toml -o out/tutorial.h5 --force
    ;;
  test)
    cmake --build build --parallel "$(nproc)"
    ctest --test-dir build --output-on-failure --parallel "$(nproc)"
    ;;
esac
