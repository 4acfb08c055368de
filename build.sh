#!/usr/bin/env bash
# ActivityFlow's two entry points:
#   ./build.sh demo   build the sample service against the freshly packed packages, print the analyzers' findings,
#                     run its scenario as written and after `dotnet format analyzers`, and print the traces each exported
#   ./build.sh test   install what the tests need when missing (Spotlight, from npm) and run every test project
set -euo pipefail
cd "$(dirname "$0")"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

step() { printf '\n==> %s\n' "$*"; }

# Every rule with a fix; the sample has one finding of each (its .editorconfig makes ACTX301 a warning, so
# `dotnet format` fixes it with the default severity).
FIXABLE_RULES=$(grep -v '^#' src/ActivityFlow.CodeFixes/FixableRules.txt | tr '\n' ' ')

# Packs a project into artifacts/packages unless its package is newer than every input, and drops the sample's
# restored copy of an older pack (the sample restores into samples/.packages, so a fresh pack is never shadowed).
pack() { # package-id project input...
  local id=$1 project=$2 nupkg="artifacts/packages/$1.0.1.0.nupkg"
  shift 2
  if [ -f "$nupkg" ] && [ -z "$(find "$@" Directory.Build.props Directory.Packages.props -newer "$nupkg" \
      -not -path '*/bin/*' -not -path '*/obj/*' -type f -print -quit)" ]; then
    echo "$id: up to date"
  else
    dotnet pack "$project" -c Release -o artifacts/packages -v:q -nologo
    echo "$id: packed"
  fi
  local lower
  lower=$(printf '%s' "$id" | tr '[:upper:]' '[:lower:]')
  local restored="samples/.packages/$lower"
  if [ -f "$restored/0.1.0/$lower.0.1.0.nupkg" ] && [ "$nupkg" -nt "$restored/0.1.0/$lower.0.1.0.nupkg" ]; then
    rm -rf "$restored"
  fi
}

elapsed() { echo "  ($((SECONDS - $1)) s)"; }

# Runs "$@" in the background with its output in a file; finish waits for it and shows the output if it failed.
background() { local out=$1; shift; "$@" >"$out" 2>&1 & }
finish() { # pid output-file
  wait "$1" || { cat "$2"; exit 1; }
}

demo() {
  local started=$SECONDS t work
  work=$(mktemp -d)
  trap 'rm -rf "$work"' RETURN
  step "Packing ActivityFlow.Analyzers and ActivityFlow into artifacts/packages"
  t=$SECONDS
  background "$work/pack-analyzers" pack ActivityFlow.Analyzers nuget/ActivityFlow.Analyzers.Package \
    src/ActivityFlow.Analyzers src/ActivityFlow.CodeFixes nuget/ActivityFlow.Analyzers.Package README.md
  local analyzers=$!
  background "$work/pack-runtime" pack ActivityFlow src/ActivityFlow src/ActivityFlow docs/runtime.md
  local runtime=$!
  finish "$analyzers" "$work/pack-analyzers"
  finish "$runtime" "$work/pack-runtime"
  cat "$work/pack-analyzers" "$work/pack-runtime"
  elapsed "$t"

  # The fixed copy is formatted in the background while the sample builds and runs as written.
  local fixed=samples/.demo/fixed/OrderService fixing_started=$SECONDS
  # Fresh sources, kept bin/obj: the copy's restore and build stay incremental from one demo to the next.
  find "$fixed" -mindepth 1 -maxdepth 1 -not -name bin -not -name obj -exec rm -rf {} + 2>/dev/null || true
  mkdir -p "$fixed"
  tar -C samples/OrderService --exclude=./bin --exclude=./obj -cf - . | tar -C "$fixed" -xf -
  # shellcheck disable=SC2086
  background "$work/format" dotnet format analyzers "$fixed/OrderService.csproj" --diagnostics $FIXABLE_RULES
  local format=$!

  step "Building samples/OrderService (the analyzers run as part of the build)"
  t=$SECONDS
  # --no-incremental: warnings are reported only when the compiler runs.
  dotnet build samples/OrderService --no-incremental -v:q -nologo >"$work/build" 2>&1 || { cat "$work/build"; kill "$format" 2>/dev/null; exit 1; }
  elapsed "$t"
  step "Findings"
  # One line per finding: file(line,col) ID message (the build prints each warning twice).
  grep -oE '[^ /]+\.cs\([0-9]+,[0-9]+\): warning ACTX[0-9]+: [^[]*' "$work/build" | sort -u | sed -E 's/: warning /  /; s/ \(https?:[^)]*\) *$//' || echo "no findings"
  echo
  echo "$(grep -oE 'warning ACTX[0-9]+' "$work/build" | sort -u | wc -l) distinct rule(s) reported"

  # The scenario never sends anywhere: Sentry's transport writes the envelopes to files.
  local run="env -u SENTRY_DSN -u SENTRY_SPOTLIGHT dotnet"
  step "Run 1: samples/OrderService as written, on loopback with Kafka's mock cluster (envelopes in samples/.demo/as-written)"
  $run samples/OrderService/bin/Debug/net10.0/OrderService.dll demo samples/.demo/as-written

  step "Fixing a copy: dotnet format analyzers --diagnostics $FIXABLE_RULES"
  finish "$format" "$work/format"
  echo "  files changed: $(diff -rq -x bin -x obj samples/OrderService "$fixed" | grep -c differ || true)"
  dotnet build "$fixed" --no-restore -v:q -nologo >"$work/build" 2>&1 || { cat "$work/build"; exit 1; }
  echo "  ACTX warnings after the fixes: $(grep -oE '\.cs\([0-9]+,[0-9]+\): warning ACTX[0-9]+' "$work/build" | sort -u | wc -l)"
  elapsed "$fixing_started"

  step "Run 2: the fixed copy (envelopes in samples/.demo/after-fixes)"
  $run "$fixed/bin/Debug/net10.0/OrderService.dll" demo samples/.demo/after-fixes
  echo
  echo "demo finished in $((SECONDS - started)) s; what the fixes changed: diff -ru -x bin -x obj samples/OrderService $fixed"
}

# The end-to-end tests need a real Sentry receiver (Spotlight). Kafka's native library comes with the
# librdkafka.redist package that the restore brings.
install_test_tools() {
  if [ ! -d tests/tools/spotlight/node_modules/@spotlightjs/spotlight ]; then
    step "Installing Spotlight from tests/tools/spotlight/package-lock.json"
    (cd tests/tools/spotlight && npm ci --no-audit --no-fund --loglevel=error)
  fi
}

run_tests() {
  install_test_tools
  step "Restoring and building"
  dotnet build Analyzers.sln -v:q -nologo
  step "Running tests"
  local log
  log=$(mktemp)
  set +e
  dotnet test Analyzers.sln --no-build -nologo 2>&1 | tee "$log"
  local status=${PIPESTATUS[0]}
  set -e
  # One plain summary line over every test project.
  awk '/(Passed|Failed)! +- Failed: +[0-9]+, Passed: +[0-9]+/ {
         gsub(",", ""); for (i = 1; i <= NF; i++) { if ($i == "Failed:") f += $(i+1); if ($i == "Passed:") p += $(i+1); if ($i == "Skipped:") s += $(i+1) } }
       END { printf "\ntests: %d passed, %d failed, %d skipped\n", p, f, s }' "$log"
  rm -f "$log"
  return "$status"
}

case "${1:-}" in
  demo) demo ;;
  test) run_tests ;;
  *) echo "usage: ./build.sh demo|test" >&2; exit 2 ;;
esac
