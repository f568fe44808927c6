#!/usr/bin/env bash
# Ground truth cannot reach a strategy by construction: the headers a strategy is built from
# (rig/strategy.hpp, rig/core_strategy.hpp and everything they include) may name only the sim
# headers that describe what a real device has: its sensor readings, its actuators and their
# datasheet parts, a scripted timeline, and the host's exercise schedule. Not the plant, the
# person, the limb, the cuff model or the scenario.
# Usage: strategy_sees_no_truth.sh CXX SOURCE_DIR
set -euo pipefail
cxx=$1 src=$2/src
allowed='^sim/(readings|device_parts|orifice|timeline|exercise)\.hpp$'
status=0
for header in rig/strategy.hpp rig/core_strategy.hpp rig/strategy_brief.hpp rig/two_channel_strategy.hpp; do
  deps=$("$cxx" -std=c++20 -x c++ -I "$src" -MM "$src/$header" | tr ' \\' '\n\n' | grep -o 'src/sim/[a-z_]*\.hpp' | sed 's|^src/||' | sort -u)
  [ -n "$deps" ] || { echo "$header: found no sim header at all (is the check still reading the include closure?)"; status=1; }
  for d in $deps; do
    if [[ ! $d =~ $allowed ]]; then echo "$header reaches $d: a strategy could see ground truth"; status=1; fi
  done
  echo "$header: sim headers $(echo $deps | tr '\n' ' ')"
done
exit $status
