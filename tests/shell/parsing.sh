#!/usr/bin/env bash
# Command parsing: lookup by name, alias and prefix, flag templates, argument counts and
# ';'-separated command lists that stop at the first error.
. "$(dirname "$0")/lib/test-lib.sh"

# Parse errors are reported by the client, with or without a server.
expect_error "unknown command" "unknown command: frobnicate" frobnicate
expect_error "ambiguous command" "ambiguous command: kill, could be: kill-pane, kill-server, kill-session, kill-window" kill
expect_error "ambiguous agent prefix" "ambiguous command: agent-, could be: agent-board, agent-delete-group, agent-events, agent-export, agent-get, agent-give, agent-group-option, agent-import, agent-inbox, agent-join-group, agent-leave-group, agent-lock, agent-locks, agent-next, agent-peers, agent-resume-command, agent-send, agent-share, agent-stats, agent-status, agent-unlock, agent-wait" agent-

amux new-session -d -s a cat
expect_error "unknown flag" "command has-session: unknown flag -z" has-session -z
expect_error "unknown flag in bundle" "command new-session: unknown flag -q" new-session -dq
expect_error "missing flag value" "command new-session: -s expects an argument" new-session -d -s
expect_error "too few arguments" "command agent-join-group: too few arguments (need at least 1)" ajoin
expect_error "too many arguments" "command has-session: too many arguments (need at most 0)" has-session extra
expect_error "too many for rename" "command rename-session: too many arguments (need at most 1)" rename-session x y

# Aliases and unique prefixes.
expect_ok "alias has" "" has -t a
expect_ok "prefix has-s" "" has-s -t a
expect_ok "prefix list-s" "a" list-s -F '#{session_name}'
expect_ok "alias lsag" "Agent Coordination Groups: 0" lsag
expect_ok "alias display" "a" display -p -t a '#{session_name}'
expect_ok "attached value" "a" display -pt a '#{session_name}'

# Command lists run in order and stop at the first failure.
expect_ok "list of two" "" new-session -d -s b cat \; new-session -d -s c cat
expect_eq "sessions after list" "a b c" "$(amux list-sessions -F '#{session_name}' | tr '\n' ' ' | sed 's/ $//')"
expect_error "list stops at error" "can't find session: zz" has -t a \; has -t zz \; new-session -d -s d cat
expect_error "later command not run" "can't find session: d" has -t d
expect_error "parse error runs nothing" "command has-session: unknown flag -z" new-session -d -s e cat \; has -z
expect_error "nothing from bad list" "can't find session: e" has -t e
run display -p -t a one \; display -p -t a two
expect_eq "outputs in order" "0 one two" "$RC $(echo $OUT)"
expect_ok "empty commands between separators" "x" \; display -p x \;

# list-commands prints the table, also without a server.
amux kill-server
lines=$(amux list-commands | wc -l)
expect_eq "list-commands without server: one line a command file" \
  "$(ls "$(dirname "$0")"/../../commands/cmd-*.cc | wc -l)" "$lines"
expect_ok "list-commands one" "agent-join-group (ajoin) [-G agent-type] [-k join-key] [-n member-name] [-o objective] [-r redis-url] [-t target-pane] group" list-commands ajoin
expect_ok "list-commands -F" "agent-share ashare" list-commands -F '#{command_list_name} #{command_list_alias}' agent-share
expect_error "list-commands unknown" "unknown command: nope" list-commands nope
expect_error "no server after local run" "no server running on $SOCK" list-sessions

finish
