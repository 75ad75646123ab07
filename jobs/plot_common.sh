# Shared by the gnuplot scripts of jobs/ (plot_dva_share.sh, plot_dynamic.sh): input checks,
# one data file per economy, and a picture that appears only when complete. Sourced, not run.

plot_name=$(basename -- "$0")

plot_fail() {  # plot_fail EXIT_CODE MESSAGE...
  local code=$1
  shift
  echo "$plot_name: $*" >&2
  exit "$code"
}

# Checks gnuplot and the CSV, then makes $plot_tmp (one file ECONOMY.dat per economy goes
# there) and the temporary name of the picture, both removed on any exit.
plot_begin() {  # plot_begin CSV PNG
  command -v gnuplot >/dev/null 2>&1 ||
    plot_fail 3 "gnuplot not found (Debian: apt-get install gnuplot-nox)"
  [[ -r "$1" ]] || plot_fail 2 "cannot read $1"
  plot_tmp=$(mktemp -d "${TMPDIR:-/tmp}/${plot_name%.sh}.XXXXXX")
  plot_partial="$(dirname -- "$2")/.$(basename -- "$2").partial-$(hostname)-$$"
  trap 'rm -rf "$plot_tmp"; rm -f "$plot_partial"' EXIT
}

# Fills plot_files and plot_names with the economies asked for (comma-separated; all that
# have data when empty), in that order; an economy without data stops the script.
plot_series() {  # plot_series REGIONS WHAT_IS_MISSING WHERE
  local regions=$1 missing=$2 where=$3 r
  if [[ -z "$regions" ]]; then
    regions=$(find "$plot_tmp" -name '*.dat' -printf '%f\n' | sed 's/\.dat$//' | sort | paste -sd, -)
  fi
  plot_files=()
  plot_names=()
  local wanted=()
  IFS=, read -r -a wanted <<<"$regions"
  for r in "${wanted[@]}"; do
    [[ -s "$plot_tmp/$r.dat" ]] || plot_fail 4 "no $missing for economy '$r' $where"
    plot_files+=("$plot_tmp/$r.dat")
    plot_names+=("$r")
  done
  [[ ${#plot_files[@]} -gt 0 ]] || plot_fail 4 "nothing to plot"
}

# Runs gnuplot with the script's own commands (standard input), which plot the words of the
# gnuplot strings `files` and `names`, then renames the picture into place.
plot_render() {  # plot_render PNG < COMMANDS
  {
    echo 'set terminal pngcairo size 1100,650 enhanced font "DejaVu Sans,12"'
    echo "set output \"$plot_partial\""
    echo 'set grid'
    echo 'set key outside right top'
    echo "files = \"${plot_files[*]}\""
    echo "names = \"${plot_names[*]}\""
    cat
  } | gnuplot
  mv -f -- "$plot_partial" "$1"
}
