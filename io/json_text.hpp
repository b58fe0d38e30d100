// JSON as the jobs write it (inspect --json, evaluate --json, the export's manifest and rows).
// Paths and names come from the file system and from input files and need not be UTF-8; a
// plain dump throws on them (exit 1, "report a bug"), so invalid bytes become U+FFFD instead.
#pragma once

#include <nlohmann/json_fwd.hpp>
#include <string>

namespace basketgap::io {

// `j` as text and a newline; `indent` as nlohmann's dump (-1: one line).
std::string json_text(const nlohmann::ordered_json& j, int indent = 2);

// `text` as it reads back from json_text: itself when it is UTF-8, else with U+FFFD in place of
// each invalid byte (a file name compared with the one a manifest holds).
std::string as_read_back(const std::string& text);

}  // namespace basketgap::io
