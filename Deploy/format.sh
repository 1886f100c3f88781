#!/usr/bin/env bash
# The code format, by `swift format` with the project's .swift-format (line length 120).
#
#   Deploy/format.sh          check: fails, listing the findings, when a formatted file is off
#   Deploy/format.sh --fix    format those files in place
#
# The list is explicit: every Swift folder of the project.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

FORMATTED=(
    Package.swift
    Sources/BulletinCore
    Sources/BulletinRules
    Sources/BulletinPlugins
    Plugins
    Sources/ServiceKit
    Sources/BulletinStore
    Sources/DaemonSupport
    Sources/BulletinIngest
    Sources/bulletind
    Sources/bulletind-bench
    Tests/BulletinCoreTests
    Tests/PluginTests
    Tests/QueueTests
    Tests/DatabaseTests
)

if [ "${1:-}" = "--fix" ]; then
    swift format --in-place --recursive --parallel "${FORMATTED[@]}"
    exit 0
fi

files=$(find "${FORMATTED[@]}" -name '*.swift' | wc -l)
if ! swift format lint --strict --recursive --parallel "${FORMATTED[@]}"; then
    echo "format: FAILED — run Deploy/format.sh --fix (configuration: .swift-format)" >&2
    exit 1
fi
echo "format: $files files follow .swift-format"
