#!/usr/bin/env bash
# Starts a private single-node Slurm cluster for the tests: munged, slurmctld and slurmd from
# the Debian packages (munge, slurm-wlm), every file (key, sockets, configuration, state,
# spool, logs, pid files, temporary files) under one directory, on two free TCP ports. Waits
# until the node is idle, then prints the environment the clients need, for `eval`:
#
#   eval "$(tests/slurm/start_slurm.sh DIR)"    # DIR: an empty directory that the caller owns
#   sbatch -W ...; scontrol show job ...
#   tests/slurm/stop_slurm.sh DIR               # stops exactly the daemons started here
#
# Prints `export SLURM_CONF=DIR/slurm.conf TMPDIR=DIR/tmp SLURM_TEST_DIR=DIR`.
# Exit status: 0 when the node is idle; 77 (CTest's "skipped") when slurmctld, slurmd,
# munged, mungekey/dd or the Slurm client commands are not installed; 1 on any other
# failure, after stopping whatever it started and showing the daemons' logs on stderr.
#
# The daemons run as the calling user (root in CI). The PIDs of the processes started here
# are in DIR/pids/{munged,slurmctld,slurmd}.pid; stop_slurm.sh only signals those (and the
# leftover slurmstepd and job processes whose environment holds SLURM_CONF=DIR/slurm.conf).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
dir="${1:?usage: start_slurm.sh DIR}"
mkdir -p "$dir"
dir="$(cd "$dir" && pwd)"
if [[ -e "$dir/slurm.conf" ]]; then
  echo "$dir already holds a cluster (slurm.conf); stop it and use a fresh directory" >&2
  exit 1
fi

PATH="$PATH:/usr/sbin:/sbin"
for tool in munged slurmctld slurmd sbatch scontrol sinfo squeue scancel; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "SKIP: $tool is not installed (Debian packages: munge slurm-wlm)" >&2
    exit 77
  fi
done
if ! command -v mungekey >/dev/null 2>&1 && ! command -v dd >/dev/null 2>&1; then
  echo "SKIP: neither mungekey nor dd is available to create a munge key" >&2
  exit 77
fi

started=0
on_exit() {
  local status=$?
  if [[ $status != 0 && $started == 1 ]]; then
    for log in "$dir"/log/*.log; do
      [[ -s "$log" ]] || continue
      echo "---- last lines of $log" >&2
      tail -n 30 "$log" >&2
    done
    "$here/stop_slurm.sh" "$dir" >&2 || true
  fi
}
trap on_exit EXIT

# A TCP port in 20000-32767 (below Linux's ephemeral range) that nothing listens on.
free_port() {
  local port
  for _ in $(seq 1 200); do
    port=$((20000 + RANDOM % 12768))
    [[ " $* " == *" $port "* ]] && continue
    if command -v ss >/dev/null 2>&1; then
      [[ -z "$(ss -Htan "sport = :$port" 2>/dev/null)" ]] && { echo "$port"; return 0; }
    elif ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "$port"
      return 0
    fi
  done
  echo "no free TCP port found" >&2
  return 1
}

mkdir -p "$dir"/{munge,state,spool,log,pids,tmp,tmpfs}
chmod 700 "$dir"
chmod 755 "$dir/munge"  # munged wants its socket directory searchable; DIR itself stays private
user="$(id -un)"
# The node as slurmd detects it (name, CPUs, sockets, cores, threads, RealMemory in MiB): a
# configuration that claims more than the hardware would drain the node.
hardware="$(slurmd -C 2>/dev/null | head -n 1)"
[[ "$hardware" == NodeName=* ]] || { echo "slurmd -C printed no node line: '$hardware'" >&2; exit 1; }
node="$(sed -n 's/^NodeName=\([^ ]*\).*/\1/p' <<<"$hardware")"
hardware="${hardware#NodeName="$node" }"
socket="$dir/munge/munge.socket"
# Unix socket paths are limited to 107 bytes (slurmd's step sockets are a little longer).
if ((${#socket} > 90)); then
  echo "directory name too long for Unix sockets ($socket): use a shorter TMPDIR" >&2
  exit 1
fi
ctld_port="$(free_port)"
slurmd_port="$(free_port "$ctld_port")"

# munge: a fresh key, its own socket, pid, seed and log files.
key="$dir/munge/munge.key"
if command -v mungekey >/dev/null 2>&1; then
  mungekey --create --keyfile="$key" >/dev/null 2>&1 || dd if=/dev/urandom of="$key" bs=1024 count=1 status=none
else
  dd if=/dev/urandom of="$key" bs=1024 count=1 status=none
fi
chmod 600 "$key"

cat >"$dir/plugstack.conf" <<EOF
# empty: no SPANK plugins from /etc/slurm/plugstack.conf.d
EOF
cat >"$dir/slurm.conf" <<EOF
# Private single-node cluster of the leontief tests (tests/slurm/start_slurm.sh).
ClusterName=leontieftest
SlurmctldHost=$node(127.0.0.1)
SlurmctldPort=$ctld_port
SlurmdPort=$slurmd_port
SlurmUser=$user
SlurmdUser=$user
AuthType=auth/munge
AuthInfo=socket=$socket
CredType=cred/munge
StateSaveLocation=$dir/state
SlurmdSpoolDir=$dir/spool
SlurmctldPidFile=$dir/pids/slurmctld.daemon.pid
SlurmdPidFile=$dir/pids/slurmd.daemon.pid
SlurmctldLogFile=$dir/log/slurmctld.log
SlurmdLogFile=$dir/log/slurmd.log
SlurmctldDebug=info
SlurmdDebug=info
TmpFS=$dir/tmpfs
PlugStackConfig=$dir/plugstack.conf
MailProg=/bin/true
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
SwitchType=switch/none
MpiDefault=pmix
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU_Memory
DefMemPerCPU=1000
SchedulerType=sched/backfill
# Schedule batch jobs at once (default: up to 3 s later, for high submission rates).
SchedulerParameters=batch_sched_delay=0
ReturnToService=2
MinJobAge=600
MaxArraySize=10001
KillWait=5
InactiveLimit=0
NodeName=$node NodeAddr=127.0.0.1 $hardware State=UNKNOWN
PartitionName=test Nodes=$node Default=YES MaxTime=INFINITE State=UP
EOF

export SLURM_CONF="$dir/slurm.conf" TMPDIR="$dir/tmp"
started=1

munged --foreground --force --socket="$socket" --key-file="$key" \
  --pid-file="$dir/munge/munged.pid" --seed-file="$dir/munge/munged.seed" \
  --log-file="$dir/log/munged.log" </dev/null >>"$dir/log/munged.stdout.log" 2>&1 &
echo $! >"$dir/pids/munged.pid"
# alive NAME: the daemon started here is still running (else fail at once, not at a timeout).
alive() {
  kill -0 "$(cat "$dir/pids/$1.pid")" 2>/dev/null || { echo "$1 exited at start-up" >&2; exit 1; }
}
for _ in $(seq 1 100); do
  [[ -S "$socket" ]] && break
  alive munged
  sleep 0.1
done
[[ -S "$socket" ]] || { echo "munged did not create $socket" >&2; exit 1; }

slurmctld -D -i -f "$SLURM_CONF" </dev/null >>"$dir/log/slurmctld.stdout.log" 2>&1 &
echo $! >"$dir/pids/slurmctld.pid"
for _ in $(seq 1 150); do
  scontrol ping 2>/dev/null | grep -q 'is UP' && break
  alive slurmctld
  sleep 0.2
done
scontrol ping 2>/dev/null | grep -q 'is UP' || { echo "slurmctld did not come up" >&2; exit 1; }

slurmd -D -f "$SLURM_CONF" </dev/null >>"$dir/log/slurmd.stdout.log" 2>&1 &
echo $! >"$dir/pids/slurmd.pid"
state=""
for _ in $(seq 1 300); do
  state="$(sinfo -h -n "$node" -o %t 2>/dev/null || true)"
  [[ "$state" == idle ]] && break
  alive slurmd
  alive slurmctld
  sleep 0.2
done
[[ "$state" == idle ]] || { echo "node $node is '$state', not idle, after 60 s" >&2; exit 1; }

echo "export SLURM_CONF='$SLURM_CONF' TMPDIR='$TMPDIR' SLURM_TEST_DIR='$dir'"
