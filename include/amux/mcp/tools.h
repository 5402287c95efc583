// The MCP tools amux offers (amux mcp): each tool is an amux command line built from its
// JSON arguments, and its answer is the command's output shaped as structured content.
// Pure data and functions, without a process or a socket: the MCP server (client/mcp.cc)
// runs the command lines, and tests/unit/test-mcp-tools.cc checks these without one.
#pragma once

#include <string>
#include <vector>

#include "amux/base/json.h"

namespace amux::mcp {

// How a command's output becomes structured content.
enum class Shape {
  kText,        // {"output": text}
  kList,        // stdout is a JSON array: {"items": [...]}
  kObject,      // stdout is one JSON object (or nothing: {})
  kNewPane,     // "session\tsession_id\twindow_id\tpane_id"
  kEvent,       // one event as JSON, or {"timed_out": true}
  kWaitOutput,  // {"matched": true, "line": ...}, or {"timed_out": true}
};

// A tool's argument: its JSON type, and how it reaches the command line: "-x value" (a
// bool: "-x" when true), a word in order (flag nullptr), or special (flag "": the tool's
// own step uses it).
enum class ArgType { kString, kInteger, kBoolean, kStrings };

struct Arg {
  const char* name;
  ArgType type;
  const char* flag;
  bool required;
  const char* description;
};

struct ArgReader;  // what a tool's own step reads its arguments with (tools.cc)
// A tool's own step after the generic ones: false with *error set.
using Special = bool (*)(const ArgReader& a, std::vector<std::string>* argv);

struct Tool {
  const char* name;
  const char* description;
  std::vector<const char*> command;  // the command and its fixed flags
  std::vector<Arg> args;
  Shape shape;
  Special special = nullptr;
};

const std::vector<Tool>& tools();
const Tool* find_tool(const std::string& name);
// The command line of a call: the fixed words, each argument as its Arg says (positional
// ones after "--"), then the tool's own step. False with *error ("missing argument: key",
// "invalid argument: ttl must be a whole number") when the arguments are not right.
bool build_argv(const Tool& t, const cJSON* args, std::vector<std::string>* argv,
                std::string* error);
// A tool's input schema (JSON Schema) made from its arguments, and its output schema.
cJSON* input_schema(const Tool& t);
const char* output_schema(Shape shape);
// The tools/list result: every tool with its schemas.
JsonPtr tools_list();
// A tool result: text content, structured content (taken), and isError.
JsonPtr tool_result(const std::string& text, cJSON* structured, bool is_error);
// The result of a command the tool ran: exit status, stdout, stderr. A failure is a tool
// error with amux's text; a wait that timed out (status 2) is {"timed_out": true}.
JsonPtr tool_answer(const Tool& tool, int status, const std::string& out, const std::string& err);

}  // namespace amux::mcp
