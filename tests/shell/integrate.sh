#!/usr/bin/env bash
# amux integrate: installs amux agent-report as Claude Code's and Gemini CLI's hooks
# (settings.json) and Codex's notify program (config.toml), user-wide or in the project
# (-p), merged with the user's own hooks, idempotent; -n shows the file it would write, -u
# takes amux's out; bad files are refused and left as they were. No agent is installed:
# the files are read back.
. "$(dirname "$0")/lib/test-lib.sh"

export HOME=$TEST_DIR/home CODEX_HOME=
mkdir -p "$HOME/.claude" "$TEST_DIR/project"
integrate() { "$AMUX_BIN" integrate "$@"; }
# hook_commands FILE: "Event: command" for every hook in a settings.json.
hook_commands() {
  python3 -c 'import json,sys
d=json.load(open(sys.argv[1]))
for ev,entries in d.get("hooks",{}).items():
  for e in entries:
    for h in e["hooks"]: print(ev+(" ["+e["matcher"]+"]" if "matcher" in e else "")+": "+h["command"])' "$1"
}
CL=$HOME/.claude/settings.json
printf '{"model": "opus", "hooks": {"Stop": [{"hooks": [{"type": "command", "command": "notify-send done"}]}]}}\n' >"$CL"
before=$(cat "$CL")
OUT=$(integrate -n claude)
expect_eq "-n: what it would add" "Would add amux hooks to $CL (SessionStart, UserPromptSubmit, PreToolUse, PostToolUse, Notification, Stop, SubagentStop, SessionEnd):" "$(echo "$OUT" | head -1)"
expect_eq "-n: wrote nothing" "$before" "$(cat "$CL")"
expect_eq "install" "Added amux hooks to $CL: SessionStart, UserPromptSubmit, PreToolUse, PostToolUse, Notification, Stop, SubagentStop, SessionEnd" "$(integrate claude)"
expect_eq "merged with the user's hook" "Stop: notify-send done
Stop: amux agent-report claude
SessionStart: amux agent-report claude
UserPromptSubmit: amux agent-report claude
PreToolUse [*]: amux agent-report claude
PostToolUse [*]: amux agent-report claude
Notification: amux agent-report claude
SubagentStop: amux agent-report claude
SessionEnd: amux agent-report claude" "$(hook_commands "$CL")"
expect_eq "other settings kept" "opus" "$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["model"])' "$CL")"
expect_eq "-n matches what install wrote" "$(cat "$CL")" "$(echo "$OUT" | tail -n +2)"
after=$(cat "$CL")
expect_eq "again: nothing to do" "amux hooks are already in $CL" "$(integrate claude)"
expect_eq "idempotent" "$after" "$(cat "$CL")"
expect_eq "-u" "Removed amux hooks from $CL: SessionStart, UserPromptSubmit, PreToolUse, PostToolUse, Notification, Stop, SubagentStop, SessionEnd" "$(integrate -u claude)"
expect_eq "-u leaves the user's" "Stop: notify-send done" "$(hook_commands "$CL")"
expect_eq "-u again" "No amux hooks in $CL" "$(integrate -u claude)"

# A file that is not there is made; the project's with -p.
rm "$CL"
expect_eq "no file yet" "Added amux hooks to $CL: SessionStart, UserPromptSubmit, PreToolUse, PostToolUse, Notification, Stop, SubagentStop, SessionEnd" "$(integrate claude)"
expect_eq "its mode" "600" "$(stat -c %a "$CL")"
expect_eq "-p: the project's" "Added amux hooks to .gemini/settings.json: SessionStart, BeforeAgent, BeforeTool, AfterTool, Notification, AfterAgent, SessionEnd" "$(cd "$TEST_DIR/project" && integrate -p gemini)"
expect_eq "gemini's hooks" "SessionStart: amux agent-report gemini
BeforeAgent: amux agent-report gemini
BeforeTool [*]: amux agent-report gemini
AfterTool [*]: amux agent-report gemini
Notification: amux agent-report gemini
AfterAgent: amux agent-report gemini
SessionEnd: amux agent-report gemini" "$(hook_commands "$TEST_DIR/project/.gemini/settings.json")"

# Files it refuses, unchanged.
printf '{"hooks": ' >"$CL"
OUT=$(integrate claude 2>&1)
expect_eq "bad JSON" "1|integrate: $CL: not a JSON object; nothing changed" "$?|$OUT"
expect_eq "bad JSON untouched" '{"hooks": ' "$(cat "$CL")"
printf '{"hooks": {"Stop": {"x": 1}}}' >"$CL"
OUT=$(integrate claude 2>&1)
expect_eq "hooks of the wrong shape" "1|integrate: $CL: its hooks.Stop is not a list; nothing changed" "$?|$OUT"
printf '{"hooks": []}' >"$CL"
OUT=$(integrate claude 2>&1)
expect_eq "hooks not an object" "1|integrate: $CL: its \"hooks\" is not an object; nothing changed" "$?|$OUT"

# Codex: one notify program, taken only when there is none.
CX=$HOME/.codex/config.toml
expect_eq "codex" "Added amux hooks to $CX: notify" "$(integrate codex)"
expect_eq "codex's file" 'notify = ["amux", "agent-report", "codex"]' "$(cat "$CX")"
expect_eq "codex again" "amux hooks are already in $CX" "$(integrate codex)"
printf 'model = "o3"\n\n[tui]\nnotify = true\n' >"$CX"
expect_eq "a table's notify is not the program" "Added amux hooks to $CX: notify" "$(integrate codex)"
expect_eq "codex merged" 'notify = ["amux", "agent-report", "codex"]
model = "o3"

[tui]
notify = true' "$(cat "$CX")"
expect_eq "codex -u" "Removed amux hooks from $CX: notify" "$(integrate -u codex)"
expect_eq "codex -u restores" 'model = "o3"

[tui]
notify = true' "$(cat "$CX")"
printf 'notify = ["terminal-notifier", "-title", "Codex"]\n' >"$CX"
OUT=$(integrate codex 2>&1)
expect_eq "a user's notify is never replaced" '1|integrate: '"$CX"': it has a notify program already (notify = ["terminal-notifier", "-title", "Codex"]): Codex runs only one, and amux does not replace it; nothing changed' "$?|$OUT"
expect_eq "-u leaves a user's notify" "No amux hooks in $CX" "$(integrate -u codex)"
export CODEX_HOME=$TEST_DIR/codexhome
expect_eq "CODEX_HOME" "Added amux hooks to $TEST_DIR/codexhome/config.toml: notify" "$(integrate codex)"

# A settings file that is a link (a dotfiles checkout) is edited where it points.
mkdir -p "$TEST_DIR/dotfiles" && echo '{}' >"$TEST_DIR/dotfiles/settings.json"
rm -f "$CL" && ln -s "$TEST_DIR/dotfiles/settings.json" "$CL"
expect_eq "through a link" "Added amux hooks to $TEST_DIR/dotfiles/settings.json: SessionStart, UserPromptSubmit, PreToolUse, PostToolUse, Notification, Stop, SubagentStop, SessionEnd" "$(integrate claude)"
expect_eq "the link stays a link" "1 1" "$([ -L "$CL" ] && echo 1) $(hook_commands "$CL" | grep -c 'SessionEnd: amux')"

OUT=$(integrate aider 2>&1)
expect_eq "unknown agent" "1|integrate: unknown agent: aider (claude, codex or gemini)" "$?|$OUT"
OUT=$(integrate -x claude 2>&1)
expect_eq "bad flag" "1|usage: amux integrate [-nu] [-p] claude|codex|gemini" "$?|$OUT"
OUT=$(integrate 2>&1)
expect_eq "no agent" "1|usage: amux integrate [-nu] [-p] claude|codex|gemini" "$?|$OUT"
mkdir -p "$TEST_DIR/blocked" && touch "$TEST_DIR/blocked/.claude"  # a file where the directory goes
OUT=$(HOME=$TEST_DIR/blocked integrate claude 2>&1)
expect_eq "a directory it cannot make" "1|integrate: cannot write $TEST_DIR/blocked/.claude/settings.json.amux-tmp: Not a directory; nothing changed" "$?|$OUT"
finish
