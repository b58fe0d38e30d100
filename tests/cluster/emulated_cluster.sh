# A multi-node Slurm cluster on one machine (sourced by tests/cluster/test_*.sh): the
# controller on the host, N compute nodes each in its own network, UTS and mount namespace
# (its own address on a bridge the harness creates, its own hostname nI, its own /tmp and /dev/shm), one
# slurmd per node, one munged shared by all. Everything the harness makes is named after this
# shell's pid and removed by cluster_stop (call it from an EXIT trap), also after a failure;
# leftovers of a run that was killed are removed by the next cluster_start.
# Recipe and its pitfalls: ../shared/docs/TOOLCHAIN.md, "A multi-node Slurm cluster".
#   cluster_start DIR N    starts it (2 CPUs and CLUSTER_NODE_MEMORY MB, default 4000, per
#                          node); exports SLURM_CONF, CLUSTER_SUBNET, CLUSTER_NODES;
#                          returns 77 when Slurm, munge or namespaces are not available
#   cluster_stop           stops daemons by pid, kills what runs in the nodes, removes links,
#                          bridge and namespaces
#   cluster_stop_checked   the same, then returns 1 if any of it is still there
#   node_kill I            the node's slurmd and every process in it, SIGKILL (a lost node)
#   node_link_down I       its link to the bridge goes down (a cut cable: no RST, no FIN)
#   node_run I CMD...      CMD inside node I (its network, hostname and /tmp)
# Jobs on it should set PMIX_MCA_gds=hash: PMIx's shared-memory job-data store (gds ds21)
# crashed a rank at start now and then (SIGSEGV at address nil, about 1 start in 10 after a
# requeue), the known fault of openpmix/openpmix#1114 and open-mpi/ompi#7516, whose workaround
# this is; the hash store keeps the job data in each process.
# (DIR must not be under /tmp: each node has its own /tmp; DIR stands in for the shared file
# system.) Slurm helpers (slurm_wait_jobs, job_field, _stop_pidfile, _free_port_pair) come
# from tests/slurm/cluster.sh.
source "$(dirname "${BASH_SOURCE[0]}")/../slurm/cluster.sh"

CLUSTER_TAG=bgc$$  # prefix of every namespace and link of this run

cluster_available() {
  slurm_available && command -v ip >/dev/null && command -v nsenter >/dev/null &&
    command -v unshare >/dev/null && [[ $(id -u) == 0 ]] &&
    ip netns add "${CLUSTER_TAG}n0" 2>/dev/null && ip netns del "${CLUSTER_TAG}n0"
}

# Each run's folder, by the pid of its shell, so that a later run finds the daemons of one that
# was killed (SIGKILL: no EXIT trap) and stops them: the controller and munged run outside the
# namespaces.
CLUSTER_REGISTRY=/run/basketgap-clusters

# Namespaces, links and daemons of earlier runs whose shell is gone (a test killed by its timeout).
_remove_stale_clusters() {
  local ns pid entry
  for entry in "$CLUSTER_REGISTRY"/*; do
    [[ -f $entry ]] || continue
    kill -0 "${entry##*/}" 2>/dev/null && continue
    SLURM_DIR=$(cat "$entry") slurm_stop
    rm -f "$entry"
  done
  for ns in $(ip netns list | awk '{ print $1 }' | grep -E '^bgc[0-9]+n[0-9]+$' || true); do
    pid=${ns#bgc}
    pid=${pid%n*}
    kill -0 "$pid" 2>/dev/null && continue
    ip netns pids "$ns" 2>/dev/null | xargs -r kill -KILL 2>/dev/null || true
    ip netns del "$ns" 2>/dev/null || true
  done
  for link in $(ip -o link show | awk -F': ' '{ print $2 }' | sed 's/@.*//' | grep -E '^bgc[0-9]+(br|v[0-9]+)$' || true); do
    pid=${link#bgc}
    pid=${pid%%[bv]*}
    kill -0 "$pid" 2>/dev/null || ip link del "$link" 2>/dev/null || true
  done
}

# node_run I CMD...: CMD in node I's network namespace, with its hostname and its /tmp (the
# mount namespace of its slurmd). Not `ip netns exec`: it remounts /sys.
node_run() {
  local i=$1
  shift
  nsenter --target "$(cat "$CLUSTER_DIR/n$i.nspid")" --net --uts --mount -- "$@"
}

cluster_start() {
  CLUSTER_DIR=$1
  local nodes=$2 host port i addr
  cluster_available || return 77
  _remove_stale_clusters
  case $CLUSTER_DIR in /tmp/*) echo "cluster_start: $CLUSTER_DIR is under /tmp, which nodes do not share" >&2; return 1 ;; esac
  host=$(hostname -s)
  # A /24 from the pid; 10.213.0.0/16 is not routed anywhere here.
  CLUSTER_SUBNET=10.213.$(($$ % 250 + 1)).0/24
  local net=${CLUSTER_SUBNET%.0/24}
  export CLUSTER_SUBNET CLUSTER_NODES=$nodes
  mkdir -p "$CLUSTER_DIR"/{state,spool,log,munge}
  chmod a+x "$(dirname "$CLUSTER_DIR")" "$CLUSTER_DIR"
  chown munge:munge "$CLUSTER_DIR/munge"
  chmod 0755 "$CLUSTER_DIR/munge"
  SLURM_DIR=$CLUSTER_DIR  # slurm_stop (tests/slurm/cluster.sh) stops the controller and munged
  mkdir -p "$CLUSTER_REGISTRY" && echo "$CLUSTER_DIR" >"$CLUSTER_REGISTRY/$$"

  ip link add "${CLUSTER_TAG}br" type bridge || return 1
  ip addr add "$net.1/24" dev "${CLUSTER_TAG}br"
  ip link set "${CLUSTER_TAG}br" up
  for i in $(seq 1 "$nodes"); do
    ip netns add "${CLUSTER_TAG}n$i" || return 1
    ip link add "${CLUSTER_TAG}v$i" type veth peer name "${CLUSTER_TAG}p$i" || return 1
    ip link set "${CLUSTER_TAG}v$i" master "${CLUSTER_TAG}br" up
    ip link set "${CLUSTER_TAG}p$i" netns "${CLUSTER_TAG}n$i"
    ip -n "${CLUSTER_TAG}n$i" link set "${CLUSTER_TAG}p$i" name eth0
    ip -n "${CLUSTER_TAG}n$i" addr add "$net.$((10 + i))/24" dev eth0
    ip -n "${CLUSTER_TAG}n$i" link set eth0 up
    ip -n "${CLUSTER_TAG}n$i" link set lo up
  done

  runuser -u munge -- /usr/sbin/munged --socket="$CLUSTER_DIR/munge/socket" \
    --pid-file="$CLUSTER_DIR/munge/munged.pid" --log-file="$CLUSTER_DIR/munge/munged.log" \
    --seed-file="$CLUSTER_DIR/munge/seed" --key-file=/etc/munge/munge.key || return 1
  port=$(_free_port_pair)
  {
    echo "ClusterName=basketgap-cluster"
    echo "SlurmctldHost=$host($net.1)"
    slurm_conf_common "$CLUSTER_DIR" "$port"
    cat <<CONF
TaskPlugin=task/none
SlurmdSpoolDir=$CLUSTER_DIR/spool/%n
SlurmdLogFile=$CLUSTER_DIR/log/slurmd-%n.log
SlurmdPidFile=$CLUSTER_DIR/slurmd-%n.pid
# A node that stops answering is DOWN after SlurmdTimeout; its jobs are requeued (--requeue).
# ReturnToService=2: a node that answers again is back in service without an operator.
SlurmdTimeout=${CLUSTER_SLURMD_TIMEOUT:-10}
MessageTimeout=5
ReturnToService=2
KillWait=5
CONF
    for i in $(seq 1 "$nodes"); do
      echo "NodeName=n$i NodeAddr=$net.$((10 + i)) CPUs=2 RealMemory=${CLUSTER_NODE_MEMORY:-4000} State=UNKNOWN"
    done
    echo "PartitionName=cluster Nodes=n[1-$nodes] Default=YES MaxTime=INFINITE State=UP OverSubscribe=NO"
  } >"$CLUSTER_DIR/slurm.conf"
  export SLURM_CONF=$CLUSTER_DIR/slurm.conf
  /usr/sbin/slurmctld || return 1
  for i in $(seq 1 "$nodes"); do
    mkdir -p "$CLUSTER_DIR/spool/n$i"
    # A private mount namespace with its own /tmp and /dev/shm (shared memory between ranks of
    # one node must not meet another node's; Slurm's PMIx plugin makes the same folder
    # names on every node), its own hostname; slurmd -D stays in front, so the shell's pid is
    # the namespace's anchor for node_run.
    nsenter --net="/run/netns/${CLUSTER_TAG}n$i" unshare --uts --mount --propagation private \
      sh -c "mount -t tmpfs tmpfs /tmp && mount -t tmpfs tmpfs /dev/shm && hostname n$i && echo \$\$ >'$CLUSTER_DIR/n$i.nspid' &&
             exec /usr/sbin/slurmd -D -f '$SLURM_CONF' -N n$i" \
      >>"$CLUSTER_DIR/log/slurmd-n$i.console" 2>&1 &
  done
  local deadline=$((SECONDS + 60)) idle
  while ((SECONDS < deadline)); do
    idle=$(timeout 10 sinfo -h -N -o '%N %t' 2>/dev/null | awk '$2 == "idle"' | wc -l)
    ((idle == nodes)) && return 0
    sleep 0.3
  done
  echo "cluster_start: $idle of $nodes nodes idle after 60 s; logs:" >&2
  sinfo -N >&2 || true
  tail -n 15 "$CLUSTER_DIR"/log/slurmd-n*.log "$CLUSTER_DIR"/log/slurmd-n*.console "$CLUSTER_DIR/log/slurmctld.log" >&2 || true
  return 1
}

node_kill() {
  local ns=${CLUSTER_TAG}n$1
  ip netns pids "$ns" 2>/dev/null | xargs -r kill -KILL 2>/dev/null || true
}

node_link_down() { ip link set "${CLUSTER_TAG}v$1" down; }

cluster_stop() {
  [[ -n "${CLUSTER_DIR:-}" ]] || return 0
  local i ns
  for i in $(seq 1 "${CLUSTER_NODES:-0}"); do
    ns=${CLUSTER_TAG}n$i
    _stop_pidfile "$CLUSTER_DIR/slurmd-n$i.pid"
    ip netns pids "$ns" 2>/dev/null | xargs -r kill -KILL 2>/dev/null || true
  done
  slurm_stop
  for i in $(seq 1 "${CLUSTER_NODES:-0}"); do
    ip netns del "${CLUSTER_TAG}n$i" 2>/dev/null || true
    # A veth can outlive its namespace for a moment.
    ip link del "${CLUSTER_TAG}v$i" 2>/dev/null || true
  done
  ip link del "${CLUSTER_TAG}br" 2>/dev/null || true
  rm -f "$CLUSTER_REGISTRY/$$"
  CLUSTER_STOPPED_DIR=$CLUSTER_DIR
  CLUSTER_DIR=""  # stopped: a second call (the EXIT trap) does nothing
}

# cluster_stop_checked: cluster_stop, then fails (returns 1, says what) if a namespace, link or
# daemon of this run is still there.
cluster_stop_checked() {
  cluster_stop
  local left pid pidfile
  left=$(cluster_leftovers)
  for pidfile in "$CLUSTER_STOPPED_DIR"/slurmd-n*.pid "$CLUSTER_STOPPED_DIR/slurmctld.pid" \
    "$CLUSTER_STOPPED_DIR/munge/munged.pid"; do
    [[ -r $pidfile ]] || continue
    pid=$(cat "$pidfile")
    [[ -n $pid ]] && kill -0 "$pid" 2>/dev/null && left+=" $(basename "$pidfile" .pid) (pid $pid)"
  done
  [[ -z ${left// /} ]] || { echo "left behind after cluster_stop: $left" >&2; return 1; }
}

# cluster_leftovers: prints any namespace or link of this run that still exists.
cluster_leftovers() {
  { ip netns list; ip -o link show; } | grep -o "${CLUSTER_TAG}[a-z0-9]*" | sort -u || true
}
