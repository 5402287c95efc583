// amux mcp driven by the official MCP TypeScript SDK client over stdio: the tool list and
// schemas, every tool called with its structured result checked, tool errors with amux's
// text, two clients in two sessions where one's wait is woken by the other's share, a
// wait for a pane's output, and malformed JSON-RPC answered with its error code.
// Usage: node mcp-client.mjs AMUX_BIN SOCKET. Prints "ok NAME" or "FAIL NAME ..." per
// check and a last line "mcp: N failed".
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import {
  LoggingMessageNotificationSchema,
  ResourceUpdatedNotificationSchema,
} from "@modelcontextprotocol/sdk/types.js";
import { execFileSync, spawn } from "node:child_process";

const [amuxBin, socket] = process.argv.slice(2);
let failed = 0;
const check = (name, expected, actual) => {
  const e = JSON.stringify(expected), a = JSON.stringify(actual);
  if (e === a) {
    console.log(`ok ${name}`);
  } else {
    failed++;
    console.log(`FAIL ${name}\n  expected: ${e}\n  actual:   ${a}`);
  }
};
const amux = (...args) => execFileSync(amuxBin, ["-S", socket, ...args], { encoding: "utf8" });

async function connect(session) {
  const transport = new StdioClientTransport({
    command: amuxBin,
    args: ["-S", socket, "mcp", "-t", session],
    env: { PATH: process.env.PATH, HOME: process.env.HOME ?? "/tmp" },
    stderr: "inherit",
  });
  const client = new Client({ name: `test-${session}`, version: "1.0.0" });
  await client.connect(transport);
  return client;
}
const text = (r) => r.content.map((c) => c.text).join("");
// A call that must succeed: its structured content.
async function ok(client, name, args = {}) {
  const r = await client.callTool({ name, arguments: args });
  if (r.isError) {
    failed++;
    console.log(`FAIL ${name} errored: ${text(r)}`);
  }
  return r.structuredContent;
}
// A call that must fail as a tool error: its text.
async function toolError(client, name, args) {
  const r = await client.callTool({ name, arguments: args });
  return r.isError ? text(r) : `not an error: ${text(r)}`;
}

const a = await connect("a");
const b = await connect("b");

// The tool list, each with schemas.
const { tools } = await a.listTools();
check("tool names", [
  "join", "leave", "share", "get", "peers", "groups", "events", "wait", "send", "inbox",
  "lock", "unlock", "locks", "status", "list_sessions", "list_windows", "list_panes",
  "new_session", "new_window", "split", "send_keys", "capture_pane", "wait_output",
], tools.map((t) => t.name));
check("every tool has object schemas", true,
  tools.every((t) => t.inputSchema.type === "object" && t.outputSchema.type === "object"));
check("server identifies itself", "amux", a.getServerVersion().name);
const share = tools.find((t) => t.name === "share").inputSchema;
check("share's input schema", [["key", "value", "version", "ephemeral", "expire_seconds"], ["key", "value"], "integer"],
  [Object.keys(share.properties), share.required, share.properties.version.type]);

// Joining, sharing, reading.
check("join a (coordinator)", { output: "Session 'a' joined group 'team'\nFirst session in group (coordinator)" },
  await ok(a, "join", { group: "team" }));
check("join b", { output: "Session 'b' joined group 'team'\nDiscovered 1 peer: a" },
  await ok(b, "join", { group: "team" }));
check("share", { output: "Shared with group 'team': k=v 1" }, await ok(a, "share", { key: "k", value: "v 1" }));
const got = await ok(b, "get", { key: "k" });
check("get one key", ["k", "v 1", "a"], [got.key, got.value, got.author]);
const version = got.version;
check("share with the right version (compare-and-set)", { output: "Shared with group 'team': k=v2" },
  await ok(b, "share", { key: "k", value: "v2", version }));
check("a stale version is a tool error with amux's text", `version mismatch: key k is at version ${version + 1}`,
  await toolError(a, "share", { key: "k", value: "v3", version }));
const all = await ok(a, "get", {});
check("get everything", [["k", "v2"]], all.items.map((i) => [i.key_name, i.key_value]));
check("get by prefix", [["k", "v2"]], (await ok(a, "get", { prefix: "k" })).items.map((i) => [i.key_name, i.key_value]));
check("get with both", "give key or prefix, not both", await toolError(a, "get", { key: "k", prefix: "k" }));
const peers = await ok(b, "peers");
check("peers", ["team", "b", ["a"]], [peers.group, peers.session, peers.peers.map((p) => p.name)]);
const groups = await ok(a, "groups");
check("groups", 1, groups.items.length);

// One client's wait woken by the other's share: the wait asks for an event after the
// newest one now, so it cannot miss the share whichever comes first.
const events = await ok(a, "events", { count: 1 });
const since = events.items[0].seq;
const waiting = b.callTool({ name: "wait", arguments: { for: "key", key: "done", since, timeout_seconds: 60 } });
check("share done", { output: "Shared with group 'team': done=yes" }, await ok(a, "share", { key: "done", value: "yes" }));
const woken = (await waiting).structuredContent;
check("the wait woke with the share", [false, "share", "a", "done", "yes"],
  [woken.timed_out, woken.event.kind, woken.event.session, woken.event.key, woken.event.value]);
check("a wait that times out is no error", { timed_out: true },
  await ok(b, "wait", { for: "message", timeout_seconds: 0 }));

// Messages, leases, status.
check("send", "Message N sent to b",
  (await ok(a, "send", { to: "b", message: "hello b" })).output.replace(/^Message \d+ /, "Message N "));
const inbox = await ok(b, "inbox");
check("inbox", [["a", "hello b"]], inbox.items.map((m) => [m.message_from, m.message_text]));
check("lock", true, (await ok(a, "lock", { paths: ["src/x.c"] })).output.startsWith("Locked in group 'team': src/x.c"));
check("a held lease refuses", "path 'src/x.c' is locked by session 'a' (expires in 3600s)",
  (await toolError(b, "lock", { paths: ["src/x.c"] })).replace(/expires in \d+s/, "expires in 3600s"));
const locks = await ok(b, "locks");
check("locks", [["src/x.c", "a"]], locks.items.map((l) => [l.lock_path, l.lock_holder]));
await ok(a, "unlock", {});
check("unlocked", 0, (await ok(b, "locks")).items.length);
await ok(a, "status", { state: "blocked", note: "on review" });
const seen = (await ok(b, "peers")).peers.find((p) => p.name === "a");
check("status shows to peers", ["blocked", "on review"], [seen.state, seen.note]);
const reached = await ok(b, "wait", { for: "peer_state", peer: "a", state: "blocked", timeout_seconds: 60 });
check("wait for a peer's state (already there)", [false, "state", "a", "blocked"],
  [reached.timed_out, reached.event.kind, reached.event.session, reached.event.value]);
check("wait for what", "invalid argument: for must be key, message, peer_state or any",
  await toolError(b, "wait", { for: "weather" }));
check("a lock that may wait", true,
  (await ok(b, "lock", { paths: ["docs/*"], shared: true, wait_seconds: 5, reason: "reading" })).output.startsWith("Locked in group 'team': docs/*"));
check("shared, with its reason", [["docs/*", "shared", "b"]],
  (await ok(a, "locks")).items.map((l) => [l.lock_path, l.lock_mode, l.lock_holder]));
await ok(b, "unlock", { paths: ["docs/*"] });

// Panes: a session, keys, a wait for its output, capture, windows, splits.
const made = await ok(a, "new_session", { name: "work", command: "PS1='$ ' exec /bin/sh", width: 60, height: 10 });
check("new_session", ["work", true, true], [made.session, made.session_id.startsWith("$"), made.pane_id.startsWith("%")]);
// Keys typed before the shell's first prompt would be echoed ahead of it: wait for it.
check("wait_output for the prompt", { timed_out: false, line: "$" },
  await ok(a, "wait_output", { target: made.pane_id, regex: "^[$]$", timeout_seconds: 60 }));
const outputWait = a.callTool({ name: "wait_output", arguments: { target: made.pane_id, regex: "^mcp-[0-9]+$", timeout_seconds: 60 } });
await ok(b, "send_keys", { target: made.pane_id, keys: ["echo mcp-$((40+2))", "Enter"] });
check("wait_output woken by the pane's output", { timed_out: false, line: "mcp-42" }, (await outputWait).structuredContent);
check("capture_pane", true, (await ok(a, "capture_pane", { target: made.pane_id })).output.split("\n").includes("mcp-42"));
check("wait_output timeout", { timed_out: true }, await ok(a, "wait_output", { target: made.pane_id, regex: "never", timeout_seconds: 0 }));
// A session in its own git worktree (the repository made here, in a directory of its own).
const repo = execFileSync("mktemp", ["-d"], { encoding: "utf8" }).trim() + "/repo";
execFileSync("sh", ["-c", `git init -q -b main ${repo} && cd ${repo} && git -c user.name=t -c user.email=t@t commit -q --allow-empty -m init`]);
const tree = await ok(a, "new_session", { name: "wt", directory: repo, worktree: true, command: "cat" });
check("new_session in a worktree", [`${repo}.worktrees/wt`, "amux/wt"], [tree.worktree, tree.branch]);
check("a branch of its own", "amux/wt", execFileSync("git", ["-C", tree.worktree, "branch", "--show-current"], { encoding: "utf8" }).trim());
amux("kill-session", "-W", "-t", "wt");
const win = await ok(a, "new_window", { target: "work", name: "second", command: "cat" });
const split = await ok(a, "split", { target: win.pane_id, horizontal: true, command: "cat" });
check("split in the new window", win.window_id, split.window_id);
check("list_panes", 2, (await ok(a, "list_panes", { window: win.window_id })).items.length);
check("list_windows", [0, 1], (await ok(a, "list_windows", { session: "work" })).items.map((w) => w.window_index));
check("list_sessions", ["a", "b", "work"], (await ok(a, "list_sessions")).items.map((s) => s.name).sort());
// Resources: the group's context and the panes, read and subscribed to; the group's
// events as notifications/message. Each notification is awaited (it follows an action
// taken after the subscription was answered), never assumed absent.
const resources = (await b.listResources()).resources.map((r) => r.uri);
check("resources listed", [true, true],
  [resources.includes("amux://group/team/context"), resources.includes(`amux://pane/${made.pane_id}`)]);
const context = JSON.parse((await b.readResource({ uri: "amux://group/team/context" })).contents[0].text);
check("read the group's context", [["done", "yes"], ["k", "v2"]], context.map((c) => [c.key, c.value]).sort());
const screen = (await b.readResource({ uri: `amux://pane/${made.pane_id}` })).contents[0];
check("read a pane's screen", ["text/plain", true], [screen.mimeType, screen.text.split("\n").includes("mcp-42")]);
const updates = [];
let onUpdate = () => {};
b.setNotificationHandler(ResourceUpdatedNotificationSchema, (n) => { updates.push(n.params.uri); onUpdate(); });
const messages = [];
let onMessage = () => {};
b.setNotificationHandler(LoggingMessageNotificationSchema, (n) => { messages.push(n.params); onMessage(); });
const until = (test, set) => new Promise((resolve) => { set(() => { if (test()) resolve(); }); if (test()) resolve(); });
check("subscribe to the context", {}, await b.subscribeResource({ uri: "amux://group/team/context" }));
await ok(a, "share", { key: "watched", value: "1" });
await until(() => updates.includes("amux://group/team/context"), (f) => { onUpdate = f; });
check("the context's update came", true, updates.includes("amux://group/team/context"));
await until(() => messages.some((m) => m.data.key === "watched"), (f) => { onMessage = f; });
const told = messages.find((m) => m.data.key === "watched");
check("the share as a notifications/message", ["info", "amux", "share", "a", "1"],
  [told.level, told.logger, told.data.kind, told.data.session, told.data.value]);
// A member waiting for a person reaches the other agent's client as a notification too.
await ok(a, "status", { state: "waiting", note: "approve the plan?" });
await until(() => messages.some((m) => m.data.kind === "state" && m.data.value === "waiting"), (f) => { onMessage = f; });
const waitingNote = messages.find((m) => m.data.kind === "state" && m.data.value === "waiting");
check("waiting as a notifications/message", ["a", "approve the plan?"], [waitingNote.data.session, waitingNote.data.data]);
await ok(a, "status", { state: "working" });
const paneUri = `amux://pane/${made.pane_id}`;
check("subscribe to a pane", {}, await b.subscribeResource({ uri: paneUri }));
await ok(a, "send_keys", { target: made.pane_id, keys: ["echo subscribed", "Enter"] });
await until(() => updates.includes(paneUri), (f) => { onUpdate = f; });
check("the pane's update came", true, updates.includes(paneUri));
check("unsubscribe", {}, await b.unsubscribeResource({ uri: paneUri }));
for (const [uri, why] of [["amux://pane/%99", "no such pane"], ["amux://group/other/context", "another group"], ["file:///etc/passwd", "not amux's"]]) {
  try {
    await b.readResource({ uri });
    check(`read ${why}`, "an error", "a result");
  } catch (e) {
    check(`read ${why}`, [-32002, `resource not found: ${uri}`], [e.code, e.message.replace(/^MCP error -?\d+: /, "")]);
  }
}

check("leave", { output: "Session 'b' left group 'team'\nRemoved from 1 peer" }, await ok(b, "leave"));

// Errors: amux's text as tool errors; bad arguments; an unknown tool is a protocol error.
check("no such pane", "can't find pane: %99", await toolError(a, "capture_pane", { target: "%99" }));
check("bad regex", "invalid regex: Unmatched ( or \\(", await toolError(a, "wait_output", { target: made.pane_id, regex: "(" }));
check("missing argument", "missing argument: key", await toolError(a, "share", { value: "x" }));
check("wrong type", "invalid argument: count must be a whole number", await toolError(a, "events", { count: "x" }));
try {
  await a.callTool({ name: "nosuch", arguments: {} });
  check("unknown tool", "an error", "a result");
} catch (e) {
  check("unknown tool", [-32602, "unknown tool: nosuch"], [e.code, e.message.replace(/^MCP error -?\d+: /, "")]);
}
check("server alive", "work\n", amux("display", "-p", "-t", "work", "#{session_name}"));
await a.close();
await b.close();

// Malformed JSON-RPC on a raw connection: the error code, and the server goes on.
const raw = spawn(amuxBin, ["-S", socket, "mcp", "-t", "a"], { stdio: ["pipe", "pipe", "inherit"] });
let rawOut = "";
raw.stdout.on("data", (d) => { rawOut += d; });
raw.stdin.end([
  "this is not json",
  JSON.stringify([{ jsonrpc: "2.0", id: 1, method: "ping" }]),
  JSON.stringify({ jsonrpc: "1.0", id: 2, method: "ping" }),
  JSON.stringify({ jsonrpc: "2.0", id: 3, method: "no/such" }),
  JSON.stringify({ jsonrpc: "2.0", id: 4, method: "tools/call" }),
  JSON.stringify({ jsonrpc: "2.0", id: 5, method: "ping" }),
  "",
].join("\n"));
await new Promise((resolve) => raw.on("close", resolve));
check("malformed JSON-RPC", [
  { jsonrpc: "2.0", id: null, error: { code: -32700, message: "parse error" } },
  { jsonrpc: "2.0", id: null, error: { code: -32600, message: "invalid request: batches are not supported" } },
  { jsonrpc: "2.0", id: 2, error: { code: -32600, message: "invalid request" } },
  { jsonrpc: "2.0", id: 3, error: { code: -32601, message: "method not found: no/such" } },
  { jsonrpc: "2.0", id: 4, error: { code: -32602, message: "tools/call needs params" } },
  { jsonrpc: "2.0", id: 5, result: {} },
], rawOut.trim().split("\n").map((l) => JSON.parse(l)));

console.log(`mcp: ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
