#!/usr/bin/env bash
# `make demo`: ingest the demo corpus into a fresh store, code it, print events by dyad and
# QuadClass, write events.csv; with UN votes given, import them; ask and write report.html.
set -euo pipefail
DB="${1:-demo-out/demo.duckdb}"
UNVOTES="${2:-}"
G=".venv/bin/geostance"
mkdir -p "$(dirname "$DB")"
rm -f "$DB" "$DB.wal"

echo "== ingest examples/demo into $DB"
$G --db "$DB" ingest examples/demo --exclude README.md
echo
echo "== events by dyad and QuadClass"
$G --db "$DB" dyads --min-events 2
$G --db "$DB" export --format csv --out events.csv
if [ -n "$UNVOTES" ] && [ -d "$UNVOTES" ]; then
  echo
  echo "== import UN votes from $UNVOTES"
  $G --db "$DB" votes import "$UNVOTES"
fi
if $G ask --help >/dev/null 2>&1; then
  echo
  echo "== geostance ask \"Does Russia support Palestine?\""
  $G --db "$DB" ask "Does Russia support Palestine?"
  $G --db "$DB" report RUS PSE --out report.html
  echo "wrote events.csv and report.html"
else
  echo "wrote events.csv"
fi
