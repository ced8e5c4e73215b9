#include "common/json.h"

#include <set>
#include <string>
#include <vector>

namespace trib {

namespace {

// Bracket depth outside string literals; the parser below then never recurses deeper.
bool DepthWithin(std::string_view text, int max_depth) {
  int depth = 0;
  bool in_string = false;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_string) {
      if (c == '\\') {
        ++i;
      } else if (c == '"') {
        in_string = false;
      }
      continue;
    }
    if (c == '"') {
      in_string = true;
    } else if (c == '{' || c == '[') {
      if (++depth > max_depth) return false;
    } else if (c == '}' || c == ']') {
      --depth;
    }
  }
  return true;
}

}  // namespace

Result<Json> ParseJson(std::string_view text, int max_depth) {
  if (!DepthWithin(text, max_depth)) {
    return Status::InvalidArgument(
        "body", "JSON nests deeper than " + std::to_string(max_depth) + " levels");
  }
  // The parser keeps one of two equal keys silently; which one a reader, a proxy or an audit
  // tool sees would differ, so a repeated key is refused, named by its path ("arguments.user").
  struct Frame {
    bool object = false;
    std::set<std::string> keys;
    std::string key;  // the key whose value is being parsed
  };
  std::vector<Frame> frames;
  std::string duplicate;
  const auto watch = [&](int /*depth*/, nlohmann::detail::parse_event_t event, Json& parsed) {
    using Event = nlohmann::detail::parse_event_t;
    if (event == Event::object_start || event == Event::array_start) {
      frames.push_back(Frame{event == Event::object_start, {}, {}});
    } else if ((event == Event::object_end || event == Event::array_end) && !frames.empty()) {
      frames.pop_back();
    } else if (event == Event::key && !frames.empty() && parsed.is_string()) {
      Frame& top = frames.back();
      top.key = parsed.get<std::string>();
      if (!top.keys.insert(top.key).second && duplicate.empty()) {
        for (const Frame& frame : frames) {
          if (!frame.object) continue;
          if (!duplicate.empty()) duplicate += '.';
          duplicate += frame.key.substr(0, 64);
        }
      }
    }
    return true;
  };
  Json parsed = Json::parse(text, watch, /*allow_exceptions=*/false);
  if (parsed.is_discarded()) return Status::InvalidArgument("body", "malformed JSON");
  if (!duplicate.empty()) {
    return Status::InvalidArgument(duplicate,
                                   "'" + duplicate + "' appears more than once in the JSON body");
  }
  return parsed;
}

std::string_view JsonKindName(const Json& value) {
  switch (value.type()) {
    case Json::value_t::null:
      return "null";
    case Json::value_t::object:
      return "object";
    case Json::value_t::array:
      return "array";
    case Json::value_t::string:
      return "string";
    case Json::value_t::boolean:
      return "boolean";
    case Json::value_t::number_integer:
    case Json::value_t::number_unsigned:
      return "integer";
    case Json::value_t::number_float:
      return "number";
    default:
      return "value";
  }
}

}  // namespace trib
