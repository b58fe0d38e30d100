#include "io/json_text.hpp"

#include <nlohmann/json.hpp>

namespace basketgap::io {

std::string json_text(const nlohmann::ordered_json& j, int indent) {
  return j.dump(indent, ' ', false, nlohmann::ordered_json::error_handler_t::replace) + "\n";
}

std::string as_read_back(const std::string& text) {
  return nlohmann::ordered_json::parse(json_text(text, -1)).get<std::string>();
}

}  // namespace basketgap::io
