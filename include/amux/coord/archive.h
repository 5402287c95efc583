// A group's whole state as one JSON document (aexport) and back (aimport): its counters,
// context with versions and authors, event log, unread messages by recipient, roster of
// members and past members, read cursors, and its statistics (computed; an import
// ignores them). Leases and the join key are not archived.
#pragma once

#include <ctime>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "amux/coord/group.h"

namespace amux {

// One line of JSON and a newline. namer gives a live member's current name.
std::string export_group(const Group& g, time_t now, const std::function<std::string(int)>& namer);
// Reads a document export_group wrote, checking every field; nullptr with *error
// ("events[3]: unknown kind") when it is not sound. Unread messages come back in
// held_inbox by recipient name; the group has no members.
std::unique_ptr<Group> import_group(std::string_view text, std::string* error);

}  // namespace amux
