// Redis URLs and the asynchronous connection (see redis.h): hiredis on the server's
// libevent loop through an adapter of our own (below), a connect timeout of our own
// (hiredis 0.14 has none), and reconnection with back-off from 100 ms up to 5 s.
#include "amux/coord/redis.h"

#include <event2/event.h>
#include <hiredis/async.h>
#include <hiredis/hiredis.h>

#include <algorithm>
#include <cctype>
#include <string_view>
#include <utility>

#include "amux/base/util.h"

namespace amux {

static bool parse_db(const std::string& text, int* db) {
  long long n;
  if (!parse_int(text, 0, 1023, &n)) return false;
  *db = static_cast<int>(n);
  return true;
}

// "user:password" or ":password" before the '@'.
static bool take_credentials(const std::string& who, RedisUrl* u) {
  size_t colon = who.find(':');
  if (colon == std::string::npos || colon + 1 == who.size()) return false;
  u->user = who.substr(0, colon);
  u->password = who.substr(colon + 1);
  return true;
}

bool parse_redis_url(const std::string& text, RedisUrl* out, std::string* error) {
  RedisUrl u;
  u.text = text;
  auto bad = [&] {
    *error = "invalid redis url: " + shown_redis_url(text) +
             " (redis://host:port[/db] or redis+unix:///path)";
    return false;
  };
  const std::string tcp = "redis://", unix_scheme = "redis+unix://";
  if (text.rfind(unix_scheme, 0) == 0) {
    std::string rest = text.substr(unix_scheme.size());
    if (size_t q = rest.find("?db="); q != std::string::npos) {
      if (!parse_db(rest.substr(q + 4), &u.db)) return bad();
      rest.resize(q);
    }
    if (size_t at = rest.find("@/"); at != std::string::npos) {
      if (!take_credentials(rest.substr(0, at), &u)) return bad();
      rest.erase(0, at + 1);
    }
    if (rest.size() < 2 || rest[0] != '/') return bad();
    u.path = rest;
  } else if (text.rfind(tcp, 0) == 0) {
    std::string rest = text.substr(tcp.size());
    if (size_t slash = rest.find('/'); slash != std::string::npos) {
      if (!parse_db(rest.substr(slash + 1), &u.db)) return bad();
      rest.resize(slash);
    }
    if (size_t at = rest.rfind('@'); at != std::string::npos) {
      if (!take_credentials(rest.substr(0, at), &u)) return bad();
      rest.erase(0, at + 1);
    }
    if (size_t colon = rest.rfind(':'); colon != std::string::npos) {
      long long port;
      if (!parse_int(rest.substr(colon + 1), 1, 65535, &port)) return bad();
      u.port = static_cast<int>(port);
      rest.resize(colon);
    }
    if (rest.empty() || rest.find_first_of("@?#[] ") != std::string::npos) return bad();
    u.host = rest;
  } else {
    return bad();
  }
  *out = std::move(u);
  return true;
}

std::string shown_redis_url(const std::string& url) {
  size_t scheme = url.find("://");
  if (scheme == std::string::npos) return url;
  size_t at = url.rfind('@');
  if (at == std::string::npos || at < scheme) return url;
  size_t colon = url.find(':', scheme + 3);
  if (colon == std::string::npos || colon > at) return url;
  return url.substr(0, colon + 1) + "***" + url.substr(at);
}

std::string redis_error(const std::string& why) {
  std::string lower = why;
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  // A Unix socket that is not there is a server that is not running, as a refused
  // TCP connection is.
  if (lower.find("no such file") != std::string::npos) lower = "connection refused";
  return "redis: " + lower;
}

RedisConn::RedisConn(struct event_base* base, RedisUrl url, std::function<void()> up,
                     std::function<void(const std::string&)> down)
    : base_(base), url_(std::move(url)), up_(std::move(up)), down_(std::move(down)) {}

RedisConn::~RedisConn() {
  *alive_ = false;
  if (ac_ != nullptr) {
    ac_->data = nullptr;
    redisAsyncFree(ac_);  // pending callbacks hear a null reply and find alive_ false
  }
}

namespace {
struct Pending {
  std::shared_ptr<bool> alive;
  RedisConn* conn;
  RedisCallback cb;
};
struct Deferred {
  RedisCallback cb;
  std::string error;
};
}  // namespace

// hiredis's events on the loop. Its own libevent adapter costs four epoll_ctl calls and a
// loop turn a request: a one-shot read event taken off and put back on each reply, and a
// write event added to send each command. Here the read event stays while hiredis wants
// reads, and a command is written from the loop turn it was made in (an active event, no
// poll); only while connecting, or when the socket takes less than all, does the write
// wait for EV_WRITE.
namespace {
struct LoopEvents {
  redisAsyncContext* ac = nullptr;
  struct event* read = nullptr;
  struct event* write = nullptr;
  struct event* flush = nullptr;
  bool reading = false, writing = false, flushing = false;
  bool freed = false;  // hiredis let go of it during a flush: the flush deletes it
};

void loop_read(evutil_socket_t, short, void* arg) {
  redisAsyncHandleRead(static_cast<LoopEvents*>(arg)->ac);
}
void loop_write(evutil_socket_t, short, void* arg) {
  auto* e = static_cast<LoopEvents*>(arg);
  e->writing = false;  // EV_WRITE events here are one-shot
  redisAsyncHandleWrite(e->ac);
}
void loop_flush(evutil_socket_t, short, void* arg) {
  auto* e = static_cast<LoopEvents*>(arg);
  e->flushing = true;  // a write that stops short asks again: it then waits for EV_WRITE
  redisAsyncHandleWrite(e->ac);
  if (e->freed)
    delete e;  // the context failed while writing and was freed
  else
    e->flushing = false;
}
void add_read(void* p) {
  auto* e = static_cast<LoopEvents*>(p);
  if (!e->reading) event_add(e->read, nullptr);
  e->reading = true;
}
void del_read(void* p) {
  auto* e = static_cast<LoopEvents*>(p);
  if (e->reading) event_del(e->read);
  e->reading = false;
}
void add_write(void* p) {
  auto* e = static_cast<LoopEvents*>(p);
  if (e->writing) return;
  if (e->flushing || (e->ac->c.flags & REDIS_CONNECTED) == 0) {
    event_add(e->write, nullptr);
    e->writing = true;
  } else {
    event_active(e->flush, EV_TIMEOUT, 1);
  }
}
void del_write(void* p) {
  auto* e = static_cast<LoopEvents*>(p);
  if (e->writing) event_del(e->write);
  e->writing = false;
  event_del(e->flush);
}
void cleanup_events(void* p) {
  auto* e = static_cast<LoopEvents*>(p);
  event_free(e->read);
  event_free(e->write);
  event_free(e->flush);
  if (e->flushing)
    e->freed = true;
  else
    delete e;
}

void attach_to_loop(redisAsyncContext* ac, struct event_base* base) {
  auto* e = new LoopEvents;
  e->ac = ac;
  e->read = event_new(base, ac->c.fd, EV_READ | EV_PERSIST, loop_read, e);
  e->write = event_new(base, ac->c.fd, EV_WRITE, loop_write, e);
  e->flush = event_new(base, -1, 0, loop_flush, e);
  ac->ev.data = e;
  ac->ev.addRead = add_read;
  ac->ev.delRead = del_read;
  ac->ev.addWrite = add_write;
  ac->ev.delWrite = del_write;
  ac->ev.cleanup = cleanup_events;
  add_read(e);
  add_write(e);  // the connect completes on EV_WRITE
}
}  // namespace

// hiredis' own reply builders, which the checked ones below call once a reply is wanted.
static redisReplyObjectFunctions* g_builders = nullptr;

void RedisConn::install_checked_reader(redisAsyncContext* ac) {
  static redisReplyObjectFunctions checked;
  if (g_builders == nullptr) {
    g_builders = ac->c.reader->fn;
    checked = *g_builders;
  }
  checked.createString = RedisConn::check_string;
  checked.createArray = RedisConn::check_array;
  checked.createInteger = RedisConn::check_integer;
  checked.createNil = RedisConn::check_nil;
  ac->c.reader->fn = &checked;
  ac->c.reader->privdata = ac;
}

void RedisConn::start() {
  if (state_ != State::kDown) return;
  retry_timer_.reset();
  ac_ = url_.path.empty() ? redisAsyncConnect(url_.host.c_str(), url_.port)
                          : redisAsyncConnectUnix(url_.path.c_str());
  if (ac_ == nullptr) return failed("redis: out of memory");
  if (ac_->err) {
    std::string why = ac_->errstr;
    redisAsyncFree(ac_);
    ac_ = nullptr;
    return failed(redis_error(why));
  }
  ac_->data = this;
  install_checked_reader(ac_);
  attach_to_loop(ac_, base_);
  redisAsyncSetConnectCallback(ac_, on_connect);
  redisAsyncSetDisconnectCallback(ac_, on_disconnect);
  state_ = State::kConnecting;
  connect_timer_.reset(evtimer_new(
      base_,
      [](evutil_socket_t, short, void* arg) {
        guarded("redis connect timeout", [&] {
          auto* self = static_cast<RedisConn*>(arg);
          if (self->state_ != State::kConnecting || self->ac_ == nullptr) return;
          redisAsyncContext* ac = self->ac_;
          self->ac_ = nullptr;
          ac->data = nullptr;
          redisAsyncFree(ac);
          self->failed("redis: connection timed out");
        });
      },
      this));
  timeval tv{5, 0};
  evtimer_add(connect_timer_.get(), &tv);
  // A wrong password or database fails the requests that follow, with Redis's words.
  if (!url_.password.empty()) {
    std::vector<std::string> auth = {"AUTH"};
    if (!url_.user.empty()) auth.push_back(url_.user);
    auth.push_back(url_.password);
    auth_error_.clear();
    send(
        auth,
        [this](redisReply*, const std::string& error) {
          if (error.empty() || ac_ == nullptr) return;
          auth_error_ = error;
          redisAsyncDisconnect(ac_);  // the requests sent behind it hear the same error
        },
        kReplyTimeoutMs);
  }
  if (url_.db != 0)
    send(
        {"SELECT", std::to_string(url_.db)}, [](redisReply*, const std::string&) {},
        kReplyTimeoutMs);
}

void RedisConn::on_connect(const redisAsyncContext* ac, int status) {
  auto* self = static_cast<RedisConn*>(ac->data);
  if (self == nullptr) return;
  guarded("redis connect", [&] {
    self->connect_timer_.reset();
    if (status != REDIS_OK) {
      self->ac_ = nullptr;  // hiredis frees it after this callback
      self->failed(redis_error(ac->errstr));
      return;
    }
    self->state_ = State::kUp;
    self->backoff_ms_ = 0;
    self->last_error_.clear();
    auto queued = std::move(self->queued_);
    self->queued_.clear();
    for (auto& q : queued) self->send(q.argv, std::move(q.cb), q.wait_ms);
    if (!self->channel_.empty()) {
      // A subscriber hears nothing unless something is published: TCP's own probes find
      // a peer that went away without a word.
      if (self->url_.path.empty()) redisEnableKeepAlive(&self->ac_->c);
      self->send_subscribe();
    }
    if (self->up_) self->up_();
  });
}

void RedisConn::on_disconnect(const redisAsyncContext* ac, int status) {
  auto* self = static_cast<RedisConn*>(ac->data);
  if (self == nullptr) return;
  guarded("redis disconnect", [&] {
    self->ac_ = nullptr;  // hiredis frees it after this callback
    if (!self->auth_error_.empty()) return self->failed(self->auth_error_);
    if (!self->drop_reason_.empty()) return self->failed(std::exchange(self->drop_reason_, ""));
    self->failed(status == REDIS_OK ? "redis: connection closed"
                                    : redis_error(ac->errstr[0] ? ac->errstr : "connection lost"));
  });
}

void RedisConn::failed(const std::string& why) {
  state_ = State::kDown;
  deadlines_.clear();
  reply_timer_.reset();
  last_error_ = why;
  connect_timer_.reset();
  auto queued = std::move(queued_);
  queued_.clear();
  for (auto& q : queued) q.cb(nullptr, why);
  schedule_retry();
  if (down_) down_(why);
}

void RedisConn::schedule_retry() {
  backoff_ms_ = backoff_ms_ == 0 ? 100 : std::min(backoff_ms_ * 2, 5000);
  retry_timer_.reset(evtimer_new(
      base_,
      [](evutil_socket_t, short, void* arg) {
        guarded("redis retry", [&] { static_cast<RedisConn*>(arg)->start(); });
      },
      this));
  timeval tv{backoff_ms_ / 1000, (backoff_ms_ % 1000) * 1000};
  evtimer_add(retry_timer_.get(), &tv);
}

// hiredis' words for what it could not read, as amux says them: "redis: protocol error,
// got "H" as reply type byte" (the quoted byte keeps its case).
static std::string reader_error(const char* text) {
  std::string why = text;
  why[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(why[0])));
  return "redis: " + why;
}

// A top-level reply (not an element of an array) when no request is waiting for one.
bool RedisConn::unasked(const redisReadTask* t) {
  if (t->parent != nullptr) return false;
  auto* ac = static_cast<redisAsyncContext*>(t->privdata);
  if (ac->replies.head != nullptr || (ac->c.flags & REDIS_SUBSCRIBED) != 0) return false;
  if (auto* self = static_cast<RedisConn*>(ac->data))
    self->drop_reason_ = "redis: a reply nobody asked for (is it a Redis server?)";
  return true;  // the builder fails: hiredis ends the connection with a reader error
}
bool RedisConn::malformed_push(const redisReadTask* t, int type, const char* s, size_t n) {
  auto* ac = static_cast<redisAsyncContext*>(t->privdata);
  if ((ac->c.flags & REDIS_SUBSCRIBED) == 0 || ac->replies.head != nullptr) return false;
  bool bad = false;
  if (t->parent == nullptr) {
    bad = type == REDIS_REPLY_ARRAY && n != 3;
  } else if (t->parent->parent == nullptr && t->idx < 2) {
    std::string_view text = type == REDIS_REPLY_STRING ? std::string_view(s, n) : "";
    bad = type != REDIS_REPLY_STRING || (t->idx == 0 && text != "message" && text != "subscribe");
  }
  if (bad)
    if (auto* self = static_cast<RedisConn*>(ac->data))
      self->drop_reason_ = "redis: a malformed message on a subscribed connection";
  return bad;
}
void* RedisConn::check_string(const redisReadTask* t, char* s, size_t n) {
  return unasked(t) || malformed_push(t, t->type, s, n) ? nullptr
                                                        : g_builders->createString(t, s, n);
}
void* RedisConn::check_array(const redisReadTask* t, int n) {
  return unasked(t) || malformed_push(t, REDIS_REPLY_ARRAY, nullptr, static_cast<size_t>(n))
             ? nullptr
             : g_builders->createArray(t, n);
}
void* RedisConn::check_integer(const redisReadTask* t, long long v) {
  return unasked(t) || malformed_push(t, REDIS_REPLY_INTEGER, nullptr, 0)
             ? nullptr
             : g_builders->createInteger(t, v);
}
void* RedisConn::check_nil(const redisReadTask* t) {
  return unasked(t) || malformed_push(t, REDIS_REPLY_NIL, nullptr, 0) ? nullptr
                                                                      : g_builders->createNil(t);
}

void RedisConn::arm_reply_timer() {
  if (deadlines_.empty()) {
    reply_timer_.reset();
    return;
  }
  if (!reply_timer_)
    reply_timer_.reset(evtimer_new(
        base_,
        [](evutil_socket_t, short, void* arg) {
          guarded("redis reply timeout", [&] {
            auto* self = static_cast<RedisConn*>(arg);
            if (self->deadlines_.empty() || self->ac_ == nullptr) return;
            auto [deadline, wait_ms] = self->deadlines_.front();
            if (monotonic_ms() < deadline) return self->arm_reply_timer();
            self->drop("redis: no reply in " + std::to_string((wait_ms + 999) / 1000) + " s");
          });
        },
        this));
  int64_t wait = std::max<int64_t>(0, deadlines_.front().first - monotonic_ms());
  timeval tv = ms_timeval(wait);
  evtimer_add(reply_timer_.get(), &tv);
}

void RedisConn::drop(const std::string& why) {
  redisAsyncContext* ac = ac_;
  ac_ = nullptr;
  deadlines_.clear();
  reply_timer_.reset();
  // What the callbacks below ask again waits in queued_ and hears why from failed().
  state_ = State::kConnecting;
  drop_reason_ = why;
  if (ac != nullptr) {
    ac->data = nullptr;
    redisAsyncFree(ac);  // each pending request hears drop_reason_
  }
  drop_reason_.clear();
  failed(why);
}

void RedisConn::on_reply(redisAsyncContext* ac, void* reply, void* priv) {
  std::unique_ptr<Pending> p(static_cast<Pending*>(priv));
  if (!*p->alive) return;
  guarded("redis reply", [&] {
    auto* r = static_cast<redisReply*>(reply);
    RedisConn* conn = p->conn;
    if (!conn->deadlines_.empty()) conn->deadlines_.pop_front();
    if (r != nullptr) conn->arm_reply_timer();
    const std::string& refused = conn->auth_error_;
    if (!refused.empty() && (r == nullptr || r->type == REDIS_REPLY_ERROR))
      return p->cb(nullptr, refused);
    if (r == nullptr && !conn->drop_reason_.empty()) return p->cb(nullptr, conn->drop_reason_);
    if (r == nullptr && ac != nullptr && ac->err != 0 && ac->errstr != nullptr && ac->errstr[0])
      return p->cb(nullptr, reader_error(ac->errstr));
    if (r == nullptr) return p->cb(nullptr, "redis: connection lost");
    if (r->type == REDIS_REPLY_ERROR)
      return p->cb(nullptr, "redis: " + std::string(r->str, r->len));
    p->cb(r, "");
  });
}

void RedisConn::send(const std::vector<std::string>& argv, RedisCallback cb, int wait_ms) {
  std::vector<const char*> args;
  std::vector<size_t> lens;
  for (const auto& a : argv) {
    args.push_back(a.data());
    lens.push_back(a.size());
  }
  auto* p = new Pending{alive_, this, std::move(cb)};
  if (redisAsyncCommandArgv(ac_, on_reply, p, static_cast<int>(args.size()), args.data(),
                            lens.data()) != REDIS_OK) {
    RedisCallback failed_cb = std::move(p->cb);
    delete p;
    failed_cb(nullptr, "redis: connection lost");
    return;
  }
  deadlines_.emplace_back(monotonic_ms() + wait_ms, wait_ms);
  if (deadlines_.size() == 1) arm_reply_timer();
}

void RedisConn::subscribe(std::string channel, MessageCallback on_message) {
  channel_ = std::move(channel);
  on_message_ = std::move(on_message);
  if (state_ == State::kUp) send_subscribe();
}

void RedisConn::send_subscribe() {
  const char* args[] = {"SUBSCRIBE", channel_.data()};
  size_t lens[] = {9, channel_.size()};
  // No privdata: hiredis calls on_message once more with no reply as the context is
  // freed. It refuses only a connection already ending, which says so itself.
  redisAsyncCommandArgv(ac_, on_message, nullptr, 2, args, lens);
}

void RedisConn::on_message(redisAsyncContext* ac, void* reply, void*) {
  auto* self = static_cast<RedisConn*>(ac->data);
  auto* r = static_cast<redisReply*>(reply);
  if (self == nullptr || r == nullptr || r->type != REDIS_REPLY_ARRAY || r->elements != 3 ||
      r->element[0]->type != REDIS_REPLY_STRING)
    return;
  guarded("redis message", [&] {
    std::string_view kind(r->element[0]->str, r->element[0]->len);
    if (kind == "subscribe")
      self->on_message_(nullptr);
    else if (kind == "message" && r->element[2]->type == REDIS_REPLY_STRING)
      self->on_message_(r->element[2]);
  });
}

void RedisConn::call(const std::vector<std::string>& argv, RedisCallback cb, int wait_ms) {
  if (state_ == State::kUp) return send(argv, std::move(cb), wait_ms);
  // Down: a request tries now rather than report why the last attempt failed (the
  // back-off only spaces the attempts made when nobody asks).
  if (state_ == State::kDown) start();
  if (state_ == State::kConnecting) {
    queued_.push_back({argv, std::move(cb), wait_ms});
    return;
  }
  auto* d = new Deferred{std::move(cb), last_error_.empty() ? "redis: not connected" : last_error_};
  timeval zero{0, 0};
  event_base_once(
      base_, -1, EV_TIMEOUT,
      [](evutil_socket_t, short, void* arg) {
        std::unique_ptr<Deferred> d(static_cast<Deferred*>(arg));
        guarded("redis deferred error", [&] { d->cb(nullptr, d->error); });
      },
      d, &zero);
}

}  // namespace amux
