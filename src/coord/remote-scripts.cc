// The Lua scripts a remote group runs in Redis. Each decides one request atomically
// (Redis runs a script alone) on the group's keys, all under the prefix amux:{GROUP}:
//   info      hash: version, seq, fence... counters, created, activity
//   ctx       hash: key -> value;  meta: key -> {v version, a author, t time, e, x}
//   members   zset: name -> join order (the lowest is the coordinator)
//   peers     hash: name -> {server, host, sid, type, objective, state, note, joined}
//   servers   hash: server id -> the Redis time (ms) by which its next heartbeat is due;
//             its members go when that passes (an older amux's srv:ID key with PX counts)
//   beat      string: the Redis time (ms) of the last heartbeat of any server
//   events    stream (XADD MAXLEN ~ max(limit, 10000)): one entry per event, what every
//             server reads
//   leases    hash: path\nholder -> {path, holder, fence, shared, expires, pane}
//   lease:P   string SET NX PX: "holder fence" of the exclusive lease on path P
//   fence     string: the fencing counter (INCR)
//   inbox:N   stream: N's unread messages
//   to:ID     channel (not a key): the events of other servers' scripts, for server ID
// ARGV: 1 event limit, 2 the caller's last stream id ("0": none), 3 server id, 4 group
// name, then the request's own. A script returns {status, result, events after ARGV[2]}
// (a share: its own events), and sends its events to the group's other servers (fanout).
#include "amux/coord/remote.h"

namespace amux {

static const char* const kPrelude = R"LUA(
local P = KEYS[1]
local LIMIT = tonumber(ARGV[1])
-- The stream keeps more than a replica does: a server that fell behind catches up from it.
local CAP = math.max(LIMIT, 10000)
-- Numbers go to Redis as text made once: a Lua number turned into text each time it is
-- passed (printf's %.17g) was the largest part of a share's time in Redis.
local fmt = string.format
local CAP_S = fmt('%d', CAP)
local LAST = ARGV[2]
local SERVER = ARGV[3]
local GROUP = ARGV[4]
local t = redis.call('TIME')
local NOW_S = t[1]
local now = tonumber(NOW_S)

-- This script's own events as XRANGE gives them ({id, {field, value...}}): fanout() sends
-- them on to the group's other servers, and a share returns them to its caller.
local OUT = {}
local function xadd(args)  -- the XADD arguments; the entry's fields from the 6th on
  local id = redis.call('XADD', unpack(args))
  local f = {}
  for i = 6, #args do f[#f + 1] = tostring(args[i]) end
  OUT[#OUT + 1] = {id, f}
  return id
end

local function emit(kind, actor, f)
  local seq = redis.call('HINCRBY', P..'info', 'seq', 1)
  redis.call('HSET', P..'info', 'activity', NOW_S)
  local gv = redis.call('HGET', P..'info', 'version') or '0'
  local args = {P..'events', 'MAXLEN', '~', CAP_S, '*', 'seq', fmt('%d', seq), 'kind', kind,
                'actor', actor, 'time', NOW_S, 'gv', gv}
  if f then
    for k, v in pairs(f) do
      args[#args + 1] = k
      args[#args + 1] = tostring(v)
    end
  end
  xadd(args)
  return seq
end

-- Every other server of the group gets this script's events on its channel (P..'to:'..id),
-- which its reader is subscribed to: one message a script, a JSON array of
-- [id, [field, value...]]. A message past 1 MiB (Redis would cut a subscriber off for a
-- few) is an empty array instead: read the stream.
local function fanout()
  if #OUT == 0 then return end
  local others = {}
  for _, id in ipairs(redis.call('HKEYS', P..'servers')) do
    if id ~= SERVER then others[#others + 1] = id end
  end
  if #others == 0 then return end
  local payload = cjson.encode(OUT)
  if #payload > 1048576 then payload = '[]' end
  for _, id in ipairs(others) do redis.call('PUBLISH', P..'to:'..id, payload) end
end

local function tail()
  local from = '-'
  if LAST ~= '0' then from = '(' .. LAST end
  return redis.call('XRANGE', P..'events', from, '+')
end

local function peer(name)
  local j = redis.call('HGET', P..'peers', name)
  if j then return cjson.decode(j) end
  return nil
end

-- A server is heard from (ttl ms more to live). When no heartbeat reached the group for
-- longer than half a ttl, Redis itself (or every link to it) stalled: each server gets a
-- whole ttl from now, so nobody alive is ended for Redis being slow.
local function heard(ttl)
  local now_ms = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
  local last = tonumber(redis.call('GET', P..'beat') or '0')
  redis.call('SET', P..'beat', now_ms)
  if last > 0 and now_ms - last > ttl / 2 then
    local ids = redis.call('HKEYS', P..'servers')
    for _, id in ipairs(ids) do redis.call('HSET', P..'servers', id, now_ms + ttl) end
  end
  redis.call('HSET', P..'servers', SERVER, now_ms + ttl)
  return now_ms
end

local function server_alive(id, now_ms)
  local due = tonumber(redis.call('HGET', P..'servers', id) or '0')
  return due >= now_ms or redis.call('EXISTS', P..'srv:'..id) == 1
end

local function member(name)
  return redis.call('ZSCORE', P..'members', name) ~= false
end

local function not_member(name)
  return {'err', "session '" .. name .. "' is not in a coordination group", tail()}
end

-- fnmatch with FNM_PATHNAME: * and ? do not cross '/', [...] is a class ([!...] negated).
local function glob(pat, s)
  local out = {'^'}
  local i = 1
  while i <= #pat do
    local c = pat:sub(i, i)
    if c == '*' then out[#out + 1] = '[^/]*'
    elseif c == '?' then out[#out + 1] = '[^/]'
    elseif c == '[' then
      local j = pat:find(']', i + 2, true)
      if not j then out[#out + 1] = '%['
      else
        local class = pat:sub(i + 1, j - 1)
        if class:sub(1, 1) == '!' then class = '^' .. class:sub(2) end
        out[#out + 1] = '[' .. class:gsub('%%', '%%%%') .. ']'
        i = j
      end
    elseif c:match('%W') then out[#out + 1] = '%' .. c
    else out[#out + 1] = c end
    i = i + 1
  end
  out[#out + 1] = '$'
  local ok, r = pcall(string.find, s, table.concat(out))
  return ok and r ~= nil
end

local function overlap(a, b)
  return a == b or glob(a, b) or glob(b, a)
end

local function message(from, to, text, prio, reply, paste)
  local seq = emit('message', from, {target = to, value = text, data = prio, ref = reply,
                                     paste = paste})
  redis.call('XADD', P..'inbox:'..to, 'MAXLEN', '~', 1000, '*', 'seq', seq, 'from', from,
             'text', text, 'priority', prio, 'reply', reply, 'time', now)
  return seq
end

local function release(which, kind)
  local all = redis.call('HGETALL', P..'leases')
  local gone = {}
  for i = 1, #all, 2 do
    local l = cjson.decode(all[i + 1])
    if which(l) then
      redis.call('HDEL', P..'leases', all[i])
      if not l.shared and redis.call('GET', P..'lease:'..l.path) == l.holder..' '..l.fence then
        redis.call('DEL', P..'lease:'..l.path)
      end
      emit(kind, l.holder, {key = l.path, fence = l.fence})
      if kind == 'expire' and member(l.holder) then
        message('amux', l.holder, "lease on '" .. l.path .. "' expired (fence " .. l.fence .. ")",
                '', 0, 0)
      end
      gone[#gone + 1] = {l.path, tostring(l.fence)}
    end
  end
  return gone
end

local function unset_key(key, author, why)
  redis.call('HDEL', P..'ctx', key)
  redis.call('HDEL', P..'meta', key)
  redis.call('HINCRBY', P..'info', 'version', 1)
  emit('unset', author, {key = key, data = why})
end

local function drop_member(name)
  release(function(l) return l.holder == name end, 'unlock')
  local meta = redis.call('HGETALL', P..'meta')
  for i = 1, #meta, 2 do
    local m = cjson.decode(meta[i + 1])
    if m.e == 1 and m.a == name then unset_key(meta[i], name, 'ephemeral') end
  end
  redis.call('DEL', P..'inbox:'..name)
  local first = redis.call('ZRANGE', P..'members', 0, 0)[1]
  redis.call('ZREM', P..'members', name)
  redis.call('HDEL', P..'peers', name)
  emit('leave', name, {})
  local nxt = redis.call('ZRANGE', P..'members', 0, 0)[1]
  if first == name and nxt then emit('coordinator', nxt, {}) end
end

local function add_member(name, rec)
  redis.call('HSETNX', P..'info', 'created', now)
  local order = redis.call('HINCRBY', P..'info', 'joins', 1)
  rec.joined = now
  redis.call('ZADD', P..'members', order, name)
  redis.call('HSET', P..'peers', name, cjson.encode(rec))
  emit('join', name, {value = rec.type, data = rec.objective, server = rec.server,
                      host = rec.host, sid = rec.sid, state = rec.state, note = rec.note})
  if redis.call('ZCARD', P..'members') == 1 then emit('coordinator', name, {}) end
end

-- The group as it is now, with the inboxes of the names given.
local function snapshot(names)
  local members = redis.call('ZRANGE', P..'members', 0, -1)
  local peers = {}
  for i, m in ipairs(members) do peers[i] = redis.call('HGET', P..'peers', m) or '{}' end
  local boxes = {}
  for _, n in ipairs(names) do
    boxes[#boxes + 1] = n
    boxes[#boxes + 1] = redis.call('XRANGE', P..'inbox:'..n, '-', '+')
  end
  return {redis.call('HGETALL', P..'info'), members, peers, redis.call('HGETALL', P..'ctx'),
          redis.call('HGETALL', P..'meta'), redis.call('HVALS', P..'leases'), boxes,
          redis.call('XREVRANGE', P..'events', '+', '-', 'COUNT', LIMIT)}
end
)LUA";

// join: name host sid type objective state note limit ttl, then the server's other local
// members (their inboxes come with the snapshot)
static const char* const kJoin = R"LUA(
local name, host, sid = ARGV[5], ARGV[6], ARGV[7]
local limit, ttl = tonumber(ARGV[12]), tonumber(ARGV[13])
heard(ttl)
local function mine(p) return p.server == SERVER and tostring(p.sid) == sid end
local p = peer(name)
if p and not mine(p) then
  name = host .. ':' .. name
  p = peer(name)
  if p and not mine(p) then
    return {'err', "session name '" .. ARGV[5] .. "' is taken in group '" .. GROUP .. "'", {}}
  end
end
if not p then
  local n = redis.call('ZCARD', P..'members')
  if n >= limit then
    local full = 'full (' .. limit .. ' members)'
    emit('conflict', name, {value = 'join', data = 'group ' .. full})
    return {'err', "group '" .. GROUP .. "' is " .. full, {}}
  end
  add_member(name, {server = SERVER, host = host, sid = tonumber(sid), type = ARGV[8],
                    objective = ARGV[9], state = ARGV[10], note = ARGV[11]})
end
local names = {name}
for i = 14, #ARGV do names[#names + 1] = ARGV[i] end
return {'ok', name, snapshot(names)}
)LUA";

// snapshot: the local members' names (the state as a join returns it, after a reconnect)
static const char* const kSnapshot = R"LUA(
local names = {}
for i = 5, #ARGV do names[#names + 1] = ARGV[i] end
return {'ok', '', snapshot(names)}
)LUA";

// leave: name
static const char* const kLeave = R"LUA(
if member(ARGV[5]) then drop_member(ARGV[5]) end
return {'ok', '', tail()}
)LUA";

// share: author, then each request of a command list:
// expected(''|n) ephemeral(0|1) seconds(0: none) unset(0|1) count, then count keys
// (unset) or key value pairs. Each request is all or none; the first refused ends the
// list, and the 4th item of the answer says how many went before it. What a list writes
// (the counters, the values and their meta) is kept here and written once at the end; only
// each event's XADD goes one by one. The answer carries the list's own events, not the
// stream's tail: the caller's reader brings the other servers' (pipelined lists would
// otherwise each carry every list before them).
static const char* const kShare = R"LUA(
local author = ARGV[5]
if not member(author) then
  local r = not_member(author)
  r[4] = 0
  return r
end
local counters = redis.call('HMGET', P..'info', 'seq', 'version')
local seq, version = tonumber(counters[1] or '0'), tonumber(counters[2] or '0')
local metas, values, written = {}, {}, {}  -- key -> meta (false: none), value (false: unset)
local function meta_of(key)
  local m = metas[key]
  if m == nil then
    m = redis.call('HGET', P..'meta', key)
    metas[key] = m
  end
  return m
end
local author_json = cjson.encode(author)
local function event(kind, f, vs)  -- vs: the group's version, as text
  seq = seq + 1
  local args = {P..'events', 'MAXLEN', '~', CAP_S, '*', 'seq', fmt('%d', seq), 'kind', kind,
                'actor', author, 'time', NOW_S, 'gv', vs}
  for i = 1, #f do args[#args + 1] = f[i] end
  xadd(args)
end
-- What the list wrote goes to Redis before the script answers (or emits as the prelude does).
local function flush()
  if next(written) == nil and seq == tonumber(counters[1] or '0') then return end
  redis.call('HSET', P..'info', 'seq', fmt('%d', seq), 'version', fmt('%d', version),
             'activity', NOW_S)
  local set_ctx, set_meta, gone = {P..'ctx'}, {P..'meta'}, {}
  for key in pairs(written) do
    if values[key] then
      set_ctx[#set_ctx + 1] = key
      set_ctx[#set_ctx + 1] = values[key]
      set_meta[#set_meta + 1] = key
      set_meta[#set_meta + 1] = metas[key]
    else
      gone[#gone + 1] = key
    end
  end
  for i = 2, #set_ctx, 4000 do
    redis.call('HSET', set_ctx[1], unpack(set_ctx, i, math.min(i + 3999, #set_ctx)))
    redis.call('HSET', set_meta[1], unpack(set_meta, i, math.min(i + 3999, #set_meta)))
  end
  for i = 1, #gone, 4000 do
    local batch = {unpack(gone, i, math.min(i + 3999, #gone))}
    redis.call('HDEL', P..'ctx', unpack(batch))
    redis.call('HDEL', P..'meta', unpack(batch))
  end
  written = {}
  counters[1] = fmt('%d', seq)
end
local i, applied = 6, 0
while i <= #ARGV do
  local expected, secs = ARGV[i], tonumber(ARGV[i + 2])
  local eph = '0'
  if ARGV[i + 1] == '1' then eph = '1' end
  local unset, n = ARGV[i + 3] == '1', tonumber(ARGV[i + 4])
  local step = 2
  if unset then step = 1 end
  local first, last = i + 5, i + 4 + n * step
  for j = first, last, step do
    local key = ARGV[j]
    local m = false  -- only a removal or a compare-and-set looks at the meta
    if unset or expected ~= '' then m = meta_of(key) end
    if unset and not m then
      flush()
      return {'err', 'no such key: ' .. key, tail(), applied}
    end
    if expected ~= '' then
      local at = 0
      if m then at = cjson.decode(m).v end
      if at ~= tonumber(expected) then
        flush()
        emit('conflict', author, {value = 'cas', key = key,
                                  data = 'at version ' .. at .. ', expected ' .. expected})
        return {'err', 'version mismatch: key ' .. key .. ' is at version ' .. at, tail(),
                applied}
      end
    end
  end
  local x = '0'
  if secs > 0 then x = fmt('%d', now + secs) end
  for j = first, last, step do
    local key = ARGV[j]
    version = version + 1
    local vs = fmt('%d', version)
    written[key] = true
    if unset then
      metas[key], values[key] = false, false
      event('unset', {'key', key, 'data', ''}, vs)
    else
      -- The meta as cjson would write it, numbers as text already.
      metas[key] = '{"v":' .. vs .. ',"a":' .. author_json .. ',"t":' .. NOW_S .. ',"e":' ..
                   eph .. ',"x":' .. x .. '}'
      values[key] = ARGV[j + 1]
      event('share', {'key', key, 'value', ARGV[j + 1], 'ver', vs, 'eph', eph, 'exp', x}, vs)
    end
  end
  applied = applied + 1
  i = last + 1
end
flush()
return {'ok', '', OUT, applied}
)LUA";

// send: from text priority reply paste to ...
static const char* const kSend = R"LUA(
local from, text, prio, reply, paste = ARGV[5], ARGV[6], ARGV[7], ARGV[8], ARGV[9]
if not member(from) then return not_member(from) end
for i = 10, #ARGV do
  if not member(ARGV[i]) then
    return {'err', "session '" .. ARGV[i] .. "' is not in group '" .. GROUP .. "'", tail()}
  end
  if redis.call('XLEN', P..'inbox:'..ARGV[i]) >= 1000 then
    return {'err', "inbox of session '" .. ARGV[i] .. "' is full (1000 unread messages)", tail()}
  end
end
local seqs = {}
for i = 10, #ARGV do seqs[#seqs + 1] = tostring(message(from, ARGV[i], text, prio, reply, paste)) end
return {'ok', seqs, tail()}
)LUA";

// read: reader id ... (the messages it read leave its inbox; a read event each)
static const char* const kRead = R"LUA(
local reader = ARGV[5]
local want = {}
for i = 6, #ARGV do want[ARGV[i]] = true end
local box = P..'inbox:'..reader
for _, entry in ipairs(redis.call('XRANGE', box, '-', '+')) do
  local f = {}
  for i = 1, #entry[2], 2 do f[entry[2][i]] = entry[2][i + 1] end
  if want[f.seq] then
    redis.call('XDEL', box, entry[1])
    emit('read', reader, {target = f.from, ref = f.seq})
  end
end
return {'ok', '', tail()}
)LUA";

// lock: holder shared(0|1) seconds pane path ...
static const char* const kLock = R"LUA(
local holder, shared, secs, pane = ARGV[5], ARGV[6] == '1', tonumber(ARGV[7]), ARGV[8]
if not member(holder) then return not_member(holder) end
release(function(l) return l.expires <= now end, 'expire')
local held = {}
for _, j in ipairs(redis.call('HVALS', P..'leases')) do held[#held + 1] = cjson.decode(j) end
for i = 9, #ARGV do
  for _, l in ipairs(held) do
    if l.holder ~= holder and not (shared and l.shared) and overlap(l.path, ARGV[i]) then
      emit('conflict', holder, {value = 'lock', key = ARGV[i],
                                data = 'held by ' .. l.holder .. ' (fence ' .. l.fence .. ')'})
      return {'conflict', {{l.path, l.holder, tostring(l.expires - now), tostring(l.fence)}},
              tail()}
    end
  end
end
local granted = {}
for i = 9, #ARGV do
  local path = ARGV[i]
  redis.call('HDEL', P..'leases', path .. '\n' .. holder)
  local fence = redis.call('INCR', P..'fence')
  local l = {path = path, holder = holder, fence = fence, shared = shared, expires = now + secs,
             pane = tonumber(pane)}
  redis.call('HSET', P..'leases', path .. '\n' .. holder, cjson.encode(l))
  if not shared then
    local v = holder .. ' ' .. fence
    if not redis.call('SET', P..'lease:'..path, v, 'NX', 'PX', secs * 1000) then
      redis.call('SET', P..'lease:'..path, v, 'XX', 'PX', secs * 1000)
    end
  end
  local kind = 'exclusive'
  if shared then kind = 'shared' end
  emit('lock', holder, {key = path, fence = fence, data = kind, exp = now + secs,
                        pane = pane, server = SERVER})
  granted[#granted + 1] = {path, tostring(fence), tostring(secs)}
end
return {'ok', granted, tail()}
)LUA";

// unlock: holder pane(-1: any) path ... (none: all its leases)
static const char* const kUnlock = R"LUA(
local holder, pane = ARGV[5], tonumber(ARGV[6])
local paths = {}
for i = 7, #ARGV do paths[ARGV[i]] = true end
local any = #ARGV < 7
local gone = release(function(l)
  return l.holder == holder and (any or paths[l.path]) and (pane < 0 or l.pane == pane)
end, 'unlock')
return {'ok', gone, tail()}
)LUA";

// event: kind actor field value ... (state and objective also update the peer's record)
static const char* const kEvent = R"LUA(
local kind, actor = ARGV[5], ARGV[6]
if not member(actor) then return {'ok', '', tail()} end
local f = {}
for i = 7, #ARGV, 2 do f[ARGV[i]] = ARGV[i + 1] end
local p = peer(actor)
if p and kind == 'state' then p.state = f.value or ''; p.note = f.data or '' end
if p and kind == 'objective' then p.objective = f.value or '' end
if p then redis.call('HSET', P..'peers', actor, cjson.encode(p)) end
emit(kind, actor, f)
return {'ok', '', tail()}
)LUA";

// beat: ttl host, then name sid type objective state note for each local member
static const char* const kBeat = R"LUA(
local ttl, host = tonumber(ARGV[5]), ARGV[6]
local now_ms = heard(ttl)
for i = 7, #ARGV, 6 do
  if not member(ARGV[i]) then
    add_member(ARGV[i], {server = SERVER, host = host, sid = tonumber(ARGV[i + 1]),
                         type = ARGV[i + 2], objective = ARGV[i + 3], state = ARGV[i + 4],
                         note = ARGV[i + 5]})
  end
end
release(function(l) return l.expires <= now end, 'expire')
local meta = redis.call('HGETALL', P..'meta')
for i = 1, #meta, 2 do
  local m = cjson.decode(meta[i + 1])
  if m.x > 0 and m.x <= now then unset_key(meta[i], m.a, 'expired') end
end
for _, name in ipairs(redis.call('ZRANGE', P..'members', 0, -1)) do
  local p = peer(name)
  if p and not server_alive(p.server, now_ms) then drop_member(name) end
end
local servers = redis.call('HGETALL', P..'servers')
for i = 1, #servers, 2 do
  if tonumber(servers[i + 1]) < now_ms then redis.call('HDEL', P..'servers', servers[i]) end
end
return {'ok', '', tail()}
)LUA";

std::string remote_script(RemoteScript which) {
  const char* body = "";
  switch (which) {
    case RemoteScript::kJoin: body = kJoin; break;
    case RemoteScript::kSnapshot: body = kSnapshot; break;
    case RemoteScript::kLeave: body = kLeave; break;
    case RemoteScript::kShare: body = kShare; break;
    case RemoteScript::kSend: body = kSend; break;
    case RemoteScript::kRead: body = kRead; break;
    case RemoteScript::kLock: body = kLock; break;
    case RemoteScript::kUnlock: body = kUnlock; break;
    case RemoteScript::kEvent: body = kEvent; break;
    case RemoteScript::kBeat: body = kBeat; break;
  }
  // The body runs as a function, so that whichever way it returns its events go out.
  std::string script = kPrelude;
  script += "local function main()\n";
  script += body;
  script += "\nend\nlocal answer = main()\nfanout()\nreturn answer\n";
  return script;
}

}  // namespace amux
