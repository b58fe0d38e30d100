#!/usr/bin/env bash
# Installs the Debian 12 packages basketgap needs, only those missing (idempotent).
#   cmake/setup-debian.sh            build + run dependencies
#   cmake/setup-debian.sh --slurm    also munge + Slurm, for the Slurm tests
#   cmake/setup-debian.sh --fuzz     also clang + its libFuzzer runtime, for tests/fuzz/run.sh
set -euo pipefail

packages=(build-essential cmake pkg-config ccache
  libopenmpi-dev openmpi-bin libhdf5-openmpi-dev hdf5-tools libtbb-dev libarmadillo-dev
  libgtest-dev libbenchmark-dev libcli11-dev libspdlog-dev libfmt-dev nlohmann-json3-dev
  libtomlplusplus-dev libxxhash-dev libxgboost-dev libisal-dev zlib1g-dev libssl-dev libopenblas0-pthread gnuplot-nox python3
  python3-h5py time bc clang-format)
slurm_packages=(slurmctld slurmd slurm-client munge iproute2)  # iproute2: ss, to pick free ports
fuzz_packages=(clang libclang-rt-14-dev)
for option in "$@"; do
  case $option in
    --slurm) packages+=("${slurm_packages[@]}") ;;
    --fuzz) packages+=("${fuzz_packages[@]}") ;;
    *) echo "setup-debian.sh: unknown option $option (--slurm, --fuzz)" >&2; exit 64 ;;
  esac
done

if [[ ! -r /etc/debian_version ]] || ! command -v dpkg-query >/dev/null; then
  echo "setup-debian.sh: this is not a Debian system; install the equivalents of: ${packages[*]}" >&2
  exit 1
fi
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]} == 0)); then
  echo "setup-debian.sh: all ${#packages[@]} packages already installed"
  exit 0
fi
sudo=""
if [[ $(id -u) -ne 0 ]]; then
  command -v sudo >/dev/null || { echo "setup-debian.sh: need root or sudo to install: ${missing[*]}" >&2; exit 1; }
  sudo="sudo"
fi
echo "setup-debian.sh: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -q
$sudo apt-get -o DPkg::Lock::Timeout=600 install -y -q --no-install-recommends "${missing[@]}"
