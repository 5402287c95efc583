// RAII owners of libevent's handles (event_base, event, evconnlistener, bufferevent): a
// handle is freed when its owner goes, never by hand. The deleters live in handles.cc so
// that users of this header need no libevent headers. Also the guard every C callback
// trampoline runs its body in: nothing thrown crosses into libevent.
#pragma once

#include <exception>
#include <memory>

struct event_base;
struct event;
struct evconnlistener;
struct bufferevent;

namespace amux {

struct LibeventFree {
  void operator()(struct event_base* base) const;
  void operator()(struct event* ev) const;
  void operator()(struct evconnlistener* listener) const;
  void operator()(struct bufferevent* bev) const;
};

using EventBasePtr = std::unique_ptr<struct event_base, LibeventFree>;
using EventPtr = std::unique_ptr<struct event, LibeventFree>;
using ListenerPtr = std::unique_ptr<struct evconnlistener, LibeventFree>;
using BufferEventPtr = std::unique_ptr<struct bufferevent, LibeventFree>;

// Reports an exception that reached a callback boundary (on stderr: the server's log).
void report_callback_exception(const char* where) noexcept;

// Runs a callback's body; an exception is reported and stops there.
template <typename F>
void guarded(const char* where, F&& body) noexcept {
  try {
    body();
  } catch (...) {
    report_callback_exception(where);
  }
}

}  // namespace amux
