// Wake-up through MCP: client B's `wait` tool call (for a key) is answered once client A's
// `share` tool call lands; each round times from A's call leaving until B's answer
// arrives. Both are official TypeScript SDK clients of `amux mcp` over stdio, as agents
// are. Prints "P50 P99" in microseconds.
// Usage: node mcp-wake.mjs AMUX_BIN SOCKET ROUNDS  (sessions "waiter" and "sharer" in a group)
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";

const [bin, socket, rounds] = process.argv.slice(2);
async function connect(session) {
  const transport = new StdioClientTransport({ command: bin, args: ["-S", socket, "mcp", "-t", session] });
  const client = new Client({ name: session, version: "1.0.0" });
  await client.connect(transport);
  return client;
}
const waiter = await connect("waiter");
const sharer = await connect("sharer");
const times = [];
for (let i = 0; i < Number(rounds); i++) {
  const last = (await sharer.callTool({ name: "events", arguments: { count: 1 } })).structuredContent.items[0].seq;
  const woken = waiter.callTool({ name: "wait", arguments: { for: "key", key: "tick", since: last, timeout_seconds: 30 } });
  // Give the wait time to park first, as an agent's wait would be: the measure is the wake.
  // 2 ms keeps the processes on the path warm; after 10 ms idle (what coord-bench gives the
  // one-shot waiter) each of the four processes an MCP wake passes through starts cold,
  // and the p50 here roughly doubled (1327-1447 us against 737-858 in turns, 2026-12-06).
  await new Promise((resolve) => setTimeout(resolve, 2));
  const start = process.hrtime.bigint();
  const shared = sharer.callTool({ name: "share", arguments: { key: "tick", value: String(i) } });
  const r = await woken;
  const end = process.hrtime.bigint();
  await shared;
  if (r.structuredContent.timed_out) throw new Error("a wait timed out");
  times.push(Number(end - start) / 1000);
}
times.sort((x, y) => x - y);
const at = (q) => Math.round(times[Math.min(times.length - 1, Math.floor(q * times.length))]);
console.log(`${at(0.5)} ${at(0.99)}`);
await waiter.close();
await sharer.close();
process.exit(0);
