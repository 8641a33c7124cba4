#!/usr/bin/env bash
# Runs a study on a Spark standalone cluster: submit/standalone.sh CONFIG [run options]
#   MASTER=spark://127.0.0.1:7077 submit/standalone.sh conf/digits.yaml --n-trials 40
# Cluster settings come from the environment or conf/spark-defaults.conf:
#   MASTER (required, spark://host:port), EXECUTOR_MEMORY (default 1g), EXECUTOR_CORES (default 1),
#   TOTAL_EXECUTOR_CORES (default: all the cluster offers), JARS (comma-separated user jars: --jars).
# With SPARK_HOME/bin/spark-submit present it uses it (Spark provided by the cluster) with
# target/sparktune-app.jar; otherwise it runs SparkSubmit from the Maven classpath with
# target/sparktune.jar. The executors fetch the application jar (and JARS) from the driver.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
if [[ $# -lt 1 || "$1" == -* ]]; then
  echo "usage: MASTER=spark://host:port submit/standalone.sh CONFIG [run options]" >&2
  exit 2
fi
if [[ "${MASTER:-}" != spark://* ]]; then
  echo "error: MASTER must be a spark://host:port URL, but got '${MASTER:-}'" >&2
  exit 2
fi
CONFIG="$1"; shift
export SPARK_LOCAL_IP="${SPARK_LOCAL_IP:-127.0.0.1}"
build_if_missing
ARGS=(--master "$MASTER" --deploy-mode client
  --executor-memory "${EXECUTOR_MEMORY:-1g}" --executor-cores "${EXECUTOR_CORES:-1}"
  --conf spark.task.maxFailures="${TASK_MAX_FAILURES:-4}")
[[ -n "${TOTAL_EXECUTOR_CORES:-}" ]] && ARGS+=(--total-executor-cores "$TOTAL_EXECUTOR_CORES")
# SPARK_HOME without bin/spark-submit (e.g. the cluster's target/spark-home): the Maven classpath
submit_main "$([[ -n "${SPARK_HOME:-}" && -x "${SPARK_HOME}/bin/spark-submit" ]] && echo 1 || echo 0)" \
  2g "${ARGS[@]}" -- run --config "$CONFIG" "$@"
