#!/usr/bin/env bash
# A complete single-node SLURM cluster in a temporary folder, for the cluster tests (no systemd,
# no change to /etc): munged with its own key and socket, slurmctld and slurmd on non-default
# ports, state, spool and logs in the folder. Debian 12 packages: munge, slurmctld, slurmd,
# slurm-client (packaging/debian-packages.txt).
#
#   slurm-cluster.sh start DIR   start it (DIR is created); prints "export SLURM_CONF=…" lines
#                                to evaluate; waits until the node is idle (at most 60 s)
#   slurm-cluster.sh stop DIR    stop the daemons started from DIR (by their PID files)
#   slurm-cluster.sh env DIR     print the environment lines again
#
# The daemons run as the calling user (SlurmUser/SlurmdUser = that user), so root is not needed
# for the controller; slurmd needs root to start jobs as other users, but here jobs run as the
# same user. Ports: 16817/16818 unless FLICKER_SLURM_PORT (the controller's; slurmd uses +1).
set -euo pipefail

command=${1:-}
dir=${2:-}
if [[ -z $command || -z $dir ]]; then
    echo "usage: $0 start|stop|env DIR" >&2
    exit 2
fi

print_env() {
    echo "export SLURM_CONF=$dir/slurm.conf"
}

stop_cluster() {
    local name pid
    for name in slurmd slurmctld munged; do
        if [[ -f $dir/$name.pid ]]; then
            pid=$(cat "$dir/$name.pid")
            if [[ -n $pid ]] && kill -0 "$pid" 2>/dev/null; then
                kill "$pid" 2>/dev/null || true
                for _ in $(seq 1 50); do
                    kill -0 "$pid" 2>/dev/null || break
                    sleep 0.1
                done
                kill -9 "$pid" 2>/dev/null || true
            fi
            rm -f "$dir/$name.pid"
        fi
    done
}

case $command in
env)
    print_env
    exit 0
    ;;
stop)
    stop_cluster
    exit 0
    ;;
start) ;;
*)
    echo "$0: unknown command '$command' (start, stop or env)" >&2
    exit 2
    ;;
esac

for tool in munged slurmctld slurmd sbatch sinfo; do
    if ! command -v "$tool" >/dev/null 2>&1 && [[ ! -x /usr/sbin/$tool ]]; then
        echo "$0: '$tool' is missing: install the Debian packages munge slurmctld slurmd slurm-client" >&2
        exit 3
    fi
done

mkdir -p "$dir"
dir=$(cd "$dir" && pwd)
mkdir -p "$dir/munge" "$dir/state" "$dir/spool" "$dir/log"
chmod 700 "$dir/munge"
user=$(id -un)
host=$(hostname -s)
port=${FLICKER_SLURM_PORT:-16817}
cpus=$(nproc)
mem_mb=$(($(awk '/MemTotal/ {print $2}' /proc/meminfo) / 1024 * 3 / 4))

# munge: its own key (1 KiB of random bytes) and socket.
if [[ ! -f $dir/munge/munge.key ]]; then
    head -c 1024 /dev/urandom >"$dir/munge/munge.key"
    chmod 400 "$dir/munge/munge.key"
fi
/usr/sbin/munged --force --socket="$dir/munge/munge.socket" --key-file="$dir/munge/munge.key" \
    --pid-file="$dir/munged.pid" --log-file="$dir/log/munged.log" \
    --seed-file="$dir/munge/munged.seed"

cat >"$dir/slurm.conf" <<EOF
# Written by flicker's tests/support/slurm-cluster.sh: a one-node cluster in $dir
ClusterName=flickertest
SlurmctldHost=$host(127.0.0.1)
SlurmctldPort=$port
SlurmdPort=$((port + 1))
SlurmUser=$user
SlurmdUser=$user
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$dir/munge/munge.socket
StateSaveLocation=$dir/state
SlurmdSpoolDir=$dir/spool
SlurmctldPidFile=$dir/slurmctld.pid
SlurmdPidFile=$dir/slurmd.pid
SlurmctldLogFile=$dir/log/slurmctld.log
SlurmdLogFile=$dir/log/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core_Memory
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
MpiDefault=none
ReturnToService=2
DefMemPerCPU=512
SchedulerType=sched/backfill
SchedulerParameters=sched_interval=1
MaxArraySize=10001
InactiveLimit=0
KillWait=5
MinJobAge=300
SlurmctldTimeout=30
SlurmdTimeout=30
NodeName=$host NodeAddr=127.0.0.1 CPUs=$cpus RealMemory=$mem_mb State=UNKNOWN
PartitionName=debug Nodes=$host Default=YES MaxTime=INFINITE State=UP
EOF

export SLURM_CONF=$dir/slurm.conf
/usr/sbin/slurmctld -i -f "$dir/slurm.conf"
/usr/sbin/slurmd -f "$dir/slurm.conf"

for _ in $(seq 1 600); do
    state=$(sinfo -h -N -o '%T' 2>/dev/null | head -n 1 || true)
    if [[ $state == idle* ]]; then
        print_env
        exit 0
    fi
    sleep 0.1
done
echo "$0: the node did not become idle within 60 s (state '${state:-none}'); logs in $dir/log" >&2
tail -n 20 "$dir/log/slurmctld.log" "$dir/log/slurmd.log" >&2 || true
stop_cluster
exit 1
