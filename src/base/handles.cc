// Deleters of the libevent handle owners, and the report of an exception stopped at a
// callback boundary.
#include "amux/base/handles.h"

#include <event2/bufferevent.h>
#include <event2/event.h>
#include <event2/listener.h>

#include <cstdio>

namespace amux {

void LibeventFree::operator()(struct event_base* base) const {
  event_base_free(base);
}
void LibeventFree::operator()(struct event* ev) const {
  event_free(ev);
}
void LibeventFree::operator()(struct evconnlistener* l) const {
  evconnlistener_free(l);
}
void LibeventFree::operator()(struct bufferevent* bev) const {
  bufferevent_free(bev);
}

void report_callback_exception(const char* where) noexcept {
  try {
    throw;
  } catch (const std::exception& e) {
    fprintf(stderr, "amux: %s: %s\n", where, e.what());
  } catch (...) {
    fprintf(stderr, "amux: %s: unknown exception\n", where);
  }
}

}  // namespace amux
