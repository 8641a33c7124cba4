#!/usr/bin/env bash
# Runs a study on YARN: submit/yarn.sh CONFIG [run options]
#   HADOOP_CONF_DIR=/etc/hadoop/conf submit/yarn.sh conf/digits.yaml --n-trials 40 \
#     --storage hdfs:///user/me/sparktune/digits.jsonl --output hdfs:///user/me/sparktune/digits
#   DEPLOY_MODE=cluster NUM_EXECUTORS=4 submit/yarn.sh conf/digits.yaml ...   (driver in the AM)
# HADOOP_CONF_DIR (or YARN_CONF_DIR) must hold the cluster's client configuration.
# A local CONFIG goes to the job with --files and the driver reads it by its base name in cluster
# mode; a Hadoop URI (hdfs://...) is read from there in both modes. In cluster mode the driver's
# disk is deleted after the job: output and storage must be Hadoop URIs (the job exits 2 otherwise).
# Settings from the environment; unset ones come from conf/spark-defaults.conf (spark.yarn.queue,
# spark.executor.instances, ...), else from Spark's defaults:
#   DEPLOY_MODE       client (default: the driver runs here) | cluster (in the ApplicationMaster)
#   QUEUE             --queue
#   NUM_EXECUTORS     --num-executors       EXECUTOR_CORES --executor-cores
#   EXECUTOR_MEMORY   --executor-memory     DRIVER_MEMORY  --driver-memory (default 2g)
#   AM_MEMORY         spark.yarn.am.memory (client mode's ApplicationMaster)
#   MAX_APP_ATTEMPTS  spark.yarn.maxAppAttempts (default 2): in cluster mode YARN starts a dead
#                     driver again, and the new attempt resumes the study from --storage
#   YARN_JAVA_HOME    JAVA_HOME of a Java 17+ on the nodes, for the AM and the executors
#   YARN_JARS         spark.yarn.jars (e.g. 'hdfs:///apps/spark-4.2/jars/*'); see below
#   JARS              comma-separated user jars (--jars)
# With SPARK_HOME/bin/spark-submit present it uses it with target/sparktune-app.jar (Spark from
# the distribution; without YARN_JARS, Spark uploads the distribution's jars on each run).
# Otherwise it runs SparkSubmit from the Maven classpath with target/sparktune.jar, and the
# containers use the same Maven jars as local: files, which needs them at the same path on every
# node (one machine, a shared file system); set YARN_JARS on a real cluster.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
if [[ $# -lt 1 || "$1" == -* ]]; then
  echo "usage: [DEPLOY_MODE=client|cluster] submit/yarn.sh CONFIG [run options]" >&2
  exit 2
fi
CONFIG="$1"; shift
MODE="${DEPLOY_MODE:-client}"
if [[ "$MODE" != client && "$MODE" != cluster ]]; then
  echo "error: DEPLOY_MODE must be one of [client, cluster], but got '$MODE'" >&2
  exit 2
fi
if [[ -z "${HADOOP_CONF_DIR:-}${YARN_CONF_DIR:-}" ]]; then
  echo "error: HADOOP_CONF_DIR must name the directory of the cluster's core-site.xml and" \
    "yarn-site.xml, but got none (nor YARN_CONF_DIR)" >&2
  exit 2
fi
build_if_missing
USE_HOME=0
[[ -n "${SPARK_HOME:-}" && -x "${SPARK_HOME}/bin/spark-submit" ]] && USE_HOME=1

ARGS=(--master yarn --deploy-mode "$MODE"
  --conf spark.yarn.maxAppAttempts="${MAX_APP_ATTEMPTS:-2}")
[[ -n "${QUEUE:-}" ]] && ARGS+=(--queue "$QUEUE")
[[ -n "${NUM_EXECUTORS:-}" ]] && ARGS+=(--num-executors "$NUM_EXECUTORS")
[[ -n "${EXECUTOR_CORES:-}" ]] && ARGS+=(--executor-cores "$EXECUTOR_CORES")
[[ -n "${EXECUTOR_MEMORY:-}" ]] && ARGS+=(--executor-memory "$EXECUTOR_MEMORY")
[[ -n "${DRIVER_MEMORY:-}" ]] && ARGS+=(--driver-memory "$DRIVER_MEMORY")
[[ -n "${AM_MEMORY:-}" ]] && ARGS+=(--conf spark.yarn.am.memory="$AM_MEMORY")
if [[ -n "${YARN_JAVA_HOME:-}" ]]; then
  ARGS+=(--conf spark.yarn.appMasterEnv.JAVA_HOME="$YARN_JAVA_HOME"
    --conf spark.executorEnv.JAVA_HOME="$YARN_JAVA_HOME")
fi
if [[ -n "${YARN_JARS:-}" ]]; then
  ARGS+=(--conf spark.yarn.jars="$YARN_JARS")
elif [[ "$USE_HOME" == 0 ]]; then
  ARGS+=(--conf spark.yarn.jars="$(tr ':' '\n' < "$CPFILE" | sed 's|^|local:|' | paste -sd, -)")
fi

# The config: a Hadoop URI as given; a local file shipped with the job in cluster mode.
CONFIG_ARG="$CONFIG"
if [[ "$CONFIG" != *://* ]]; then
  if [[ ! -f "$CONFIG" || ! -r "$CONFIG" ]]; then
    echo "error: --config must be a readable file, but got '$CONFIG'" >&2
    exit 2
  fi
  if [[ "$MODE" == cluster ]]; then
    ARGS+=(--files "$CONFIG,$LOGCONF")
    CONFIG_ARG="$(basename "$CONFIG")"
  fi
fi
if [[ "$MODE" == cluster ]]; then
  [[ "$CONFIG" == *://* ]] && ARGS+=(--files "$LOGCONF")
  DRIVER_LOGCONF="$(basename "$LOGCONF")"
  [[ "$USE_HOME" == 0 ]] && ARGS+=(--conf
    spark.driver.extraJavaOptions="-Dlog4j2.configurationFile=$DRIVER_LOGCONF")
fi
submit_main "$USE_HOME" "${DRIVER_MEMORY:-2g}" "${ARGS[@]}" -- run --config "$CONFIG_ARG" "$@"
