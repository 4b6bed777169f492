#!/usr/bin/env bash
# make check's crash loop: tests/crash/crashloop.sh (make crashloop: 50
# kills over 3,000 files) made small, 6 kills over 200 files in chains of
# at most 3 (3 kills over 150 files under the sanitizers, whose runs take
# 2-3 times as long), so it stays well under two minutes on a loaded
# machine.  Every assertion holds at any
# kill moment: the index opens, no unit twice, each completed run gives the
# reference index.
export CRASH_CHAIN=${CRASH_CHAIN:-3}
export CRASH_SEED=${CRASH_SEED:-1}
if [ -n "${KILDE_SANITIZED:-}" ]; then
  export CRASH_KILLS=${CRASH_KILLS:-3} CRASH_FILES=${CRASH_FILES:-150}
  # a SIGKILLed process reports no leaks; the clean runs are checked as ever
else
  export CRASH_KILLS=${CRASH_KILLS:-6} CRASH_FILES=${CRASH_FILES:-200}
fi
source "$(dirname "$0")/crashloop.sh"
