// amux agent-report AGENT [payload]: an agent's own hook (Claude Code's and Gemini CLI's
// hooks give their payload on stdin, Codex's notify program as its last argument) mapped
// to the amux commands that record it: the member's state, note, conversation and numbers.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace amux {

// The agents whose payloads are known: "claude", "codex", "gemini".
bool known_report_agent(std::string_view agent);
// The commands (each an amux command's words, no target) a payload maps to; false with
// *error ("agent-report: unknown claude hook event: X", "agent-report: payload is not a
// JSON object") when it is unknown or malformed, so nothing is run.
bool map_agent_report(std::string_view agent, std::string_view payload,
                      std::vector<std::vector<std::string>>* commands, std::string* error);

struct ClientOptions;
int agent_report_main(const ClientOptions& opts, const std::vector<std::string>& args);
// amux integrate [-nu] [-p] claude|codex|gemini (integrate.cc).
int integrate_main(const std::vector<std::string>& args);

}  // namespace amux
