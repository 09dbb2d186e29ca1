#!/usr/bin/env bash
# One-step set-up on a fresh Debian 12 machine (as root, or with sudo):
#   bash tools/bootstrap.sh run    install packages, build (Release), run scenarios/tutorial.toml
#   bash tools/bootstrap.sh test   install packages, build (Release), run the whole test suite
set -euo pipefail
mode="${1:-run}"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"

packages=(build-essential cmake ninja-build git pkg-config
  libtbb-dev libboost-program-options-dev libboost-math-dev libboost-random-dev
  libeigen3-dev libhdf5-dev hdf5-tools libtomlplusplus-dev libgtest-dev libbenchmark-dev
  python3 python3-h5py python3-matplotlib python3-numpy)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ "${#missing[@]}" -gt 0 ]; then
  sudo_cmd=""
  [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
  echo "Installing: ${missing[*]}"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq "${missing[@]}" >/dev/null
fi

cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release
cmake --build build --parallel "$(nproc)"

case "$mode" in
  run)
    mkdir -p out
    ./build/app/clustersim run scenarios/tutorial.toml -o out/tutorial.h5
    ;;
  test)
    ctest --test-dir build --output-on-failure --parallel "$(nproc)"
    ;;
  *)
    echo "usage: bash tools/bootstrap.sh [run|test]" >&2
    exit 2
    ;;
esac
