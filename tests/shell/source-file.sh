#!/usr/bin/env bash
# source-file: lines run one by one (comments, continuation, quoting), relative paths and
# globs, -q, and every error: a bad line reported with its file and line while the rest
# run, a missing file, a pattern with no match, a FIFO or directory, a file too large,
# a file that sources itself; the server serves on after each.
. "$(dirname "$0")/lib/test-lib.sh"

amux start-server
cd "$TEST_DIR" || exit 1
cat >one.conf <<'CONF'
# a comment line
new-session -d -s first cat   # a comment after a command
set-buffer -b joined \
  "continued line"
display -p "#{session_name} ran" ; set-buffer -b second two
CONF
expect_ok "source-file runs every line, printing what they print" "first ran" source-file one.conf
expect_ok "continued line" "continued line" show-buffer -b joined
expect_ok "command lists on a line" "two" show-buffer -b second

cat >bad.conf <<'CONF'
set-buffer -b before ok
bogus-command
set-buffer -b "unterminated
kill-session -t nosuch
set-buffer -b after ok
CONF
run source-file bad.conf
expect_eq "every error with its file and line; the other lines ran" "1 $TEST_DIR/bad.conf:2: unknown command: bogus-command
$TEST_DIR/bad.conf:3: unterminated quote
$TEST_DIR/bad.conf:4: can't find session: nosuch" "$RC $ERR"
expect_ok "line before the errors ran" "ok" show-buffer -b before
expect_ok "line after the errors ran" "ok" show-buffer -b after
expect_alive "after a bad file"

mkdir -p conf.d
echo 'set-buffer -b g1 a' >conf.d/1.conf
echo 'set-buffer -b g2 b' >conf.d/2.conf
expect_ok "a glob sources every match" "" source-file "$TEST_DIR/conf.d/*.conf"
expect_ok "both matched" "a b" display -p "$(amux show-buffer -b g1) $(amux show-buffer -b g2)"
expect_ok "several paths" "" source-file conf.d/1.conf conf.d/2.conf

expect_error "missing file" "$TEST_DIR/nope.conf: No such file or directory" source-file nope.conf
expect_ok "-q: missing file is fine" "" source-file -q nope.conf
expect_error "pattern with no match" "no files match: $TEST_DIR/*.none" source-file '*.none'
expect_ok "-q: pattern with no match is fine" "" source-file -q '*.none'
expect_error "a directory" "not a regular file: $TEST_DIR/conf.d" source-file conf.d
mkfifo fifo
expect_error "a FIFO does not stall the server" "not a regular file: $TEST_DIR/fifo" source-file fifo
head -c 1048577 /dev/zero | tr '\0' '#' >big.conf
expect_error "too large" "file too large: $TEST_DIR/big.conf" source-file big.conf
echo "source-file $TEST_DIR/self.conf" >self.conf
expect_error "a file that sources itself stops" "source-file nested too deeply: $TEST_DIR/self.conf" source-file self.conf
expect_error "no path" "command source-file: too few arguments (need at least 1)" source-file
expect_ok "nothing was created by the errors" "first" list-sessions -F '#{session_name}'

finish
