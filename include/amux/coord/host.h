// The Coordinator's host: what it asks of the program around it (the server, or a test's
// fake), so that the coordination layer never includes the server's headers.
#pragma once

#include <cstdint>
#include <ctime>
#include <functional>
#include <string>
#include <utility>

#include "amux/base/format.h"

namespace amux {

struct Group;
struct GroupEvent;

// What the coordinator asks of the program around it, and nothing more.
class CoordHost {
 public:
  virtual ~CoordHost() = default;
  virtual time_t now() const = 0;
  // A session's current name; "" when there is no such session.
  virtual std::string current_name(int session_id) const = 0;
  // Parks the client's command; cancel undoes the coordinator's registration when the
  // client goes away or its timeout (seconds, -1: none) ends it with exit 2. False when
  // there is no such client (nothing is registered then).
  virtual bool park(uint64_t client, long timeout_seconds, std::function<void()> cancel) = 0;
  // Ends a parked command (status 0: the rest of its command list runs).
  virtual void resume(uint64_t client, int status, const std::string& out,
                      const std::string& err) = 0;
  // Sends a streaming client more output; false when it fell too far behind (it is cut).
  virtual bool stream(uint64_t client, const std::string& out) = 0;
  // Queues text to be typed into the session's active pane once it is idle; the pane id,
  // or -1 when there is no live pane to take it. cancel_typing drops what is queued.
  virtual int type_into_pane(int session_id, const std::string& text) = 0;
  virtual void cancel_typing(int session_id) = 0;
  // Hooks (agent-shared, ...): whether one is set for the session, and running it as the
  // session, with the event in formats, after the current event is done.
  virtual bool has_hook(const char* hook, int session_id) = 0;
  virtual void run_hook(const char* hook, FormatContext formats, int session_id) = 0;
  // Calls Coordinator::run_expiry at `when` (0: no expiry is pending).
  virtual void arm_expiry(time_t when) = 0;
  // Shows an event to the people watching the group (attached clients of its members).
  virtual void announce(const Group&, const GroupEvent&) {}
  // Tells the people at a session something that happened to it without its asking (a
  // remote group ended it): the server's messages and the session's status lines.
  virtual void notify(int, const std::string&) {}
  // A session's agent type and objective, as a join event carries them.
  virtual std::pair<std::string, std::string> agent_meta(int) const { return {}; }
  // The session asked something of its group (its agent's last activity is now).
  virtual void acted(int) {}
};

}  // namespace amux
