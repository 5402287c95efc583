// Check suite: Redis URLs (what ajoin -r and agent-remote take), how a URL with a password
// is shown, and the error texts made from hiredis's.
#include "amux/coord/redis.h"

#include "check-main.h"

using namespace amux;

static RedisUrl parsed(const std::string& text) {
  RedisUrl u;
  std::string error;
  ck_assert_msg(parse_redis_url(text, &u, &error), "%s", error.c_str());
  return u;
}

static std::string refused(const std::string& text) {
  RedisUrl u;
  std::string error;
  ck_assert(!parse_redis_url(text, &u, &error));
  return error;
}

START_TEST(tcp_urls) {
  RedisUrl u = parsed("redis://cache.local:6380/2");
  ck_assert_sstr_eq(u.host, "cache.local");
  ck_assert_int_eq(u.port, 6380);
  ck_assert_int_eq(u.db, 2);
  ck_assert(u.path.empty() && u.password.empty());
  u = parsed("redis://10.0.0.5");
  ck_assert_sstr_eq(u.host, "10.0.0.5");
  ck_assert_int_eq(u.port, 6379);
  ck_assert_int_eq(u.db, 0);
  u = parsed("redis://agent:s3cret@h:1/0");
  ck_assert_sstr_eq(u.user, "agent");
  ck_assert_sstr_eq(u.password, "s3cret");
  ck_assert_sstr_eq(u.host, "h");
  u = parsed("redis://:pw@h");
  ck_assert(u.user.empty());
  ck_assert_sstr_eq(u.password, "pw");
}
END_TEST

START_TEST(unix_urls) {
  RedisUrl u = parsed("redis+unix:///run/redis/redis.sock");
  ck_assert_sstr_eq(u.path, "/run/redis/redis.sock");
  ck_assert(u.host.empty());
  ck_assert_int_eq(u.db, 0);
  u = parsed("redis+unix://:pw@/tmp/r.sock");
  ck_assert_sstr_eq(u.password, "pw");
  ck_assert_sstr_eq(u.path, "/tmp/r.sock");
  u = parsed("redis+unix:///tmp/r.sock?db=3");
  ck_assert_sstr_eq(u.path, "/tmp/r.sock");
  ck_assert_int_eq(u.db, 3);
}
END_TEST

START_TEST(bad_urls) {
  const std::string tail = " (redis://host:port[/db] or redis+unix:///path)";
  for (const char* bad : {"http://h", "redis://", "redis://h:0", "redis://h:65536", "redis://h:x",
                          "redis://h/1024", "redis://h/x", "redis+unix://", "redis+unix://rel",
                          "redis+unix:///p?db=x", "redis://a b", "redis://u@h", ""}) {
    std::string want = "invalid redis url: " + std::string(bad) + tail;
    ck_assert_sstr_eq(refused(bad), want.c_str());
  }
  // A password is never echoed.
  std::string empty_password = "invalid redis url: redis://u:***@h" + tail;
  ck_assert_sstr_eq(refused("redis://u:@h"), empty_password.c_str());
  std::string hidden = "invalid redis url: redis://u:***@h:99999" + tail;
  ck_assert_sstr_eq(refused("redis://u:pw@h:99999"), hidden.c_str());
}
END_TEST

START_TEST(shown) {
  ck_assert_sstr_eq(shown_redis_url("redis://agent:s3cret@h:1/0"), "redis://agent:***@h:1/0");
  ck_assert_sstr_eq(shown_redis_url("redis://:pw@h"), "redis://:***@h");
  ck_assert_sstr_eq(shown_redis_url("redis://h:1"), "redis://h:1");
  ck_assert_sstr_eq(shown_redis_url("redis+unix:///tmp/x"), "redis+unix:///tmp/x");
  ck_assert_sstr_eq(shown_redis_url("redis+unix://:pw@/tmp/x"), "redis+unix://:***@/tmp/x");
}
END_TEST

START_TEST(errors) {
  ck_assert_sstr_eq(redis_error("Connection refused"), "redis: connection refused");
  ck_assert_sstr_eq(redis_error("No such file or directory"), "redis: connection refused");
  ck_assert_sstr_eq(redis_error("Server closed the connection"),
                    "redis: server closed the connection");
}
END_TEST

int main() {
  return run_suite("redis", {tcp_urls, unix_urls, bad_urls, shown, errors});
}
