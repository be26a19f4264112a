#!/usr/bin/env bash
# Showcase questions over the graph built by `make demo`. The examples are
# picked from the graph itself (first repealing document, a task with a lead
# unit, first coal mine), so the script works for any bundled corpus.
set -euo pipefail
KG="$1"; STORE="$2"; OUT="$3"
mkdir -p "$OUT"
first() { "$KG" query "$1" --format csv --store "$STORE" | sed -n 2p; }
say() { printf '\n\033[1m== %s\033[0m\n$ %s\n' "$1" "$2"; }

say "Documents per issuer" "kg query 'MATCH (d:Document)-[:ISSUED_BY]->(a:Agency) RETURN a.city, a.name, count(d) …'"
"$KG" query "MATCH (d:Document)-[:ISSUED_BY]->(a:Agency) RETURN a.city AS city, a.name AS issuer, count(d) AS documents ORDER BY city, documents DESC, issuer" --store "$STORE"

DOC=$(first "MATCH (d:Document)-[:REPEALS]->(x:Document) RETURN d.doc_number ORDER BY d.doc_number LIMIT 1")
if [ -n "$DOC" ]; then
  say "What does $DOC cite and repeal?" "kg lineage '$DOC'"
  "$KG" lineage "$DOC" --store "$STORE"
fi

TASK=$(first "MATCH (a:Agency)-[:LEADS]->(t:Task)<-[:SUPPORTS]-(b:Agency) RETURN t.text ORDER BY t.doc_number, t.line LIMIT 1" \
  | "$(dirname "$KG")/python" -c 'import sys; print(sys.stdin.read().strip()[:8])')
if [ -n "$TASK" ]; then
  say "Who is responsible for “$TASK…”?" "kg who '$TASK'"
  "$KG" who "$TASK" --store "$STORE"
fi

MINE=$(first "MATCH (p:Person)-[:SUPERVISES]->(m:CoalMine) RETURN m.name ORDER BY m.name LIMIT 1")
if [ -n "$MINE" ]; then
  say "Which leaders are 挂牌 to $MINE, on whose authority, valid when?" "kg chain '$MINE'"
  "$KG" chain "$MINE" --store "$STORE"
  if "$KG" render --help >/dev/null 2>&1; then
    say "Graph view of that supervision chain" "kg render --question chain '$MINE' --out $OUT/demo.html"
    "$KG" render --question chain "$MINE" --out "$OUT/demo.html" --store "$STORE"
  fi
fi
printf '\nOpen %s/demo.html in a browser (works offline).\n' "$OUT"
