#!/usr/bin/env bash
# The terminal emulator end to end: a pane's program prints escape sequences and
# capture-pane shows the exact screen: colours (-e), wide and combining characters, the
# alternate screen, scroll regions, insert/delete, history (-S/-E), -J and -N.
. "$(dirname "$0")/lib/test-lib.sh"

n=0
# show W H PRINTF-FORMAT: a fresh pane of W x H prints the text, then waits; sets PANE.
show() {
  n=$((n + 1))
  printf '%s' "$3" >"$TEST_DIR/text$n"
  amux new-session -d -s "e$n" -x "$1" -y "$2" \
    "printf \"\$(cat $TEST_DIR/text$n)\"; '$AMUX_BIN' wait-for -S printed$n; exec cat"
  amux wait-for "printed$n"
  PANE="e$n"
  # The program has printed; the server may not have read it from the tty yet.
  wait_until 5 sh -c "'$AMUX_BIN' -S '$SOCK' capture-pane -p -t e$n | grep -q '[^ ]'"
}
cap() { amux capture-pane -p -t "$PANE" "$@"; }

show 20 4 'hello\r\nworld'
expect_eq "plain text" "hello
world" "$(cap)"
expect_eq "cursor" "5,1" "$(amux display -p -t "$PANE" '#{cursor_x},#{cursor_y}')"

show 30 3 '\033[1;31mred\033[0m \033[4;32mgreen\033[0m \033[38;5;200mx\033[48;2;1;2;3my\033[0m'
expect_eq "colours kept with -e" "$(printf '\033[0;1;31mred\033[0m \033[0;4;32mgreen\033[0m \033[0;38;5;200mx\033[0;38;5;200;48;2;1;2;3my\033[0m')" "$(cap -e | head -1)"
expect_eq "colours dropped without -e" "red green xy" "$(cap | head -1)"
show 30 2 '\033[7mrev\033[27m \033[3mit\033[23m \033[9mst\033[0m \033[94mbright\033[0m'
expect_eq "reverse italic strike bright" "$(printf '\033[0;7mrev\033[0m \033[0;3mit\033[0m \033[0;9mst\033[0m \033[0;94mbright\033[0m')" "$(cap -e | head -1)"

show 10 3 'a\xe4\xb8\xad\xe6\x96\x87b\r\ne\xcc\x81!'
expect_eq "wide and combining" "$(printf 'a\xe4\xb8\xad\xe6\x96\x87b\ne\xcc\x81!')" "$(cap)"
expect_eq "cursor after combining" "2,1" "$(amux display -p -t "$PANE" '#{cursor_x},#{cursor_y}')"

show 10 3 '0123456789abc'
expect_eq "wrap" "0123456789
abc" "$(cap)"
expect_eq "joined wrap" "0123456789abc" "$(cap -J)"

show 10 3 'main\033[?1049h\033[Halt screen\033[2;1Hline2'
expect_eq "alternate screen" "alt screen
line2" "$(cap)"
expect_eq "alternate_on" "1" "$(amux display -p -t "$PANE" '#{alternate_on}')"
amux respawn-pane -k -t "$PANE" "printf '\\033[?1049l'; '$AMUX_BIN' wait-for -S left; exec cat"
amux wait-for left
expect_eq "primary screen back after respawn" "main" "$(cap)"
expect_eq "alternate_off" "0" "$(amux display -p -t "$PANE" '#{alternate_on}')"

show 10 5 '1\r\n2\r\n3\r\n4\r\n5\033[2;4r\033[4;1H\n\n\033[r'
expect_eq "scroll region" "1
4


5" "$(cap)"
expect_eq "region scroll keeps history empty" "0" "$(amux display -p -t "$PANE" '#{history_size}')"

show 10 4 'abcdef\033[1;3H\033[2P\r\n123456\033[2;2H\033[3@\r\nL1\r\nL2\033[3;1H\033[L'
expect_eq "delete and insert characters, insert line" "abef
1   23456

L1" "$(cap)"

show 10 3 '\033[?6h\033[2;3r\033[1;1Hx\033[?6l\033[1;1Hy'
expect_eq "origin mode" "y
x" "$(cap)"

show 20 4 'a\tb\r\n\033[3g\033[5C\033H\r\n\tX'
expect_eq "tab stops" "a       b

     X" "$(cap)"

show 10 3 'l1\r\nl2\r\nl3\r\nl4\r\nl5\r\nl6'
expect_eq "history size" "3" "$(amux display -p -t "$PANE" '#{history_size}')"
expect_eq "screen" "l4
l5
l6" "$(cap)"
expect_eq "-S - reaches history start" "l1
l2
l3
l4
l5
l6" "$(cap -S -)"
expect_eq "-S -2 -E 0" "l2
l3
l4" "$(cap -S -2 -E 0)"
expect_eq "-S 1 -E -" "l5
l6" "$(cap -S 1 -E -)"
amux clear-history -t "$PANE"
expect_eq "clear-history" "0" "$(amux display -p -t "$PANE" '#{history_size}')"

amux set-option -g history-limit 2
show 10 2 'h1\r\nh2\r\nh3\r\nh4\r\nh5'
expect_eq "history-limit" "h2
h3
h4
h5" "$(cap -S -)"
amux set-option -g -u history-limit

show 10 2 'trail   \r\nx'
expect_eq "trailing spaces trimmed" "trail" "$(cap | head -1)"
expect_eq "-N keeps trailing spaces" "trail     " "$(cap -N | head -1)"

show 20 3 '\033[6n\033[c'
expect_eq "replies written back (cursor report, device attributes)" \
  "$(printf '^[[1;1R^[[?1;2c')" "$(cap | head -1)"

# Output that trips libvterm 0.1.4 (REP before any character, many CSI arguments, C1
# controls as UTF-8) must neither hang nor crash the server.
show 20 2 "\033[5b\033[$(printf ';%.0s' $(seq 100))1mok\xc2\x85!"
expect_eq "hostile output" "ok!" "$(cap | head -1)"
expect_alive "server alive after hostile output"

# Resizing reflows wrapped lines and keeps the text.
show 10 4 '0123456789abcdefghij\r\nend'
amux resize-window -t "$PANE" -x 20 -y 4
expect_eq "reflow wider" "0123456789abcdefghij
end" "$(cap)"
amux resize-window -t "$PANE" -x 5 -y 4
expect_eq "reflow narrower keeps text" "01234
56789
abcde
fghij
end" "$(cap -S -)"
expect_eq "pane size follows" "5x4" "$(amux display -p -t "$PANE" '#{pane_width}x#{pane_height}')"

expect_error "bad start line" "invalid start line: x" capture-pane -p -t e1 -S x
expect_error "bad end line" "invalid end line: 1.5" capture-pane -p -t e1 -E 1.5
expect_error "capture missing pane" "can't find pane: 9" capture-pane -p -t e1:0.9

finish
