# Sourced by run-example.sh, run-tests.sh and .ci/run: installs the Debian packages the
# project needs (only those missing), makes OpenBLAS the system BLAS/LAPACK, and sets up
# Open MPI for root. Debian 12 (bookworm).

LEONTIEF_PACKAGES=(
  g++ cmake make pkg-config clang-tidy
  openmpi-bin libopenmpi-dev
  petsc-dev                    # PETSc 3.18 with MUMPS, SuperLU_dist, ScaLAPACK, HDF5
  libhdf5-openmpi-dev          # parallel HDF5 (serial HDF5 is rejected by CMake)
  libboost-program-options-dev
  catch2 zlib1g-dev
  libzip-dev                   # reading the publishers' zip archives
  libexpat1-dev                # reading .xlsx sheets (ADB MRIO, GLORIA ReadMe) with a SAX parser
  gnuplot-nox                  # `leontief thinning --plot` (jobs/plot_dva_share.sh)
  libopenblas0-pthread libopenblas-pthread-dev
  slurm-wlm munge              # tests/slurm: a private single-node Slurm runs jobs/*.sbatch
)

# Only for the fuzz build (bench/fuzz.sh, -DLEONTIEF_FUZZ=ON): clang and its libFuzzer and
# sanitizer runtimes. `leontief_install_dependencies fuzz` installs them as well.
LEONTIEF_FUZZ_PACKAGES=(clang libclang-rt-14-dev)

leontief_install_dependencies() {
  local missing=() wanted=("${LEONTIEF_PACKAGES[@]}")
  [[ "${1:-}" == fuzz ]] && wanted+=("${LEONTIEF_FUZZ_PACKAGES[@]}")
  for p in "${wanted[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  if ((${#missing[@]})); then
    echo "installing: ${missing[*]}"
    local sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
  fi
  # OpenBLAS takes precedence through Debian's alternatives when installed; say which BLAS
  # is in use, since performance numbers depend on it.
  local blas
  blas=$(readlink -f /usr/lib/x86_64-linux-gnu/libblas.so.3 2>/dev/null || true)
  case "$blas" in
    *openblas*) ;;
    *)
      local sudo=""
      [ "$(id -u)" -eq 0 ] || sudo="sudo"
      $sudo update-alternatives --set libblas.so.3-x86_64-linux-gnu \
        /usr/lib/x86_64-linux-gnu/openblas-pthread/libblas.so.3
      $sudo update-alternatives --set liblapack.so.3-x86_64-linux-gnu \
        /usr/lib/x86_64-linux-gnu/openblas-pthread/liblapack.so.3
      blas=$(readlink -f /usr/lib/x86_64-linux-gnu/libblas.so.3) ;;
  esac
  echo "BLAS: $blas"
}

leontief_mpi_environment() {
  if [ "$(id -u)" -eq 0 ]; then
    export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
  fi
  # One BLAS thread per MPI rank: ranks already occupy the cores.
  export OPENBLAS_NUM_THREADS=${OPENBLAS_NUM_THREADS:-1}
}

# leontief_build DIR [cmake options...]; LEONTIEF_TARGET limits the build to one target.
leontief_build() {
  local dir=$1
  shift
  cmake -S "$LEONTIEF_ROOT" -B "$dir" -DCMAKE_BUILD_TYPE=Release "$@" >/dev/null
  cmake --build "$dir" -j"$(nproc)" ${LEONTIEF_TARGET:+--target "$LEONTIEF_TARGET"}
}
