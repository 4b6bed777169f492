# Assertions for the shell tests; source it, call the checks, end with `report`.
# Each check prints nothing on success and the expectation beside the actual
# value on failure, like tests/testhelp.h.
t_passed=0 t_failed=0
KILDE_BIN=${KILDE_BIN:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../bin" && pwd)}
TMP=$(mktemp -d "${TMPDIR:-/tmp}/kilde-test.XXXXXX")
trap 'rm -rf "$TMP"' EXIT

pass() { t_passed=$((t_passed + 1)); }
fail() { t_failed=$((t_failed + 1)); echo "FAIL ${FUNCNAME[2]:-}: $*" >&2; }

check_eq() { # actual expected description
  if [ "$1" = "$2" ]; then pass; else fail "$3: expected '$2', got '$1'"; fi
}
check_contains() { # haystack needle description
  case "$1" in *"$2"*) pass ;; *) fail "$3: '$2' not in: $(printf '%s' "$1" | head -c 600)" ;; esac
}
check_not_contains() {
  case "$1" in *"$2"*) fail "$3: '$2' should not be in: $(printf '%s' "$1" | head -c 600)" ;; *) pass ;; esac
}
json_get() { # json key → value (numbers and strings), with python3
  python3 -c 'import json,sys; d=json.loads(sys.argv[1]); v=d
for k in sys.argv[2].split("."): v=v[int(k)] if isinstance(v,list) else v.get(k)
print("" if v is None else v)' "$1" "$2"
}
report() { echo "$t_passed passed, $t_failed failed"; [ "$t_failed" -eq 0 ]; }
