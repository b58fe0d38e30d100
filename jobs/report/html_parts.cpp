#include "jobs/report/html_parts.hpp"

namespace basketgap::evaluate {

std::string esc(const std::string& s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

const char* verdict_class(engine::Verdict verdict) {
  return verdict == engine::Verdict::better  ? " class=\"best\""
         : verdict == engine::Verdict::worse ? " class=\"worse\""
                                             : "";
}

}  // namespace basketgap::evaluate
