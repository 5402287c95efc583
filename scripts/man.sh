#!/usr/bin/env bash
# Writes amux(1) in roff to stdout, made from what cannot drift: the command list the
# binary prints (list-commands, usage lines in order) with each command's text from
# README's command reference, and README's option table (tests/shell/reference.sh holds
# both to the binary). Usage: scripts/man.sh AMUX_BIN README.md [OUT]
set -eu
bin=$1
readme=$2
if [ $# -ge 3 ]; then exec >"$3.tmp"; trap 'mv "$3.tmp" "$3"' EXIT; fi
version=$("$bin" -V | cut -d' ' -f2)

# Markdown of a table cell to roff: `code` bold, \| a bar, backslashes and leading dots safe.
roff() {
  sed -E 's/\\\|/|/g; s/\\/\\e/g; s/`([^`]*)`/\\fB\1\\fR/g; s/\*\*([^*]*)\*\*/\\fB\1\\fR/g; s/^\./\\\&./'
}

cat <<HEAD
.TH AMUX 1 "" "amux $version" "User Commands"
.SH NAME
amux \- a terminal multiplexer for people and the coding agents they run
.SH SYNOPSIS
.B amux
.RB [ \-2CDluNVv ]
.RB [ \-c
.IR shell-command ]
.RB [ \-f
.IR file ]
.RB [ \-L
.IR socket-name ]
.RB [ \-S
.IR socket-path ]
.RB [ \-T
.IR features ]
.RI [ command " [" flags "] [" args ]]
.SH DESCRIPTION
amux keeps terminal sessions (windows of panes running programs) in a server that
outlives the terminal, as tmux does, and speaks tmux's commands, options, formats and key
bindings, so tools written for tmux drive it unchanged (invoked as
.BR tmux ,
it is one). Sessions carry agent metadata and join coordination groups: shared
versioned context, messages, file leases, presence and events for agents working
together.
.PP
Commands are given on the command line (several separated by
.BR \e; ),
in the configuration file
.RI ( ~/.amux.conf ,
or
.BR \-f ),
bound to keys, or typed at the command prompt
.RB ( C\-b " :)."
Exit status is 0 on success and 1 on error, with the message on standard error.
.SH COMMANDS
HEAD

"$bin" list-commands | while IFS= read -r usage; do
  name=${usage%% *}
  # README's row for this usage: | `usage` | text |
  text=$(awk -v u="$usage" '
    BEGIN { FS = "" }
    index($0, "| `") == 1 {
      line = $0; gsub(/\\\|/, "\001", line)
      split(line, cells, "|")
      cell = cells[2]; gsub(/^ `|` $/, "", cell); gsub("\001", "|", cell)
      if (cell == u) { t = cells[3]; gsub(/^ | $/, "", t); gsub("\001", "\\|", t); print t; exit }
    }' "$readme")
  printf '.TP\n.B %s\n' "$(printf '%s' "$usage" | sed -E 's/\\/\\e/g; s/-/\\-/g')"
  if [ -n "$text" ]; then printf '%s\n' "$text" | roff; else echo "(see README)"; fi
done

cat <<'MID'
.SH OPTIONS
Options are set with
.B set\-option
and shown with
.BR show\-options ;
each is a server, session or window option (window options may also be set on one pane
with
.BR \-p ).
MID
awk '
  /^### Options/ { on = 1; next }
  on && /^## / { exit }
  on && index($0, "| `") == 1 {
    line = $0; gsub(/\\\|/, "\001", line)
    n = split(line, c, "|")
    if (n < 5) next
    name = c[2]; gsub(/^ `|` $/, "", name)
    scope = c[3]; gsub(/^ | $/, "", scope)
    def = c[4]; gsub(/^ | $/, "", def); gsub("\001", "\\|", def)
    text = c[5]; gsub(/^ | $/, "", text); gsub("\001", "\\|", text)
    printf "%s\t%s (%s; default %s)\n", name, text, scope, def
  }' "$readme" | while IFS=$'\t' read -r name text; do
  printf '.TP\n.B %s\n' "$(printf '%s' "$name" | sed 's/-/\\-/g')"
  printf '%s\n' "$text" | roff
done

cat <<'TAIL'
.SH FILES
.TP
.I ~/.amux.conf
The configuration file a starting server reads.
.TP
.I ${AMUX_TMPDIR:-${TMPDIR:-/tmp}}/amux-UID/default
The default socket.
.SH SEE ALSO
.BR tmux (1)
.PP
README.md in the source tree covers the coordination groups, control mode, the MCP
server, durable state and the differences from tmux at length.
TAIL
