#!/usr/bin/env bash
# Runtime overhead per step: 10,000 steps with a scripted model and a no-op tool, at
# three context windows (the prompt, and so the request each step serialises, grows
# with the window). Prints one JSON object per window and writes them to
# bench/results/loop.json; see docs/BENCHMARKS.md.
#
# BEFORE=path/to/another/bench-loop (a build of an earlier commit) runs it too, window by
# window, interleaved with this build ROUNDS times (default 1), so both see the same load;
# each object then says which build it came from.
#
# RESULT_CHARS="1000 2000" has the tool return that many characters instead of "ok" (what
# a search or a page read returns), with WINDOWS="8192 32768" and OUT=another file.
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release --product bench-loop >&2
builds=(".build/release/bench-loop")
[ -n "${BEFORE:-}" ] && builds+=("$BEFORE")
for chars in ${RESULT_CHARS:-0}; do
  for window in ${WINDOWS:-2048 8192 32768}; do
    for _ in $(seq "${ROUNDS:-1}"); do
      for binary in "${builds[@]}"; do
        out="${TMPDIR:-/tmp}/bench-loop-$window.jsonl"
        label=$([ "$binary" = ".build/release/bench-loop" ] && echo this || echo before)
        args=("${STEPS:-10000}" "$window" "$out")
        [ "$chars" != 0 ] && args+=("$chars")
        "$binary" "${args[@]}" | python3 -c "import json,sys; d=json.load(sys.stdin); d['build']='$label'; print(json.dumps(d, sort_keys=True))"
        rm -f "$out"
      done
    done
  done
done | tee "${OUT:-bench/results/loop.json}"
