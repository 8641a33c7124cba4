#!/usr/bin/env bash
# Runs a study in Spark local mode: submit/local.sh CONFIG [run options]
#   submit/local.sh conf/digits.yaml --sampler random --n-trials 20
# Without SPARK_HOME it needs no Spark distribution: it builds the jars if missing and runs Spark's
# SparkSubmit from the Maven classpath with target/sparktune.jar. With SPARK_HOME set it uses
# $SPARK_HOME/bin/spark-submit with target/sparktune-app.jar (which carries what a distribution
# lacks). MASTER (default local[*]) picks the local master; JARS (comma-separated user jars) are
# passed as --jars. submit/sparktune runs the other verbs.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
if [[ $# -lt 1 || "$1" == -* ]]; then
  echo "usage: submit/local.sh CONFIG [--n-trials N] [--sampler grid|random|tpe] [--seed N] [--output DIR] [--engine local|mllib]" >&2
  exit 2
fi
CONFIG="$1"; shift
export SPARK_LOCAL_IP="${SPARK_LOCAL_IP:-127.0.0.1}"
build_if_missing
submit_main "$([[ -n "${SPARK_HOME:-}" ]] && echo 1 || echo 0)" 3g \
  --master "${MASTER:-local[*]}" -- run --config "$CONFIG" "$@"
