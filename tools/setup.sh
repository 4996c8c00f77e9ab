#!/usr/bin/env bash
# Installs every Debian package LastMile needs to build, test and run its notebooks.
# Idempotent: packages already present are left alone, and apt is not touched at all when
# nothing is missing. Nothing is downloaded from anywhere but the Debian archive.
set -euo pipefail

packages=(
  # toolchain
  g++ cmake ninja-build ccache pkg-config git clang-format
  # libraries the simulator links
  libeigen3-dev libboost-graph-dev libyaml-cpp-dev libhdf5-dev
  libcli11-dev libfmt-dev libgeographiclib-dev libdeflate-dev nlohmann-json3-dev
  # tests; MPI sweeps (the test build turns LASTMILE_MPI on)
  catch2 libopenmpi-dev openmpi-bin
  # fuzzing (preset fuzz): clang and its runtime, which ships libFuzzer and the sanitizers
  clang libclang-rt-14-dev
  # the safety-case report is checked in headless Chromium
  chromium
  # notebooks run on Debian's own python3
  python3 python3-h5py python3-pandas python3-matplotlib python3-ipykernel jupyter-nbconvert
)

missing=()
for pkg in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q '^install ok installed$'; then
    missing+=("$pkg")
  fi
done

if ((${#missing[@]} == 0)); then
  echo "setup: all ${#packages[@]} packages present"
  exit 0
fi

echo "setup: installing ${missing[*]}"
if [[ $(id -u) -ne 0 ]]; then
  echo "setup: installing packages needs root; run as root: apt-get install ${missing[*]}" >&2
  exit 2
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "setup: done"
