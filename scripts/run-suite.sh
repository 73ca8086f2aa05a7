#!/usr/bin/env bash
# Runs the built test suite (`swift test --skip-build`, extra arguments passed on) so that
# it always ends, and says why when it had to be stopped:
# - Output is line-buffered and kept in .build/test-output.log while it is shown: a pipe
#   would otherwise hold the last few kilobytes back, and a stopped run would lose the
#   lines that name the test it stopped in.
# - A suite still running after RESEARCH_AGENT_TEST_TIMEOUT seconds (default 1200; a
#   whole run takes about a minute) is stopped after printing the tests that never ended,
#   every thread's stack (with gdb, when installed) and the processes it had started.
# - A failed run ends by repeating what failed and the tests a crash cut short. When
#   only a few tests failed (no crash, no hang), they run once more alone: passing then,
#   they are reported as flaky and the run passes; failing again, the run fails.
# - The suite runs in a session of its own. Processes a test left behind are listed and
#   killed, so none of them keeps this script's output open after it exits.
set -uo pipefail
cd "$(dirname "$0")/.."
limit=${RESEARCH_AGENT_TEST_TIMEOUT:-1200}
if ! [[ $limit =~ ^[0-9]+$ ]] || [ "$limit" -eq 0 ]; then
  echo "test: RESEARCH_AGENT_TEST_TIMEOUT must be a whole number of seconds, not '$limit'" >&2
  exit 2
fi
log=.build/test-output.log
mkdir -p .build
: >"$log"

# Not a job-control shell, so the background job is no group leader and setsid makes it
# the leader of a new session without forking: its pid is the session id.
setsid stdbuf -oL -eL swift test --skip-build "$@" >"$log" 2>&1 &
suite=$!
# The suite's session does not get this script's Ctrl-C or SIGTERM: pass them on.
trap 'pkill -TERM -s "$suite" 2>/dev/null; sleep 2; pkill -KILL -s "$suite" 2>/dev/null; exit 130' INT TERM HUP
tail -n +1 -f --pid="$suite" "$log" &
viewer=$!

# The tests the log shows as started but not as passed, failed or skipped.
unfinished() {
  local started ended
  # A parameterised test ends "with N test cases passed"; its cases start lines of their own.
  started=$(sed -n '/ Test case /d; s/^.* Test \(.*(.*)\) started\.$/\1/p' "$log" | sort -u)
  ended=$(sed -n 's/^.* Test \(.*)\)\( with [0-9]* test cases\?\)\? \(passed\|failed\|skipped\).*$/\1/p' "$log" | sort -u)
  comm -23 <(echo "$started") <(echo "$ended") | sed 's/^/  /'
}

SECONDS=0
while kill -0 "$suite" 2>/dev/null && [ "$SECONDS" -lt "$limit" ]; do sleep 1; done

if kill -0 "$suite" 2>/dev/null; then
  sleep 2  # let the viewer show what the log holds so far
  {
    echo "test: the suite was still running after $limit s and is stopped here."
    echo "test: tests that started and never ended:"
    unfinished
    echo "test: processes of the suite:"
    ps -s "$suite" -o pid,ppid,etimes,stat,args --forest | cut -c1-240
    binary=$(pgrep -s "$suite" -f 'PackageTests.xctest' | head -1)
    stacks=""
    if [ -n "$binary" ] && command -v gdb >/dev/null 2>&1; then
      stacks=$(timeout 120 gdb -p "$binary" -batch -ex 'thread apply all bt 30' 2>/dev/null | grep -E '^(Thread|#)' | cut -c1-240)
    fi
    if [ -n "$stacks" ]; then
      echo "test: stacks of the test process ($binary):"
      echo "$stacks"
    else
      echo "test: no stacks of the test process (gdb is not installed, or it could not attach)"
    fi
  } >&2
  pkill -KILL -s "$suite" 2>/dev/null
  wait "$suite" 2>/dev/null
  wait "$viewer" 2>/dev/null
  exit 1
fi

wait "$suite"
status=$?
wait "$viewer" 2>/dev/null

# A local server's guard takes a second to stop its server once the suite is gone.
for _ in 1 2 3 4 5; do
  pgrep -s "$suite" >/dev/null || break
  sleep 1
done
if pgrep -s "$suite" >/dev/null; then
  echo "test: these processes outlived the suite and are killed now:" >&2
  ps -s "$suite" -o pid,etimes,args | cut -c1-240 >&2
  pkill -KILL -s "$suite" 2>/dev/null
fi
# A failing run ends with what failed, so the last lines of its output (all that a CI
# summary may keep) name the tests and their messages.
if [ "$status" -ne 0 ]; then
  {
    echo "test: the suite failed (exit $status). What failed:"
    grep -E '✘|error: |Fatal error|signal code' "$log" | cut -c1-400 | head -80
    echo "test: tests that started and never ended (a crash stops the run inside them):"
    unfinished
  } >&2
  # A few failed tests, with no crash or hang, are run once more on their own. Tests that
  # pass then are reported as flaky, loudly, and do not fail the run; a test that fails
  # again does. Many failures, or a crash, are a broken build: no second run.
  failed=$(sed -n '/^✘ Test run with /d; s/^✘ Test \(.*\) failed after.*$/\1/p' "$log" | sort -u)
  count=$(printf '%s\n' "$failed" | grep -c . || true)
  if [ "$count" -ge 1 ] && [ "$count" -le 3 ] && [ -z "$(unfinished)" ]; then
    filter=$(printf '%s\n' "$failed" | sed 's/(.*$//; s/^/\//; s/$/\\(/' | paste -sd'|')
    echo "test: running the $count failed test(s) once more, alone ($filter):" >&2
    if timeout "$limit" stdbuf -oL -eL swift test --skip-build --filter "$filter" 2>&1 | tee .build/test-retry.log; then
      {
        echo "test: FLAKY: these tests failed in the full run and passed alone; fix them:"
        printf '%s\n' "$failed" | sed 's/^/  /'
      } >&2
      status=0
    else
      echo "test: the failed tests failed again on their own: the suite fails." >&2
    fi
  fi
fi
exit "$status"
