#!/usr/bin/env bash
# Key bindings and the commands of attached clients, from a script: bind-key, unbind-key,
# list-keys, send-prefix, the style and key options, and the exact errors of the client
# commands when no client is attached (the attached behaviour is in attach.sh).
. "$(dirname "$0")/lib/test-lib.sh"

amux new-session -d -s main -x 40 -y 10 cat
expect_eq "a default binding" "bind-key -T prefix d detach-client" "$(amux list-keys -T prefix | grep -x 'bind-key -T prefix d detach-client')"
expect_eq "defaults: prefix table size" "72" "$(amux list-keys -T prefix | wc -l)"
expect_eq "tmux's defaults for what amux has" "bind-key -r -T prefix C-Up resize-pane -U
bind-key -r -T prefix M-Up resize-pane -U 5
bind-key -T prefix M-2 select-layout even-vertical
bind-key -T prefix Space next-layout
bind-key -T prefix \\; last-pane
bind-key -T prefix \\{ swap-pane -U" "$(for k in C-Up M-Up M-2 Space '\;' '{'; do amux list-keys -T prefix "$k"; done)"
expect_eq "root table starts with tmux's 14 mouse bindings" "14 MouseDown1Pane select-pane -t = ; send-keys -M" \
  "$(amux list-keys -T root | wc -l) $(amux list-keys -T root MouseDown1Pane | cut -d' ' -f4-)"
expect_ok "bind -n" "" bind-key -n F5 display-message -p 'hi there'
expect_ok "listed with its quoting" "bind-key -T root F5 display-message -p 'hi there'" list-keys -T root F5
expect_ok "bind in prefix" "" bind-key '"' split-window -h
expect_eq "rebound" "bind-key -T prefix \\\" split-window -h" "$(amux list-keys -T prefix | grep 'split-window -h$' | head -1)"
expect_ok "bind a list (the ; escaped for amux)" "" bind-key -T custom M-x new-window '\;' select-window -t :0
expect_ok "custom table" "bind-key -T custom M-x new-window \\; select-window -t :0" list-keys -T custom
expect_ok "C-b normalised" "" bind-key C-B list-keys
expect_eq "C-B is C-b" "bind-key -T prefix C-b list-keys" "$(amux list-keys -T prefix | grep '^bind-key -T prefix C-b ')"
expect_error "unknown key" "unknown key: Hyper-x" bind-key Hyper-x list-keys
expect_error "unknown command" "unknown command: nosuch" bind-key x nosuch
expect_error "bad command args" "command kill-pane: unknown flag -q" bind-key x kill-pane -q
expect_error "bind needs a command" "command bind-key: too few arguments (need at least 2)" bind-key x
expect_ok "unbind" "" unbind-key -n F5
expect_eq "root as it was" "14" "$(amux list-keys -T root | wc -l)"
expect_ok "unbind an unbound key" "" unbind-key -n F6
expect_error "unbind in a missing table" "table nope doesn't exist" unbind-key -T nope x
expect_error "unbind a bad key" "unknown key: Hyper-x" unbind-key Hyper-x
expect_error "unbind -a with a key" "key given with -a" unbind-key -a x
expect_error "unbind without a key" "missing key" unbind-key
expect_ok "unbind -a" "" unbind-key -a -T custom
expect_ok "custom emptied" "" list-keys -T custom
expect_error "list a missing table" "table nope doesn't exist" list-keys -T nope

# send-prefix types the session's prefix into the pane; the prefix option is a key.
expect_ok "send-prefix" "" send-prefix -t main
expect_ok "prefix option" "" set-option -g prefix C-a
expect_ok "prefix normalised" "C-a" show-options -g -v prefix
expect_ok "send-prefix C-a" "" send-prefix -t main
first_line_is() { [ "$(amux capture-pane -p -t main | head -1)" = "$1" ]; }
wait_until 10 first_line_is "^B^A"
expect_eq "both prefixes reached cat" "^B^A" "$(amux capture-pane -p -t main | head -1)"
expect_error "bad prefix" "unknown key: Nope" set-option -g prefix Nope
expect_ok "prefix unchanged" "C-a" show-options -g -v prefix
expect_ok "style option" "" set-option -g status-style "bg=colour236,fg=#ffaa00,bold"
expect_ok "style kept" "bg=colour236,fg=#ffaa00,bold" show-options -g -v status-style
expect_error "bad style" "invalid style: fg=blurple" set-option -g status-style fg=blurple
expect_error "bad display-time" "invalid value for display-time: -1" set-option -g display-time -1
expect_error "send-prefix to nothing" "can't find pane: nosuch" send-prefix -t nosuch

# Client commands with no client attached.
expect_error "detach-client" "no current client" detach-client
expect_error "detach-client -t" "can't find client: /dev/pts/999" detach-client -t /dev/pts/999
expect_error "detach-client -s missing" "can't find session: nosuch" detach-client -s nosuch
expect_ok "detach-client -s with none attached" "" detach-client -s main
expect_error "switch-client" "no current client" switch-client -t main
expect_error "command-prompt" "no current client" command-prompt
expect_error "copy-mode" "no current client" copy-mode
expect_error "agent-board" "no current client" agent-board
expect_error "refresh-client" "no current client" refresh-client
expect_ok "list-clients" "" list-clients
expect_ok "list-clients -J" "[]" list-clients -J
expect_error "list-clients -t missing" "can't find session: nosuch" list-clients -t nosuch
expect_ok "display-message prints with no client" "hello main" display-message -t main 'hello #{session_name}'
expect_ok "show-messages is empty: nothing was shown" "" show-messages
expect_error "attach off a terminal" "open terminal failed: not a terminal" attach-session -t main
expect_error "attach to nothing" "can't find session: nosuch" attach-session -t nosuch
expect_error "new-session off a terminal" "open terminal failed: not a terminal" new-session -s other cat
expect_ok "nothing made" "main" list-sessions -F '#{session_name}'
AMUX=/elsewhere,1,0 run attach-session -t main
expect_eq "nested attach" "1 sessions should be nested with care, unset \$AMUX to force" "$RC $ERR"
expect_ok "zoom with one pane does nothing" "" resize-pane -Z -t main
expect_ok "not zoomed" "0" display -p -t main '#{window_zoomed_flag}'
amux split-window -t main cat
expect_ok "zoom" "" resize-pane -Z -t main:0.0
expect_ok "zoomed" "1 *Z 0 40x10" display -p -t main:0.0 '#{window_zoomed_flag} #{window_flags} #{pane_index} #{pane_width}x#{pane_height}'
expect_ok "unzoom" "" resize-pane -Z -t main
expect_ok "layout back" "0 40x5" display -p -t main:0.0 '#{window_zoomed_flag} #{pane_width}x#{pane_height}'
amux resize-pane -Z -t main:0.0
expect_ok "selecting another pane unzooms" "" select-pane -t main:0.1
expect_ok "unzoomed" "0" display -p -t main '#{window_zoomed_flag}'
finish
