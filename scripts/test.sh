#!/usr/bin/env bash
# Installs what the tests need on Debian (a virtualenv, the package with its test extras,
# Debian's Chromium and a font for the browser tests) and runs the whole suite against the
# package as a wheel built from this checkout installs it (never the work tree itself).
set -euo pipefail
cd "$(dirname "$0")/.."

missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
[ -d /usr/share/fonts/truetype/dejavu ] || missing+=(fonts-dejavu-core)
python3 -c "import ensurepip" >/dev/null 2>&1 || missing+=(python3-venv)
command -v git >/dev/null 2>&1 || missing+=(git)
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then apt_get="apt-get"; else apt_get="sudo apt-get"; fi
  $apt_get update -qq
  DEBIAN_FRONTEND=noninteractive $apt_get install -y -qq "${missing[@]}" >/dev/null
fi

# The browser tests drive Debian's Chromium: Playwright must never fetch a browser of its own.
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
export CJM_CHROMIUM="${CJM_CHROMIUM:-$(command -v chromium)}"

python3 -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip
# A fresh wheel (no stale build/ or egg-info, which would add files the package data misses),
# installed over whatever was there before.
rm -rf build dist ./*.egg-info
.venv/bin/python -m pip wheel -q --no-deps -w dist .
wheel=$(ls dist/cjm_site-*.whl)
.venv/bin/python -m pip install -q --force-reinstall --no-deps "$wheel"
.venv/bin/python -m pip install -q "$wheel[test]"
rm -rf build ./*.egg-info

# PYTHONSAFEPATH: neither pytest nor any `python -m ...` the tests start may import the
# package from the work tree instead of the installed wheel.
export CJM_WHEEL="$PWD/$wheel"
PYTHONSAFEPATH=1 NO_MKDOCS_2_WARNING=1 .venv/bin/pytest -q "$@"
