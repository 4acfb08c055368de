#!/usr/bin/env bash
# ActivityFlow's two entry points:
#   ./build.sh demo   build the sample service against the freshly packed analyzers and print what they find
#   ./build.sh test   install what the tests need when missing (librdkafka1, Spotlight) and run every test project
set -euo pipefail
cd "$(dirname "$0")"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

step() { printf '\n==> %s\n' "$*"; }

pack_analyzers() {
  step "Packing ActivityFlow.Analyzers into artifacts/packages"
  dotnet pack nuget/ActivityFlow.Analyzers.Package -c Release -o artifacts/packages -v:q -nologo
  # The sample restores into samples/.packages: drop any older copy of the same version.
  rm -rf samples/.packages/activityflow.analyzers
}

demo() {
  pack_analyzers
  step "Building samples/OrderService (analyzers run as part of the build)"
  local log
  log=$(mktemp)
  dotnet build samples/OrderService --no-incremental -v:q -nologo >"$log" 2>&1 || { cat "$log"; exit 1; }
  step "Findings"
  # One line per finding: file(line,col) ID message (the build prints each warning twice).
  grep -oE '[^ /]+\.cs\([0-9]+,[0-9]+\): warning ACTX[0-9]+: [^[]*' "$log" | sort -u | sed -E 's/: warning /  /; s/ \(https?:[^)]*\) *$//' || echo "no findings"
  echo
  echo "$(grep -oE 'warning ACTX[0-9]+' "$log" | sort -u | wc -l) distinct rule(s) reported; fix them all with:"
  echo "  dotnet format analyzers samples/OrderService --diagnostics ACTX001 ACTX002 ACTX003"
  rm -f "$log"
}

# The end-to-end tests need a real Kafka client library and a real Sentry receiver (Spotlight).
install_test_tools() {
  if [ ! -e /usr/lib/x86_64-linux-gnu/librdkafka.so.1 ]; then
    step "Installing Debian's librdkafka1 (Kafka end-to-end tests)"
    local sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update -qq
    $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq librdkafka1
  fi
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
