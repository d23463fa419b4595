#!/usr/bin/env bash
# Runs the browser tests (tests/e2e) as on a machine that has only Node and npm: in a private mount
# namespace, Debian's chromium, poppler's tools (pdftotext, pdfinfo, pdftoppm, …), the NSS libraries and
# every system CJK font are hidden, so the tests must use the Chromium, the PDF reader and the font that
# `npm ci` installs.
# Needs root (unshare -m, mount). Extra arguments go to vitest; `--` runs a command instead (for checks).
# Prints vitest's report, then "without-system-deps: N passed, N failed"; exits non-zero when anything failed.
set -euo pipefail
cd "$(dirname "$0")/../.."

if [ "${DUTY_MAP_DEPS_HIDDEN:-}" != 1 ]; then
  if [ "$(id -u)" != 0 ]; then
    echo "run-without-system-deps: needs root for unshare -m and mount" >&2
    exit 2
  fi
  exec env DUTY_MAP_DEPS_HIDDEN=1 unshare --mount --propagation private bash "$0" "$@"
fi

scratch=$(mktemp -d)
mount -t tmpfs duty-map-hidden "$scratch"
hide_files() { # hide_files DIR NAME…: DIR stays, the named entries are gone (an overlay with whiteouts)
  local dir=$1 upper work
  shift
  upper=$(mktemp -d -p "$scratch") work=$(mktemp -d -p "$scratch")
  mount -t overlay duty-map-hidden -o "lowerdir=$dir,upperdir=$upper,workdir=$work" "$dir"
  for name in "$@"; do rm -rf "${dir:?}/$name"; done
}
hide_dir() { [ -d "$1" ] && mount -t tmpfs duty-map-hidden "$1" || true; }

# Debian's chromium (the wrapper in /usr/bin and the browser in /usr/lib/chromium).
mapfile -t chromium_bins < <(cd /usr/bin && ls -d chromium* 2>/dev/null || true)
# poppler-utils: pdftotext, pdfinfo, pdftoppm and the rest.
mapfile -t poppler_bins < <(cd /usr/bin && ls -d pdf* 2>/dev/null || true)
hide_files /usr/bin "${chromium_bins[@]}" "${poppler_bins[@]}"
hide_dir /usr/lib/chromium
# NSS and NSPR, which a machine gets with Debian's chromium and otherwise usually lacks.
libdir=/usr/lib/$(uname -m)-linux-gnu
mapfile -t nss_libs < <(cd "$libdir" 2>/dev/null && ls -d libnss3* libnssutil3* libnssckbi* libnssdbm3* libnspr4* libplc4* libplds4* libsmime3* libsoftokn3* libfreebl* nss 2>/dev/null || true)
[ "${#nss_libs[@]}" -gt 0 ] && hide_files "$libdir" "${nss_libs[@]}"
# Every folder that holds a font covering Chinese, Japanese or Korean, and fontconfig's caches of them.
mapfile -t cjk_dirs < <(fc-list ':lang=zh' file; fc-list ':lang=ja' file; fc-list ':lang=ko' file) || true
for dir in $(printf '%s\n' "${cjk_dirs[@]}" | sed -n 's#^\(.*\)/[^/]*: *$#\1#p' | sort -u); do hide_dir "$dir"; done
hide_dir /var/cache/fontconfig
hide_dir "${HOME:-/root}/.cache/fontconfig"

# Prove the hiding worked before trusting a green run.
for tool in chromium pdftotext pdfinfo pdftoppm; do
  if command -v "$tool" >/dev/null 2>&1; then
    echo "run-without-system-deps: $tool is still visible" >&2
    exit 1
  fi
done
if [ -e /usr/lib/chromium/chromium ] || [ -e "$libdir/libnss3.so" ] || [ -n "$(fc-list ':lang=zh' family)" ]; then
  echo "run-without-system-deps: Debian's chromium, libnss3 or a CJK font is still visible" >&2
  exit 1
fi
echo "run-without-system-deps: hidden /usr/bin/{${chromium_bins[*]} ${poppler_bins[*]}}, /usr/lib/chromium, $libdir/{${nss_libs[*]}}, CJK fonts and font caches"

if [ "${1:-}" = -- ]; then
  shift
  exec "$@"
fi

report=test-results/vitest-without-system-deps.json
rm -f "$report"
status=0
VITEST_JSON_REPORT="$report" npx vitest run tests/e2e "$@" || status=$?
echo "without-system-deps: $(node .ci/summary.mjs "$status" "$report")"
exit "$status"
