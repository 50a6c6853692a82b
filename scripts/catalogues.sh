#!/usr/bin/env bash
# Brings every language's catalogue (cjm_site/locales/*.po) up to date with the page strings
# of the code and templates (babel.cfg): new strings arrive empty (shown in English until
# translated), strings no longer used are dropped. tests/test_language.py fails while a
# catalogue lacks a translation.
set -euo pipefail
cd "$(dirname "$0")/.."
python=${PYTHON:-.venv/bin/python}
template=$(mktemp --suffix=.pot)
trap 'rm -f "$template"' EXIT
"$python" -m babel.messages.frontend extract -F babel.cfg -k N_ --no-location \
  --sort-output -w 100 -o "$template" cjm_site
for po in cjm_site/locales/*.po; do
  language=$(basename "$po" .po)
  "$python" -m babel.messages.frontend update --no-fuzzy-matching --ignore-obsolete \
    --ignore-pot-creation-date -w 100 -l "$language" -i "$template" -o "$po"
done
