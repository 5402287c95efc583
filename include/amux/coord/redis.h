// A Redis server as amux reaches it: its URL (redis://[[user]:password@]host[:port][/db],
// redis+unix:///path
// [?db=N]) and one asynchronous hiredis connection on the server's libevent loop that
// never blocks it. A connection that fails or drops is tried again with back-off; while
// it is down, calls fail at once with the reason ("redis: connection refused").
#pragma once

#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "amux/base/handles.h"

struct redisAsyncContext;
struct redisReply;
struct redisReadTask;

namespace amux {

struct RedisUrl {
  std::string user, password;  // redis://[[user]:password@]host: AUTH on connecting
  std::string host;            // empty for a Unix socket
  int port = 6379;
  std::string path;  // the Unix socket
  int db = 0;
  std::string text;  // as given
};
// False with *error ("invalid redis url: x (redis://host:port[/db] or redis+unix:///path)").
bool parse_redis_url(const std::string& text, RedisUrl* out, std::string* error);

// A reply, or the error that stands for it ("redis: connection refused", or a Redis error
// reply's own text with "redis: " before it).
using RedisCallback = std::function<void(redisReply* reply, const std::string& error)>;

class RedisConn {
 public:
  // up: the connection is (again) ready; down: it failed or dropped (why).
  RedisConn(struct event_base* base, RedisUrl url, std::function<void()> up,
            std::function<void(const std::string&)> down);
  ~RedisConn();
  RedisConn(const RedisConn&) = delete;
  RedisConn& operator=(const RedisConn&) = delete;

  // Connects now if it is not connected or connecting.
  void start();
  bool connected() const { return state_ == State::kUp; }
  const RedisUrl& url() const { return url_; }
  // Sends a command. Queued while connecting; while down, cb hears the error from the
  // loop (never before call returns). A reply that does not come within wait_ms of being
  // sent fails the connection: this request and every one behind it hear "redis: no reply
  // in N s" (a Redis that accepts and never answers, or stopped).
  static constexpr int kReplyTimeoutMs = 10000;
  void call(const std::vector<std::string>& argv, RedisCallback cb, int wait_ms = kReplyTimeoutMs);
  // Makes this a subscriber connection to one channel, now and after each reconnect (call
  // no command on it afterwards). on_message hears a message's payload, or nullptr once
  // Redis confirms the subscription (each time: what was published before is not heard).
  using MessageCallback = std::function<void(const redisReply* payload)>;
  void subscribe(std::string channel, MessageCallback on_message);

 private:
  enum class State { kDown, kConnecting, kUp };
  static void on_connect(const redisAsyncContext* ac, int status);
  static void on_disconnect(const redisAsyncContext* ac, int status);
  static void on_reply(redisAsyncContext* ac, void* reply, void* priv);
  static void on_message(redisAsyncContext* ac, void* reply, void* priv);
  void send_subscribe();
  void failed(const std::string& why);
  // Ends the connection now: pending requests and then every other caller hear why.
  void drop(const std::string& why);
  void send(const std::vector<std::string>& argv, RedisCallback cb, int wait_ms);
  void schedule_retry();
  void arm_reply_timer();
  // Every reply is checked as hiredis reads it: one that no request waits for (anything
  // at the address that is not a Redis, or a Redis that misbehaves) fails the connection
  // instead of reaching hiredis' assertion, which would end the whole server.
  static void* check_string(const struct redisReadTask* t, char* s, size_t n);
  static void* check_array(const struct redisReadTask* t, int n);
  static void* check_integer(const struct redisReadTask* t, long long v);
  static void* check_nil(const struct redisReadTask* t);
  static bool unasked(const struct redisReadTask* t);
  // On a subscribed connection: a part of a push that is not ["message"|"subscribe",
  // channel, payload|count] (hiredis would assert on it).
  static bool malformed_push(const struct redisReadTask* t, int type, const char* s, size_t n);
  static void install_checked_reader(redisAsyncContext* ac);

  struct event_base* base_;
  RedisUrl url_;
  std::function<void()> up_;
  std::function<void(const std::string&)> down_;
  redisAsyncContext* ac_ = nullptr;
  State state_ = State::kDown;
  std::string last_error_;
  std::string auth_error_;  // AUTH was refused: what every request on the connection hears
  struct Queued {
    std::vector<std::string> argv;
    RedisCallback cb;
    int wait_ms;
  };
  std::vector<Queued> queued_;
  std::string channel_;  // subscribed to, when not empty
  MessageCallback on_message_;
  std::deque<std::pair<int64_t, int>> deadlines_;  // of requests sent: monotonic ms, wait
  std::string drop_reason_;  // what pending requests hear when the link is dropped
  EventPtr retry_timer_, connect_timer_, reply_timer_;
  int backoff_ms_ = 0;
  std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
};

// The URL as amux shows it: a password becomes "***".
std::string shown_redis_url(const std::string& url);

// "redis: connection refused" from a system error text ("Connection refused").
std::string redis_error(const std::string& why);

}  // namespace amux
