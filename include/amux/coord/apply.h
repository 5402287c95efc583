// The one state change: a group changes only by applying an event record. The local
// Coordinator numbers an event and applies it; a remote group's replica applies what the
// stream brings (a snapshot: clear, then apply each item as the event that made it).
#pragma once

#include <cstddef>

#include "amux/coord/group.h"

namespace amux {

// Whether applying e changes the group's members or context (and so its version): a join
// of a non-member, a leave of a member, every share and unset.
bool changes_version(const Group& g, const GroupEvent& e);

// The event's effect on what the group holds, and nothing else:
//   join      the member is added (last in join order) unless it is one
//   leave     the member goes, with its inbox
//   share     the key is set: value, author, time, version, ephemeral, expiry
//   unset     the key goes
//   message   the message goes into its recipient's inbox (a session of this server)
//   read      the message read (ref) leaves the reader's inbox
//   lock      the holder's lease on the path is (re)granted; the fencing counter follows
//   unlock, expire, break, give   the lease (path, fence) goes; a break moves the counter
//   coordinator, state, objective, conflict   nothing
void apply_effect(Group& g, const GroupEvent& e);

// A numbered event (seq, time, version set): its effect, then the group's sequence,
// version and last activity become the event's, and it joins the log (the newest
// `log_limit` are kept).
void apply_event(Group& g, const GroupEvent& e, size_t log_limit);

// The message a message event leaves in its recipient's inbox.
Message message_of(const GroupEvent& e);

}  // namespace amux
