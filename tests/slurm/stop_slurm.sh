#!/usr/bin/env bash
# Stops the private Slurm cluster that start_slurm.sh started in DIR, and only that:
#   1. cancels its remaining jobs and waits (up to 30 s) until the controller has none running;
#   2. ends leftover job processes of this cluster: slurmstepd processes and job tasks, found
#      by SLURM_CONF=DIR/slurm.conf in their environment (with SLURM_JOB_ID for tasks);
#   3. sends SIGTERM to slurmd, slurmctld and munged by the PIDs recorded in DIR/pids (each
#      checked to still be that daemon, with DIR on its command line), SIGKILL after 15 s.
# Never signals processes by name. Leaves DIR in place (the caller removes it).
#   tests/slurm/stop_slurm.sh DIR
set -uo pipefail

dir="${1:?usage: stop_slurm.sh DIR}"
[[ -d "$dir" ]] || exit 0
dir="$(cd "$dir" && pwd)"
PATH="$PATH:/usr/sbin:/sbin"
conf="$dir/slurm.conf"

# pid_is_ours PID: PID is alive and its command line mentions DIR.
pid_is_ours() {
  local pid="$1"
  [[ "$pid" =~ ^[0-9]+$ && -r "/proc/$pid/cmdline" ]] || return 1
  tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -qF "$dir"
}

recorded_pid() {
  local file="$dir/pids/$1.pid"
  [[ -r "$file" ]] && cat "$file"
}

# 1. Cancel jobs while the controller is still up.
ctld="$(recorded_pid slurmctld || true)"
if [[ -r "$conf" ]] && pid_is_ours "$ctld"; then
  export SLURM_CONF="$conf"
  jobs="$(timeout 10 squeue -h -o %A 2>/dev/null | sort -u | tr '\n' ' ')"
  if [[ -n "${jobs// /}" ]]; then
    echo "stop_slurm: cancelling jobs $jobs" >&2
    # shellcheck disable=SC2086  # a list of job ids
    timeout 10 scancel $jobs 2>/dev/null || true
    for _ in $(seq 1 60); do
      [[ -z "$(timeout 10 squeue -h -t R,CG,PD -o %A 2>/dev/null)" ]] && break
      sleep 0.5
    done
  fi
fi

# 2. Job processes of this cluster still alive (killed jobs normally leave none).
stray_job_processes() {
  local proc pid env
  for proc in /proc/[0-9]*; do
    pid="${proc#/proc/}"
    [[ "$pid" == "$$" ]] && continue
    env="$( { tr '\0' '\n' <"$proc/environ"; } 2>/dev/null)" || continue
    grep -qxF "SLURM_CONF=$conf" <<<"$env" || continue
    if [[ "$(cat "$proc/comm" 2>/dev/null)" == slurmstepd ]] || grep -q '^SLURM_JOB_ID=' <<<"$env"; then
      echo "$pid"
    fi
  done
}
stray="$(stray_job_processes | tr '\n' ' ')"
if [[ -n "${stray// /}" ]]; then
  echo "stop_slurm: killing leftover job processes $stray" >&2
  # shellcheck disable=SC2086
  kill -KILL $stray 2>/dev/null || true
fi

# 3. The daemons, compute node first.
for daemon in slurmd slurmctld munged; do
  pid="$(recorded_pid "$daemon" || true)"
  pid_is_ours "$pid" || continue
  kill -TERM "$pid" 2>/dev/null || continue
  for _ in $(seq 1 150); do
    pid_is_ours "$pid" || break
    sleep 0.1
  done
  if pid_is_ours "$pid"; then
    echo "stop_slurm: $daemon (pid $pid) ignored SIGTERM; sending SIGKILL" >&2
    kill -KILL "$pid" 2>/dev/null || true
    sleep 0.2
  fi
  # Reap it when it is our child (it is when start and stop run in the same shell).
  wait "$pid" 2>/dev/null || true
done
exit 0
