#!/usr/bin/env bash
# Runs a study in Spark local mode: submit/local.sh CONFIG [run options]
#   submit/local.sh conf/digits.yaml --sampler random --n-trials 20
# Without SPARK_HOME it needs no Spark distribution: it builds the jar if missing and runs Spark's
# SparkSubmit from the Maven classpath. With SPARK_HOME set it uses $SPARK_HOME/bin/spark-submit.
# MASTER (default local[*]) picks the local master.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
if [[ $# -lt 1 || "$1" == -* ]]; then
  echo "usage: submit/local.sh CONFIG [--n-trials N] [--sampler grid|random|tpe] [--seed N] [--output DIR] [--engine local|mllib]" >&2
  exit 2
fi
CONFIG="$1"; shift
MASTER="${MASTER:-local[*]}"
export SPARK_LOCAL_IP="${SPARK_LOCAL_IP:-127.0.0.1}"
build_if_missing
LOGCONF="$ROOT/conf/log4j2.properties"
if [[ -n "${SPARK_HOME:-}" ]]; then
  exec "$SPARK_HOME/bin/spark-submit" --master "$MASTER" \
    --properties-file "$ROOT/conf/spark-defaults.conf" \
    --driver-java-options "-Dlog4j2.configurationFile=$LOGCONF" \
    --class io.sparktune.cli.Main "$JAR" run --config "$CONFIG" "$@"
fi
# shellcheck disable=SC2046
exec java -Xmx3g $(jvm_opens) -Dlog4j2.configurationFile="$LOGCONF" \
  -cp "$JAR:$(cat "$CPFILE")" org.apache.spark.deploy.SparkSubmit \
  --master "$MASTER" --properties-file "$ROOT/conf/spark-defaults.conf" \
  --class io.sparktune.cli.Main "$JAR" run --config "$CONFIG" "$@"
