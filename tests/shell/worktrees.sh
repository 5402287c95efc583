#!/usr/bin/env bash
# Worktrees: three agents in three git worktrees of one repository (new-session -W, -w
# branch, -B base; split-window -W), .worktreeinclude's files copied in, worktree-setup
# run once first; the formats, apeers and the shared worktree.<member> key; commits on
# their branches seen as ahead/behind/changes (list-worktrees now, apeers when a pane goes
# quiet; a background read begun before a list-worktrees read cannot undo it); a
# fast-forward, a merge commit, a conflicting merge refused with the file named
# (merged / merge-conflict events); removal refused while dirty; kill-session -W; leases
# meaning the repository's paths across worktrees; every error text, nothing left half
# made; worktrees known again after a restart.
. "$(dirname "$0")/lib/test-lib.sh"

export SHELL=/bin/sh HOME=$TEST_DIR
export GIT_AUTHOR_NAME=t GIT_AUTHOR_EMAIL=t@t GIT_COMMITTER_NAME=t GIT_COMMITTER_EMAIL=t@t
REPO=$TEST_DIR/repo
TREES=$TEST_DIR/repo.worktrees
git init -q -b main "$REPO"
printf 'one\ntwo\n' >"$REPO/a.txt"
printf '.env\nconf/*.key\n' >"$REPO/.gitignore"
printf '# files git does not have\n.env\nconf/*.key\n' >"$REPO/.worktreeinclude"
git -C "$REPO" add . && git -C "$REPO" commit -q -m init
echo SECRET=1 >"$REPO/.env"
mkdir "$REPO/conf" && echo k >"$REPO/conf/site.key"
g() { git -C "$@"; }
commit() { (cd "$1" && shift && sh -c "$1" && git add -A && git commit -q -m "$2"); }
amux start-server
amux set-option -g agent-idle-time 100

# Three agents, each in its own worktree on its own branch, made from main.
amux set-option -g worktree-setup 'echo setup ran >>setup.log'
expect_ok "new-session -W" "alice:" new-session -d -P -s alice -G claude -W -c "$REPO"
expect_ok "-w branch" "bob:" new-session -d -P -s bob -G codex -w feature/bob -c "$REPO"
expect_ok "-B base" "carol:" new-session -d -P -s carol -G gemini -W -B main -c "$REPO/conf"
expect_ok "the session's worktree and branch" "$TREES/alice amux/alice $TREES/alice" display -p -t alice '#{session_worktree} #{session_branch} #{pane_current_path}'
expect_ok "a branch's slash is a dash in its directory" "$TREES/feature-bob feature/bob" display -p -t bob '#{session_worktree} #{session_branch}'
expect_ok "pane formats fall back to the session's" "$TREES/carol amux/carol" display -p -t carol '#{pane_worktree} #{pane_branch}'
expect_eq "branches made" "amux/alice amux/carol feature/bob main" "$(g "$REPO" branch --format='%(refname:short)' | tr '\n' ' ' | sed 's/ $//')"
expect_eq ".worktreeinclude's files copied" "SECRET=1 k" "$(cat "$TREES/alice/.env" "$TREES/alice/conf/site.key" | tr '\n' ' ' | sed 's/ $//')"
for t in alice feature-bob carol; do wait_until 20 test -s "$TREES/$t/setup.log"; done
expect_eq "worktree-setup ran in each, once" "setup ran
setup ran
setup ran" "$(cat "$TREES/alice/setup.log" "$TREES/feature-bob/setup.log" "$TREES/carol/setup.log")"
wait_until 20 sh -c "'$AMUX_BIN' -S '$SOCK' display -p -t alice '#{pane_current_command}' | grep -qx sh"
expect_ok "then the pane's own program (a shell)" "sh" display -p -t alice '#{pane_current_command}'
amux set-option -g worktree-setup ''
expect_eq "the setup's file is all that is new" "?? setup.log" "$(g "$TREES/alice" status --porcelain)"
rm "$TREES/alice/setup.log" "$TREES/feature-bob/setup.log" "$TREES/carol/setup.log"

# Joining shares the branch; apeers shows each member's worktree.
for m in alice bob carol; do amux ajoin -t $m team >/dev/null; done
expect_eq "worktree.<member> shared" "amux/alice feature/bob amux/carol" "$(amux aget -t alice worktree.alice) $(amux aget -t alice worktree.bob) $(amux aget -t alice worktree.carol)"

# Work on the branches: alice and bob both change a.txt's first line, carol adds a file.
commit "$TREES/alice" "sed -i 's/one/ONE/' a.txt" "alice: ONE"
commit "$TREES/feature-bob" "sed -i 's/one/uno/' a.txt" "bob: uno"
commit "$TREES/carol" "echo c >c.txt" "carol: c"
commit "$TREES/carol" "echo d >d.txt" "carol: d"
echo wip >"$TREES/carol/wip.txt"
LS='#{worktree_session}|#{worktree_pane}|#{worktree_branch}|#{worktree_base}|#{worktree_ahead}|#{worktree_behind}|#{worktree_changes}|#{worktree_live}'
expect_ok "list-worktrees -F" "alice||amux/alice|main|1|0|0|1
bob||feature/bob|main|1|0|0|1
carol||amux/carol|main|2|0|1|1" list-worktrees -F "$LS"
expect_ok "list-worktrees" "alice: amux/alice from main, 1 ahead, 0 behind, clean ($TREES/alice)
bob: feature/bob from main, 1 ahead, 0 behind, clean ($TREES/feature-bob)
carol: amux/carol from main, 2 ahead, 0 behind, 1 change ($TREES/carol)" lswt
expect_eq "list-worktrees -J" '{"path":"'"$TREES"'/carol","repo":"'"$REPO"'","branch":"amux/carol","base":"main","session":"carol","pane":"","live":true,"ahead":2,"behind":0,"changes":1}' "$(amux lswt -J | sed 's/^\[//; s/\]$//; s/},{/}\n{/g' | tail -1)"
PF='#{peer_name} #{peer_branch} #{peer_ahead} #{peer_behind} #{peer_changes}'
expect_ok "apeers -F: each member's branch and how it stands" "bob feature/bob 1 0 0
carol amux/carol 2 0 1" apeers -t alice -F "$PF"
run apeers -t alice
expect_eq "apeers: a Worktree line" "    Worktree: amux/carol +2 -0 ~1 ($TREES/carol)" "$(echo "$OUT" | grep 'Worktree: amux/carol')"
expect_eq "apeers -J: the worktree" '"worktree":{"path":"'"$TREES"'/carol","branch":"amux/carol","base":"main","ahead":2,"behind":0,"changes":1}' "$(amux apeers -t alice -J | grep -o '"worktree":{[^}]*}' | tail -1)"
# A pane that goes quiet has its worktree read again (in the background).
amux send-keys -t carol 'rm wip.txt; echo e >e.txt' Enter
if wait_until 20 sh -c "'$AMUX_BIN' -S '$SOCK' apeers -t alice -F '$PF' | grep -qx 'carol amux/carol 2 0 1' && ! [ -e '$TREES/carol/wip.txt' ] && [ -e '$TREES/carol/e.txt' ]"; then pass; else fail "read again when quiet" "$(amux apeers -t alice -F "$PF")"; fi

# Merging: a fast-forward, a conflict refused with its file named, a merge commit.
expect_ok "a fast-forward" "Merged amux/alice into main (fast-forward to $(g "$TREES/alice" rev-parse --short HEAD))" merge-worktree -t alice
expect_eq "main moved" "alice: ONE" "$(g "$REPO" log -1 --format=%s main)"
expect_eq "the checkout of main has it" "ONE" "$(head -1 "$REPO/a.txt")"
expect_error "a conflict: refused, the file named" "merge of feature/bob into main conflicts in: a.txt" merge-worktree feature/bob
expect_eq "nothing changed" "alice: ONE
 clean" "$(g "$REPO" log -1 --format=%s main; echo " $(g "$REPO" status --porcelain --untracked-files=no | wc -l | sed 's/^0$/clean/')")"
expect_error "uncommitted changes in the worktree" "worktree has uncommitted changes: $TREES/carol (commit them, or -f merges what is committed)" merge-worktree carol
run merge-worktree -f carol
expect_eq "-f: a merge commit of what is committed" "0 Merged amux/carol into main (merge commit $(g "$REPO" rev-parse --short main))" "$RC $OUT"
expect_eq "its two parents" "2" "$(g "$REPO" log -1 --format=%p main | wc -w)"
expect_ok "nothing more to merge" "Nothing to merge: amux/alice is in main" merge-worktree alice
expect_ok "merged and merge-conflict events" "merged alice amux/alice main fast-forward
merge-conflict bob feature/bob main a.txt
merged carol amux/carol main merge commit" aevents -t alice -k merged,merge-conflict -F '#{event_kind} #{event_session} #{event_key} #{event_value} #{event_data}'
# A base not checked out anywhere moves by its ref alone (-M: a merge commit always).
g "$REPO" branch side main~1
amux new-session -d -s dave -W -B side -c "$REPO"
commit "$TREES/dave" "echo x >x.txt" "dave: x"
run merge-worktree -M dave
expect_eq "-M into a branch no checkout has" "0 Merged amux/dave into side (merge commit $(g "$REPO" rev-parse --short side))" "$RC $OUT$ERR"
expect_eq "side's merge commit" "Merge branch 'amux/dave' into side" "$(g "$REPO" log -1 --format=%s side)"
echo dirt >>"$REPO/a.txt"
expect_error "a dirty base" "base main has uncommitted changes in $REPO" merge-worktree feature/bob
g "$REPO" checkout -q -- a.txt

# A pane of its own: split-window -W, its member's worktree.
run split-window -d -P -F '#{pane_id}' -t dave -W
PANE=$OUT
expect_ok "split-window -W: the pane's worktree" "$TREES/dave-p${PANE#%} amux/dave-p${PANE#%}" display -p -t "$PANE" '#{pane_worktree} #{pane_branch}'
amux ajoin -t "$PANE" -G claude -n erin team >/dev/null
expect_ok "the pane member's branch shared" "amux/dave-p${PANE#%}" aget -t alice worktree.erin
run new-window -d -P -F '#{pane_id}' -t dave -w win/x
expect_ok "new-window -w" "$TREES/win-x win/x" display -p -t "$OUT" '#{pane_worktree} #{pane_branch}'

# Leases mean the repository's paths: the same file from two worktrees conflicts.
amux send-keys -t bob "'$AMUX_BIN' -S '$SOCK' alock -t bob a.txt >$TEST_DIR/lock.out 2>&1" Enter
wait_until 20 test -s "$TEST_DIR/lock.out"
expect_eq "bob's lease, from his worktree" "Locked in group 'team': a.txt (fence N, expires in Ns)" "$(sed -E 's/fence [0-9]+/fence N/; s/in [0-9]+s/in Ns/' "$TEST_DIR/lock.out")"
expect_eq "the lease is the repository's path" "a.txt bob" "$(amux alocks -t alice -F '#{lock_path} #{lock_holder}')"
(cd "$TREES/alice" && "$AMUX_BIN" -S "$SOCK" alock -t alice "$TREES/alice/a.txt" >"$TEST_DIR/lock2.out" 2>&1)
expect_eq "alice's worktree: the same path, refused" "path 'a.txt' is locked by session 'bob' (expires in Ns)" "$(sed -E 's/in [0-9]+s/in Ns/' "$TEST_DIR/lock2.out")"
(cd "$REPO" && "$AMUX_BIN" -S "$SOCK" aunlock -t bob a.txt >/dev/null)
expect_ok "released from the main checkout, by the same path" "" alocks -t alice -F '#{lock_path}'
(cd "$TEST_DIR" && "$AMUX_BIN" -S "$SOCK" alock -t alice notes/a.txt >/dev/null)
expect_ok "outside any checkout: as given" "notes/a.txt" alocks -t alice -F '#{lock_path}'

# Removing: refused while dirty; -f; kill-session keeps its worktree, -W removes it.
echo dirt >"$TREES/alice/dirt.txt"
expect_error "remove-worktree while dirty" "worktree has uncommitted changes: $TREES/alice (-f removes them)" remove-worktree alice
expect_error "kill-session -W while dirty" "worktree has uncommitted changes: $TREES/alice (remove-worktree -f removes them)" kill-session -W -t alice
expect_ok "the session is still there" "alice" display -p -t alice '#{session_name}'
expect_ok "remove-worktree -f" "" remove-worktree -f alice
expect_eq "its directory gone, its branch kept" "no amux/alice" "$([ -e "$TREES/alice" ] && echo yes || echo no) $(g "$REPO" branch --list amux/alice --format='%(refname:short)')"
amux kill-session -t bob
expect_eq "kill-session keeps the worktree" "yes" "$([ -d "$TREES/feature-bob" ] && echo yes || echo no)"
expect_eq "listed as gone" "bob (gone): feature/bob from main, 1 ahead, 4 behind, clean ($TREES/feature-bob)" "$(amux lswt | grep '^bob')"
expect_ok "remove a gone session's worktree" "" remove-worktree feature/bob
rm "$TREES/carol/e.txt"
expect_ok "kill-session -W" "" kill-session -W -t carol
expect_eq "carol's directory gone" "no" "$([ -e "$TREES/carol" ] && echo yes || echo no)"

# After a crash the sessions come back (resurrection) with their worktrees known again.
pid=$(amux display -p '#{pid}')
kill -9 "$pid"
wait_until 10 sh -c "! kill -0 $pid 2>/dev/null"
amux start-server
expect_eq "worktrees known again after a restart" "dave amux/dave
dave amux/dave-p${PANE#%}
dave win/x" "$(amux lswt -F '#{worktree_session} #{worktree_branch}' | sort)"
expect_ok "the session's worktree format again" "$TREES/dave amux/dave" display -p -t dave '#{session_worktree} #{session_branch}'

# A background read that began before a list-worktrees read does not put back the older
# status it found. A git in PATH holds a git status while the file hold is there: it reads
# the status, makes held.N (the Nth held) and waits for go.N before it answers.
mkdir -p "$TEST_DIR/slowgit"
cat >"$TEST_DIR/slowgit/git" <<EOS
#!/bin/sh
[ "\$4" = status ] && [ -e "$TEST_DIR/slowgit/hold" ] || exec $(command -v git) "\$@"
out=\$($(command -v git) "\$@"); rc=\$?
n=\$(ls "$TEST_DIR/slowgit" | grep -c '^held\.')
n=\$((n + 1)); : >"$TEST_DIR/slowgit/held.\$n"
i=0; while [ ! -e "$TEST_DIR/slowgit/go.\$n" ] && [ \$i -lt 600 ]; do sleep 0.05; i=\$((i + 1)); done
[ -z "\$out" ] || printf '%s\n' "\$out"; exit \$rc
EOS
chmod +x "$TEST_DIR/slowgit/git"
amux set-option -g agent-idle-time 100
: >"$TEST_DIR/slowgit/hold"
PATH=$TEST_DIR/slowgit:$PATH amux new-session -d -s zed -G claude -W -c "$REPO" cat
amux new-session -d -s obs -G claude && amux ajoin -t obs stale >/dev/null && amux ajoin -t zed stale >/dev/null
wait_until 20 test -e "$TEST_DIR/slowgit/held.1"  # the read of a new worktree: clean
rm "$TEST_DIR/slowgit/hold"
commit "$TREES/zed" 'echo z >z.txt' z && echo wip >"$TREES/zed/wip.txt"
LZ='#{worktree_session} #{worktree_ahead} #{worktree_behind} #{worktree_changes}'
expect_eq "list-worktrees reads now" "zed 1 0 1" "$(amux lswt -F "$LZ" | grep '^zed ')"
: >"$TEST_DIR/slowgit/hold"
amux send-keys -t zed x  # output, then quiet: another background read
: >"$TEST_DIR/slowgit/go.1"
wait_until 20 test -e "$TEST_DIR/slowgit/held.2"  # read 1 has ended, read 2 has begun
expect_ok "an older background read does not undo a newer one" "zed 1 0 1" apeers -t obs -F '#{peer_name} #{peer_ahead} #{peer_behind} #{peer_changes}'
: >"$TEST_DIR/slowgit/go.2"
rm "$TEST_DIR/slowgit/hold"
amux kill-session -t obs

# Bad input: each a clear error, nothing left half made.
before=$(g "$REPO" branch --format='%(refname:short)'; ls "$TREES")
expect_error "outside a repository" "not in a git repository: $TEST_DIR" new-session -d -s x1 -W -c "$TEST_DIR"
expect_error "a branch that exists" "branch exists: feature/bob" new-session -d -s x2 -w feature/bob -c "$REPO"
expect_error "a bad base" "invalid base: nosuch" new-session -d -s x3 -W -B nosuch -c "$REPO"
expect_error "a bad branch name" "invalid branch name: a..b" new-session -d -s x4 -w a..b -c "$REPO"
expect_error "an option-looking branch" "invalid branch name: -x" new-session -d -s x5 -w -x -c "$REPO"
mkdir -p "$TREES/taken"
expect_error "a directory that exists" "worktree directory exists: $TREES/taken" new-session -d -s taken -W -c "$REPO"
rmdir "$TREES/taken"
expect_error "-B alone" "-B goes with -W or -w" new-session -d -s x6 -B main -c "$REPO"
expect_error "a duplicate session: checked first" "duplicate session: dave" new-session -d -s dave -W -c "$REPO"
printf '../outside\n' >"$REPO/.worktreeinclude"
expect_error "a .worktreeinclude path outside" ".worktreeinclude: a path outside the checkout: ../outside" new-session -d -s x7 -W -c "$REPO"
g "$REPO" checkout -q -- .worktreeinclude
mkdir -p "$TEST_DIR/nogit"
ln -s "$(command -v sh)" "$TEST_DIR/nogit/sh"
expect_eq "git missing" "git not found: install git, or put it in PATH
1" "$(PATH=$TEST_DIR/nogit "$AMUX_BIN" -S "$SOCK" new-session -d -s x8 -W -c "$REPO" 2>&1; echo $?)"
expect_eq "nothing half made" "$before" "$(g "$REPO" branch --format='%(refname:short)'; ls "$TREES")"
expect_error "no such session made" "can't find session: x1" has-session -t x1
expect_error "merge: no worktree" "no worktree: nope" merge-worktree nope
expect_error "merge: a pane without one" "no worktree for pane %0 or session alice" merge-worktree -t alice
expect_error "kill-session -W without one" "session alice has no worktree" kill-session -W -t alice
expect_error "remove: no worktree" "no worktree: nope" remove-worktree nope
expect_error "list-worktrees takes no argument" "command list-worktrees: too many arguments (need at most 0)" list-worktrees x
expect_alive "server alive"
finish
