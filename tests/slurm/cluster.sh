# A real single-node Slurm for tests (sourced): munged + slurmctld + slurmd on localhost,
# every file (config, state, spool, logs, pid files, munge socket) in one temporary folder,
# free ports chosen from this shell's pid so concurrent test runs do not collide. No systemd.
#   slurm_start DIR     starts the daemons, exports SLURM_CONF; returns 77 when Slurm is missing
#   slurm_stop          stops what slurm_start started, by pid (call from an EXIT trap)
#   slurm_wait_jobs ID...  waits until none of the jobs is pending or running

slurm_available() {
  command -v slurmctld >/dev/null && command -v slurmd >/dev/null && command -v munged >/dev/null &&
    command -v sbatch >/dev/null && [[ -r /etc/munge/munge.key ]]
}

# A free port pair (controller, node daemon) below Linux's ephemeral range (32768 and up,
# where MPI and other clients' outgoing connections land), starting from one derived from
# this shell's pid; a port in any TCP state (listening, TIME_WAIT) counts as taken.
_free_port_pair() {
  local port=$((20000 + ($$ % 6000) * 2)) tries
  for tries in $(seq 1 300); do
    if ! ss -Htan "( sport = :$port or sport = :$((port + 1)) )" 2>/dev/null | grep -q .; then
      echo "$port"
      return
    fi
    port=$((port + 2))
    ((port < 32000)) || port=20000
  done
  echo "$port"
}

# slurm_conf_common DIR PORT: the slurm.conf lines every test cluster shares (munge socket,
# ports, plugins, state and controller files under DIR).
slurm_conf_common() {
  local dir=$1 port=$2
  cat <<CONF
SlurmctldPort=$port
SlurmdPort=$((port + 1))
SlurmUser=root
AuthType=auth/munge
AuthInfo=socket=$dir/munge/socket,cred_expire=10
# (cred_expire: also how long a requeued job waits before it may start again; 120 s default)
CredType=cred/munge
MailProg=/bin/true
MpiDefault=pmix
ProctrackType=proctrack/linuxproc
SelectType=select/cons_tres
SelectTypeParameters=CR_Core_Memory
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/filetxt
JobCompLoc=$dir/log/jobcomp.log
StateSaveLocation=$dir/state
SlurmctldLogFile=$dir/log/slurmctld.log
SlurmctldPidFile=$dir/slurmctld.pid
MinJobAge=3600
SchedulerParameters=defer_batch=0
CONF
}

slurm_start() {
  SLURM_DIR=$1
  slurm_available || return 77
  [[ $(id -u) == 0 ]] || return 77  # slurmd must run as root to start jobs
  local host cpus mem port
  host=$(hostname -s)
  read -r cpus mem < <(slurmd -C | sed -n 's/.*CPUs=\([0-9]*\).*RealMemory=\([0-9]*\).*/\1 \2/p')
  port=$(_free_port_pair)
  mkdir -p "$SLURM_DIR"/{state,spool,log,munge}
  # munged runs as the munge user: it must reach its folder (mktemp -d folders are 0700).
  chmod a+x "$(dirname "$SLURM_DIR")" "$SLURM_DIR"
  chown munge:munge "$SLURM_DIR/munge"
  chmod 0755 "$SLURM_DIR/munge"  # munged wants its socket folder reachable by all
  # munged refuses to run as root; its own socket so a system munged is neither needed nor hit.
  runuser -u munge -- /usr/sbin/munged --socket="$SLURM_DIR/munge/socket" \
    --pid-file="$SLURM_DIR/munge/munged.pid" --log-file="$SLURM_DIR/munge/munged.log" \
    --seed-file="$SLURM_DIR/munge/seed" --key-file=/etc/munge/munge.key || return 1
  {
    echo "ClusterName=basketgap-test"
    echo "SlurmctldHost=$host(127.0.0.1)"
    slurm_conf_common "$SLURM_DIR" "$port"
    cat <<CONF
TaskPlugin=task/affinity
SlurmdSpoolDir=$SLURM_DIR/spool
SlurmdLogFile=$SLURM_DIR/log/slurmd.log
SlurmdPidFile=$SLURM_DIR/slurmd.pid
ReturnToService=2
KillWait=10
NodeName=$host NodeAddr=127.0.0.1 CPUs=$cpus RealMemory=$mem State=UNKNOWN
PartitionName=test Nodes=$host Default=YES MaxTime=INFINITE State=UP OverSubscribe=NO
CONF
  } >"$SLURM_DIR/slurm.conf"
  export SLURM_CONF=$SLURM_DIR/slurm.conf
  /usr/sbin/slurmctld || return 1
  /usr/sbin/slurmd || return 1
  # Up to 60 s for the node to register; give up at once if the controller died (sinfo
  # against a dead controller retries for a long time on each call).
  local deadline=$((SECONDS + 60)) pid
  while ((SECONDS < deadline)); do
    timeout 10 sinfo -h -o %t 2>/dev/null | grep -qx idle && return 0
    pid=$(cat "$SLURM_DIR/slurmctld.pid" 2>/dev/null)
    if [[ -n $pid ]] && ! kill -0 "$pid" 2>/dev/null; then
      echo "slurm_start: slurmctld exited" >&2
      break
    fi
    sleep 0.2
  done
  echo "slurm_start: the node did not become idle; slurmd and slurmctld logs:" >&2
  tail -20 "$SLURM_DIR/log/slurmd.log" "$SLURM_DIR/log/slurmctld.log" >&2
  return 1
}

# _stop_pidfile FILE: TERM the pid in FILE, wait for it to end (KILL after 15 s).
_stop_pidfile() {
  local pid i
  [[ -r "$1" ]] || return 0
  pid=$(cat "$1")
  [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null || return 0
  kill -TERM "$pid" 2>/dev/null || return 0
  for i in $(seq 1 150); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.1; done
  kill -KILL "$pid" 2>/dev/null || true
}

slurm_stop() {
  [[ -n "${SLURM_DIR:-}" ]] || return 0
  _stop_pidfile "$SLURM_DIR/slurmd.pid"
  _stop_pidfile "$SLURM_DIR/slurmctld.pid"
  _stop_pidfile "$SLURM_DIR/munge/munged.pid"
}

slurm_wait_jobs() {
  local deadline=$((SECONDS + ${SLURM_WAIT_SECONDS:-900})) id state busy
  while ((SECONDS < deadline)); do
    busy=0
    for id in "$@"; do
      state=$(scontrol show job "$id" 2>/dev/null | sed -n 's/.*JobState=\([A-Z_]*\).*/\1/p')
      case $state in PENDING | RUNNING | CONFIGURING | COMPLETING | REQUEUED | RESIZING | SUSPENDED) busy=1 ;; esac
    done
    ((busy)) || return 0
    sleep 1
  done
  echo "slurm_wait_jobs: timed out waiting for $*" >&2
  squeue >&2 || true
  return 1
}

# job_field ID FIELD: one field of `scontrol show job` (JobState, ExitCode, ...).
job_field() { scontrol show job "$1" | tr ' ' '\n' | sed -n "s/^$2=//p" | head -1; }
