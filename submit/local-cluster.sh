#!/usr/bin/env bash
# Starts or stops a Spark standalone cluster on 127.0.0.1 from the Maven jars (no distribution):
#   submit/local-cluster.sh start [WORKERS] [CORES_PER_WORKER]   # default 2 workers x 1 core
#   submit/local-cluster.sh stop
# Master: spark://127.0.0.1:7077 (MASTER_PORT to change), web UIs off. State under target/cluster/.
# SPARK_HOME is target/spark-home, whose jars/ links the runtime classpath; SPARK_SCALA_VERSION=2.13
# is required, or every executor fails with "Cannot find any build directories".
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
CMD="${1:-}"; WORKERS="${2:-2}"; CORES="${3:-1}"
STATE="$ROOT/target/cluster"
PORT="${MASTER_PORT:-7077}"
export SPARK_HOME="$ROOT/target/spark-home" SPARK_SCALA_VERSION=2.13 SPARK_LOCAL_IP=127.0.0.1
export SPARK_LOCAL_DIRS="$STATE/tmp"
case "$CMD" in
  start)
    build_if_missing
    mkdir -p "$SPARK_HOME/jars" "$STATE/tmp"
    rm -f "$SPARK_HOME"/jars/*
    { tr ':' '\n' < "$CPFILE"; echo; } | while read -r j; do [[ -n "$j" ]] && ln -sf "$j" "$SPARK_HOME/jars/"; done
    # shellcheck disable=SC2046
    nohup java -Xmx512m $(jvm_opens) -cp "$SPARK_HOME/jars/*" org.apache.spark.deploy.master.Master \
      --host 127.0.0.1 --port "$PORT" --webui-port 0 > "$STATE/master.log" 2>&1 &
    echo $! > "$STATE/master.pid"
    for i in $(seq 1 "$WORKERS"); do
      mkdir -p "$STATE/work$i"
      # shellcheck disable=SC2046
      nohup java -Xmx512m $(jvm_opens) -cp "$SPARK_HOME/jars/*" org.apache.spark.deploy.worker.Worker \
        --host 127.0.0.1 --cores "$CORES" --memory 2g --webui-port 0 --work-dir "$STATE/work$i" \
        "spark://127.0.0.1:$PORT" > "$STATE/worker$i.log" 2>&1 &
      echo $! > "$STATE/worker$i.pid"
    done
    for _ in $(seq 1 120); do
      n=$(cat "$STATE"/worker*.log 2>/dev/null | grep -c "Successfully registered with master" || true)
      [[ "$n" -ge "$WORKERS" ]] && { echo "spark://127.0.0.1:$PORT ($WORKERS workers x $CORES cores)"; exit 0; }
      sleep 1
    done
    echo "error: the workers did not register within 120 s; see $STATE/*.log" >&2
    exit 1 ;;
  stop)
    for f in "$STATE"/*.pid; do [[ -f "$f" ]] && kill "$(cat "$f")" 2>/dev/null; rm -f "$f"; done
    echo "stopped" ;;
  *)
    echo "usage: submit/local-cluster.sh start [WORKERS] [CORES] | stop" >&2; exit 2 ;;
esac
