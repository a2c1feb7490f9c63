#!/usr/bin/env bash
# The dispatcher: --help, --version, unknown commands and options.
. "$(dirname "$0")/lib.sh"

expect_exit 0 "ser --help" -- "$SER" --help
expect_grep "$TMP/out" "^Usage: ser COMMAND" "help shows usage"
expect_grep "$TMP/out" "Exit codes" "help lists exit codes"
expect_exit 0 "ser --version" -- "$SER" --version
expect_grep "$TMP/out" "^ser [0-9]+\.[0-9]+\.[0-9]+" "version printed"
expect_exit 2 "no command" -- "$SER"
expect_exit 2 "unknown command" -- "$SER" frobnicate
expect_grep "$TMP/err" "unknown command 'frobnicate'" "unknown command named"
expect_exit 2 "unknown option" -- "$SER" --frob
expect_grep "$TMP/err" "unknown option '--frob'" "unknown option named"
for cmd in $("$SER" --help | awk '/^Commands:/{on=1;next} /^$/{on=0} on{print $1}'); do
    expect_exit 0 "ser $cmd --help" -- "$SER" "$cmd" --help
    expect_grep "$TMP/out" "Usage: ser $cmd" "ser $cmd --help shows usage"
done
finish
