#!/usr/bin/env bash
# Guide section 07: copies the plots that report.html embeds (the SVGs each run writes under
# <output>/plots/) from section 05's runs into docs/guide/img/, and prints what the importance plot
# and the timeline say. Run 05-network.sh first; from the repo root: docs/guide/measure/07-visualizations.sh
set -euo pipefail
cd "$(dirname "$0")/../../.."
SRC=target/guide/05
IMG=docs/guide/img
mkdir -p "$IMG" target/guide/07
for p in history intermediate parallel importance timeline; do
  cp "$SRC/median/plots/$p.svg" "$IMG/07-median-$p.svg"
done
cp "$SRC/asha/plots/timeline.svg" "$IMG/07-asha-timeline.svg"
cp "$SRC/asha/plots/intermediate.svg" "$IMG/07-asha-intermediate.svg"
ls -l "$IMG"/07-*.svg | awk '{print $5, $9}' | tee target/guide/07/sizes.txt
python3 - "$SRC" <<'PY'
import re, sys
src = sys.argv[1]
for v in ("median", "asha", "none"):
    svg = open(f"{src}/{v}/plots/importance.svg").read()
    texts = [re.sub("<[^>]+>", "", t) for t in re.findall(r"<text[^>]*>.*?</text>", svg)]
    print(v, "importance plot labels:", " | ".join(texts[1:]))
PY
