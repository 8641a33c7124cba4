# Shared by the launch scripts: locate the project, build the jar and the classpath if missing.
# shellcheck shell=bash
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
JAR="$ROOT/target/sparktune.jar"
CPFILE="$ROOT/target/classpath.txt"

build_if_missing() {
  if [[ ! -f "$JAR" || ! -f "$CPFILE" ]]; then
    echo "Building $JAR (first run; Maven downloads Spark once, about 400 MB) ..." >&2
    (cd "$ROOT" && mvn -B -q -DskipTests package) >&2
  elif [[ -n "$(find "$ROOT/pom.xml" "$ROOT/src/main" -newer "$JAR" -print -quit)" ]]; then
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
