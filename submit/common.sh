# Shared by the launch scripts: locate the project, build the jars and the classpath if missing,
# and start io.sparktune.cli.Main under spark-submit.
# shellcheck shell=bash
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
JAR="$ROOT/target/sparktune.jar"          # thin library jar: for the Maven classpath
APPJAR="$ROOT/target/sparktune-app.jar"   # application jar: for a Spark distribution
CPFILE="$ROOT/target/classpath.txt"
LOGCONF="$ROOT/conf/log4j2.properties"

build_if_missing() {
  if [[ ! -f "$JAR" || ! -f "$APPJAR" || ! -f "$CPFILE" ]]; then
    echo "Building $JAR (first run; Maven downloads Spark once, about 400 MB) ..." >&2
    (cd "$ROOT" && mvn -B -q -DskipTests package) >&2
  elif [[ -n "$(find "$ROOT/pom.xml" "$ROOT/src/main" -newer "$APPJAR" -print -quit)" ]]; then
    # a pull or an edit since the last build: never run a stale jar
    echo "Rebuilding $JAR (sources changed since it was built) ..." >&2
    (cd "$ROOT" && mvn -B -q -o -DskipTests package || mvn -B -q -DskipTests package) >&2
  fi
}

# The JVM flags Spark's own launcher passes on Java 17 (JavaModuleOptions); a driver started with
# plain java needs them, executors get them from Spark.
jvm_opens() {
  sed -n 's:.*<spark.jvm.opens>\(.*\)</spark.jvm.opens>.*:\1:p' "$ROOT/pom.xml"
}

# JARS: the user's jars, comma-separated, for every launcher's spark-submit --jars. Spark puts them
# on the driver's class path (its MutableURLClassLoader, the main thread's context class loader)
# and ships them to the executors.
JARS_ARGS=()
if [[ -n "${JARS:-}" ]]; then JARS_ARGS=(--jars "$JARS"); fi

# HADOOP_CONF_DIR and YARN_CONF_DIR go first on the class path of a driver started with plain
# java, as bin/spark-submit puts them on its: hdfs:///path then means the cluster's FileSystem,
# with its settings, and master yarn finds the ResourceManager.
DRIVER_CP=""
for d in "${HADOOP_CONF_DIR:-}" "${YARN_CONF_DIR:-}"; do
  [[ -n "$d" ]] && DRIVER_CP="${DRIVER_CP:+$DRIVER_CP:}$d"
done
# Set by a script after sourcing: the log4j2 file a spark-submit driver reads (submit/yarn.sh in
# cluster mode: the base name of the copy shipped with --files).
DRIVER_LOGCONF="$LOGCONF"

# submit_main USE_SPARK_HOME XMX SPARK_SUBMIT_OPTION... -- MAIN_ARG...
# Runs io.sparktune.cli.Main and does not return. USE_SPARK_HOME=1: $SPARK_HOME/bin/spark-submit
# with the application jar (a distribution has only Spark's own jars); otherwise SparkSubmit in a
# java started from the Maven classpath with the thin jar, no distribution needed.
submit_main() {
  local use_home="$1" xmx="$2"; shift 2
  local opts=()
  while [[ $# -gt 0 && "$1" != "--" ]]; do opts+=("$1"); shift; done
  [[ $# -gt 0 ]] && shift
  opts+=("${JARS_ARGS[@]}" --properties-file "$ROOT/conf/spark-defaults.conf")
  if [[ "$use_home" == 1 ]]; then
    exec "$SPARK_HOME/bin/spark-submit" "${opts[@]}" \
      --driver-java-options "-Dlog4j2.configurationFile=$DRIVER_LOGCONF" \
      --class io.sparktune.cli.Main "$APPJAR" "$@"
  fi
  # shellcheck disable=SC2046
  exec java "-Xmx$xmx" $(jvm_opens) -Dlog4j2.configurationFile="$LOGCONF" \
    -cp "${DRIVER_CP:+$DRIVER_CP:}$JAR:$(cat "$CPFILE")" org.apache.spark.deploy.SparkSubmit "${opts[@]}" \
    --class io.sparktune.cli.Main "$JAR" "$@"
}
