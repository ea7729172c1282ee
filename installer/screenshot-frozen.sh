#!/usr/bin/env bash
# Screenshots of the FROZEN app (dist/coordinator, from installer/build-linux.sh) on a real
# X server, as a person sees it: the unlock screen of a demo vault, the app unlocked, and
# the dashboard (its charts prove matplotlib is in the build).
#
#     xvfb-run -a -s "-screen 0 1280x800x24" installer/screenshot-frozen.sh [OUT-DIR]
#
# Needs xdotool and ImageMagick's `import` (Debian: apt-get install xdotool imagemagick).
# Uses a private temporary home: the demo vault it makes is removed afterwards.
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-docs/screenshots}"
program="$PWD/dist/coordinator/coordinator"
[ -x "$program" ] || { echo "Build first: installer/build-linux.sh" >&2; exit 1; }
[ -n "${DISPLAY:-}" ] || { echo "Run under an X server (xvfb-run -a ...)." >&2; exit 1; }

home=$(mktemp -d)
app=""
cleanup() {
  [ -z "$app" ] || kill "$app" 2>/dev/null || true
  rm -rf "$home"
}
trap cleanup EXIT
export XDG_DATA_HOME="$home/data" XDG_STATE_HOME="$home/state" \
  XDG_CONFIG_HOME="$home/config" XDG_CACHE_HOME="$home/cache"
unset QT_QPA_PLATFORM

passphrase=$("$program" demo --json | sed -n 's/.*"passphrase": "\(.*\)".*/\1/p')
"$program" --demo &
app=$!

window=""
for _ in $(seq 1 120); do
  window=$(xdotool search --onlyvisible --name '^Coordinator' 2>/dev/null | head -1 || true)
  [ -n "$window" ] && break
  sleep 0.5
done
[ -n "$window" ] || { echo "The app's window did not appear." >&2; exit 1; }
sleep 2  # let the first paint finish
mkdir -p "$out"
import -window "$window" "$out/frozen-unlock.png"
echo "$out/frozen-unlock.png"

xdotool windowactivate --sync "$window" 2>/dev/null || xdotool windowfocus --sync "$window"
xdotool type --delay 20 "$passphrase"
xdotool key Return
sleep 6  # unlocking derives the key (Argon2id) and opens the first page
import -window "$window" "$out/frozen-unlocked.png"
echo "$out/frozen-unlocked.png"

xdotool key ctrl+2  # View > Dashboard: its charts need matplotlib inside the build
sleep 6
import -window "$window" "$out/frozen-dashboard.png"
echo "$out/frozen-dashboard.png"
