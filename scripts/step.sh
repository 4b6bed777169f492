#!/usr/bin/env bash
# One step of make demo / make check, told in one line: what it does and
# where its output goes.  The output itself goes to LOG (overwritten), so a
# new user sees kilde's own lines rather than apt's and the compiler's; on
# failure the end of LOG is shown, with its path.
#   scripts/step.sh LOG WHAT COMMAND...
set -u
log=$1 what=$2
shift 2
mkdir -p "$(dirname "$log")"
printf 'kilde: %s … (log: %s) ' "$what" "$log"
start=$SECONDS
if "$@" >"$log" 2>&1 </dev/null; then
  # make says only this when there was nothing to build
  if [ -s "$log" ] && ! grep -qv 'Nothing to be done for' "$log"; then
    echo "nothing to do"
  else
    echo "done, $((SECONDS - start)) s"
  fi
  exit 0
fi
echo "failed"
echo "--- the last 40 lines of $log:"
tail -n 40 "$log"
echo "---"
echo "kilde: $what failed; the whole output is in $log"
exit 1
