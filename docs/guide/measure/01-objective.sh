#!/usr/bin/env bash
# Section 01 (the objective): builds examples/course-objective as the guide shows (sparktune's jar
# into the local Maven repository with install:install-file, then the example's own pom), runs
# LocalStudy (Study.optimize in a plain java command) and the same objective on Spark with JARS=.
#   docs/guide/measure/01-objective.sh
# Raw results: target/guide/01/ (local.txt, spark.txt, spark/summary.json, uptime.txt); prints
# the table rows in Markdown.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../../.."
RAW=target/guide/01
rm -rf "$RAW"; mkdir -p "$RAW"
if [[ ! -f target/sparktune.jar || ! -f target/classpath.txt ]]; then
  mvn -B -q -DskipTests package
fi
mvn -B -q install:install-file -Dfile=target/sparktune.jar -DpomFile=pom.xml
mvn -B -q -o -f examples/course-objective/pom.xml package || mvn -B -q -f examples/course-objective/pom.xml package
{ date -u '+start %F %T UTC'; uptime; } > "$RAW/uptime.txt"
t0=$(date +%s.%N)
java -Dlog4j2.configurationFile=conf/log4j2.properties \
  -cp "examples/course-objective/target/course-objective.jar:target/sparktune.jar:$(cat target/classpath.txt)" \
  com.example.course.LocalStudy > "$RAW/local.txt" 2>&1
t1=$(date +%s.%N)
JARS=examples/course-objective/target/course-objective.jar \
  submit/local.sh examples/course-objective/digits-softmax.yaml --output "$RAW/spark" > "$RAW/spark.txt" 2>&1
t2=$(date +%s.%N)
{ date -u '+end %F %T UTC'; uptime; } >> "$RAW/uptime.txt"
echo "| run | trials | best CV accuracy | best params | study wall s | command wall s |"
echo "| --- | --- | --- | --- | --- | --- |"
sed -n 's/^Best trial \([0-9]*\): CV accuracy \([0-9.]*\) with \(.*\) (\([0-9]*\) trials in \([0-9.]*\) s)$/| LocalStudy (Study.optimize, 1 thread) | \4 | \2 | \3 (trial \1) | \5 |/p' "$RAW/local.txt" | sed "s/\$/ $(echo "$t1 - $t0" | bc) |/"
jq -r --arg cw "$(echo "$t2 - $t1" | bc)" '"| submit/local.sh + JARS (Spark tasks, \(.execution.slots) slots) | \(.counts.COMPLETE) | \(.bestValue*10000|round/10000) | \(.bestParams|tostring) (trial \(.bestTrial)) | \(.wallSeconds) | \($cw) |"' "$RAW/spark/summary.json"
cat "$RAW/uptime.txt"
