#!/usr/bin/env bash
# Regenerates the course guide's numbers: runs docs/guide/measure/NN-*.sh for the listed sections,
# or for all of them, in order, from the repo root, each under the shared heavy-job lock when
# flock is there (one heavy job at a time on a shared machine).
#   docs/guide/measure.sh            # every section that measures
#   docs/guide/measure.sh 03 04      # sections 03 and 04
# Each script writes its raw results under target/guide/NN/ and prints the Markdown table rows that
# the section quotes; this driver keeps each one's output in target/guide/NN.md too.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
LOCK="${LOCK:-/tmp/sparktune-heavy.lock}"
scripts=()
if [[ $# -eq 0 ]]; then
  for s in docs/guide/measure/[0-9][0-9]-*.sh; do scripts+=("$s"); done
else
  for nn in "$@"; do
    if [[ ! "$nn" =~ ^[0-9][0-9]$ ]]; then
      echo "error: a section must be two digits such as 03, but got '$nn'" >&2; exit 2
    fi
    found=(docs/guide/measure/"$nn"-*.sh)
    if [[ ! -f "${found[0]}" ]]; then
      echo "error: section $nn must have a script docs/guide/measure/$nn-*.sh, but there is none (sections with one: $(ls docs/guide/measure | sed -n 's/^\([0-9][0-9]\)-.*\.sh$/\1/p' | tr '\n' ' '))" >&2
      exit 2
    fi
    scripts+=("${found[@]}")
  done
fi
mkdir -p target/guide
for s in "${scripts[@]}"; do
  nn="$(basename "$s" | cut -c1-2)"
  echo "== $s ($(date -u '+%F %T UTC'), load $(cut -d' ' -f1-3 /proc/loadavg))"
  if command -v flock > /dev/null; then
    flock "$LOCK" bash "$s" | tee "target/guide/$nn.md"
  else
    bash "$s" | tee "target/guide/$nn.md"
  fi
done
