// Completion of a command line, as the command prompt's Tab does it: command names (and
// aliases) for a command's first word, option names after set-option and show-options,
// session and window targets after -t or -s.
#pragma once

#include <string>
#include <vector>

namespace amux {

class Server;

// What could stand for the word being typed (the last of words, "" for a new one), sorted.
std::vector<std::string> completions(Server& server, const std::vector<std::string>& words);

// Completes the word before *cursor in *text: one candidate is put in whole (a space after
// it unless it is a session target ending in ':'), several by the prefix they share.
// *others: the candidates, space-separated, when more than one remains.
void complete_prompt(Server& server, std::string* text, size_t* cursor, std::string* others);

}  // namespace amux
