#!/usr/bin/env bash
# Build the one-folder frozen app on Linux, then run its self-test:
#
#     installer/build-linux.sh            -> dist/coordinator/coordinator
#     installer/build-linux.sh OUT        -> OUT/dist/coordinator/coordinator (OUT/build too)
#
# The same spec builds the Windows folder on a Windows runner
# (.github/workflows/windows-installer.yml); here it proves the spec, the bundled data and
# the native libraries work without Python installed. Prints the build time, the folder's
# size and the self-test's result; build/self-test.json keeps the self-test's report.
# With OUT (the tests give a temporary folder) nothing is written into the checkout.
# Exit 0 only when the build and every self-test step pass.
set -euo pipefail
cd "$(dirname "$0")/.."

./scripts/setup  # the app's lock and requirements/build.txt (PyInstaller), both hash-pinned

out="${1:-.}"
mkdir -p "$out/build"
dist="$out/dist"
work="$out/build/pyinstaller"
report="$out/build/self-test.json"
started=$(date +%s.%N)
.venv/bin/pyinstaller --noconfirm --clean --log-level WARN \
  --distpath "$dist" --workpath "$work" installer/coordinator.spec
finished=$(date +%s.%N)

folder="$dist/coordinator"
program="$folder/coordinator"
seconds=$(awk -v a="$started" -v b="$finished" 'BEGIN { printf "%.1f", b - a }')
bytes=$(du -sb "$folder" | cut -f1)
files=$(find "$folder" -type f | wc -l)
echo "Build time: ${seconds} s"
echo "Folder: $folder, $(awk -v b="$bytes" 'BEGIN { printf "%.1f", b / 1048576 }') MiB in $files files"

# Offscreen: the self-test needs no screen, and CI has none. A private temporary home, so
# the build's own check leaves nothing in the real user folders (logs, unlock throttle).
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
status=0
env QT_QPA_PLATFORM=offscreen XDG_DATA_HOME="$scratch/data" XDG_STATE_HOME="$scratch/state" \
  XDG_CACHE_HOME="$scratch/cache" XDG_CONFIG_HOME="$scratch/config" \
  "$program" self-test --json >"$report" || status=$?
.venv/bin/python - "$report" <<'EOF'
import json, sys
report = json.load(open(sys.argv[1]))
for step in report["steps"]:
    print(f"  {'ok  ' if step['ok'] else 'FAIL'}  {step['name']} ({step['seconds']:.2f} s): {step['detail']}")
print(f"Self-test {'passed' if report['ok'] else 'FAILED'} in {report['seconds']:.2f} s (frozen: {report['frozen']})")
EOF
exit "$status"
