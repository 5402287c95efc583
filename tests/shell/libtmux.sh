#!/usr/bin/env bash
# Tools written for tmux drive amux through the tmux link: libtmux's object API
# (libtmux-api.py) and `tmuxp load -d` of a workspace with several windows and panes, checked
# with list-panes (the same panes, paths and layouts tmux 3.3 makes of that file).
. "$(dirname "$0")/lib/test-lib.sh"
BIN_DIR=$(dirname "$AMUX_BIN")
export PATH="$BIN_DIR:$PATH" AMUX_TMPDIR=$TEST_DIR
NAME=libtmux-$$

printf '%s\n' "set -g default-command \"PS1='> ' exec /bin/sh\"" >"$TEST_DIR/shell.conf"
OUT=$(/usr/bin/python3 "$(dirname "$0")/libtmux-api.py" "$NAME" "$TEST_DIR/shell.conf" 2>&1)
RC=$?
expect_eq "libtmux API" "0 libtmux: 0 failed" "$RC $(echo "$OUT" | tail -1)"
[ $RC -eq 0 ] || echo "$OUT"

cat >"$TEST_DIR/work.yaml" <<YAML
session_name: workspace
start_directory: $TEST_DIR
options:
  history-limit: 3000
environment:
  PROJECT: amux-demo
windows:
  - window_name: editor
    layout: main-vertical
    options:
      automatic-rename: "off"
    panes:
      - shell_command:
          - echo editor-pane
      - echo second-pane
      - pane
  - window_name: logs
    layout: even-horizontal
    start_directory: /
    panes:
      - echo logs-one
      - echo logs-\$((1 + 1))
  - window_name: shell
    panes:
      - null
YAML
t() { "$AMUX_BIN" -L "$NAME" "$@"; }
OUT=$(tmuxp load -d -f "$TEST_DIR/shell.conf" -L "$NAME" "$TEST_DIR/work.yaml" 2>&1)
expect_eq "tmuxp load -d" "0" "$?"
expect_eq "tmuxp says" "Session created in detached state." "$(echo "$OUT" | tail -1)"
I=($(t list-panes -a -F '#{pane_id}' | tr -d %))
expect_eq "windows and panes" "workspace:0.0 editor $TEST_DIR 9daa,800x600,0,0{80x600,0,0,${I[0]},719x600,81,0[719x299,81,0,${I[1]},719x300,81,300,${I[2]}]}
workspace:0.1 editor $TEST_DIR
workspace:0.2 editor $TEST_DIR
workspace:1.0 logs / 4de3,800x600,0,0{399x600,0,0,${I[3]},400x600,400,0,${I[4]}}
workspace:1.1 logs /
workspace:2.0 shell $TEST_DIR 87e3,800x600,0,0,${I[5]}" \
  "$(t list-panes -a -F '#{session_name}:#{window_index}.#{pane_index} #{window_name} #{pane_start_path}#{?pane_index,, #{window_layout}}')"
expect_eq "session option" "history-limit 3000" "$(t show-options -t workspace history-limit)"
expect_eq "window option" "automatic-rename off" "$(t show-window-options -t workspace:0 automatic-rename)"
expect_eq "environment" "PROJECT=amux-demo" "$(t show-environment -t workspace PROJECT)"
# The output (logs-2) is told from the typed command, whether the prompt came before it or not.
wait_until 10 sh -c "'$AMUX_BIN' -L '$NAME' capture-pane -p -t workspace:1.1 | grep -q 'logs-2\$'"
expect_eq "the pane ran its command" "1" "$(t capture-pane -p -t workspace:1.1 | grep -c 'logs-2$')"
t kill-server
finish
