# bash completion for amux (and for amux run as tmux): commands and aliases, a command's
# flags, session/window/pane targets after -t and -s, option names after set-option and
# show-options. Everything is asked of amux itself (list-commands, list-sessions, ...),
# so it follows the binary and the server it talks to (-S/-L as typed).
_amux() {
  local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD - 1]}
  local bin=${COMP_WORDS[0]} i cmd='' sock=()
  for ((i = 1; i < COMP_CWORD; i++)); do
    case ${COMP_WORDS[i]} in
      -S | -L) sock+=("${COMP_WORDS[i]}" "${COMP_WORDS[i + 1]}"); ((i++)) ;;
      -f | -c | -T) ((i++)) ;;
      -*) ;;
      *) cmd=${COMP_WORDS[i]}; break ;;
    esac
  done
  local q=("$bin" "${sock[@]}")
  if [ -z "$cmd" ]; then
    [[ $cur == -* ]] && { COMPREPLY=($(compgen -W '-2 -C -D -l -u -N -V -v -c -f -L -S -T' -- "$cur")); return; }
    COMPREPLY=($(compgen -W "$("${q[@]}" list-commands 2>/dev/null |
      awk '{ print $1; if ($2 ~ /^\(/) { gsub(/[()]/, "", $2); print $2 } }')" -- "$cur"))
    return
  fi
  # The command's usage line, found by its name, its alias or a unique prefix.
  local usage
  usage=$("${q[@]}" list-commands 2>/dev/null | awk -v c="$cmd" '
    $1 == c || $2 == "(" c ")" { print; found = 1; exit }
    index($1, c) == 1 { n++; line = $0 }
    END { if (!found && n == 1) print line }')
  local name=${usage%% *}
  case $prev in
    -t | -s)
      COMPREPLY=($(compgen -W "$("${q[@]}" list-sessions -F '#{session_name}' 2>/dev/null)
        $("${q[@]}" list-windows -a -F '#{session_name}:#{window_index}' 2>/dev/null)
        $("${q[@]}" list-panes -a -F '#{pane_id}' 2>/dev/null)" -- "$cur"))
      return ;;
  esac
  if [[ $cur == -* ]]; then
    # [-abc] groups give single flags, [-x arg] a flag that takes an argument.
    local flags
    flags=$(printf '%s\n' "$usage" | grep -oE '\[-[A-Za-z0-9]+( [^]]+)?\]' |
      sed -E 's/^\[-([A-Za-z0-9]+)( .*)?\]$/\1 \2/' |
      awk '{ if (NF > 1 || length($1) == 1) print "-" substr($1, 1, 1);
             else for (i = 1; i <= length($1); i++) print "-" substr($1, i, 1) }')
    COMPREPLY=($(compgen -W "$flags" -- "$cur"))
    return
  fi
  case $name in
    set-option | show-options | set-window-option | show-window-options)
      COMPREPLY=($(compgen -W "$( ("${q[@]}" show-options -g; "${q[@]}" show-options -gw;
        "${q[@]}" show-options -s) 2>/dev/null | cut -d' ' -f1 | sed 's/\[.*//' | sort -u)" -- "$cur")) ;;
  esac
}
complete -F _amux amux tmux
