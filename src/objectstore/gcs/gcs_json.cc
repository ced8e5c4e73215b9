#include "objectstore/gcs/gcs_json.h"

#include <charconv>
#include <ctime>

namespace trib::objectstore {

namespace {

bool Digits(std::string_view text, size_t at, size_t count, int* out) {
  if (at + count > text.size()) return false;
  const char* first = text.data() + at;
  auto [end, error] = std::from_chars(first, first + count, *out);
  return error == std::errc() && end == first + count;
}

// size and generation come as decimal strings (they may exceed 2^53).
std::optional<int64_t> DecimalString(const Json& value) {
  if (value.is_number_integer()) return value.get<int64_t>();
  if (!value.is_string()) return std::nullopt;
  const std::string& text = value.get_ref<const std::string&>();
  int64_t out = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), out);
  if (error != std::errc() || end != text.data() + text.size() || text.empty()) return std::nullopt;
  return out;
}

Status Malformed(std::string_view what) {
  return Status::Unavailable("GCS answered a malformed " + std::string(what));
}

}  // namespace

std::optional<int64_t> ParseRfc3339Ms(std::string_view text) {
  int year, month, day, hour, minute, second;
  if (!Digits(text, 0, 4, &year) || text.size() < 20 || text[4] != '-' ||
      !Digits(text, 5, 2, &month) || text[7] != '-' || !Digits(text, 8, 2, &day) ||
      (text[10] != 'T' && text[10] != 't') || !Digits(text, 11, 2, &hour) || text[13] != ':' ||
      !Digits(text, 14, 2, &minute) || text[16] != ':' || !Digits(text, 17, 2, &second)) {
    return std::nullopt;
  }
  size_t at = 19;
  int64_t millis = 0;
  if (at < text.size() && text[at] == '.') {
    ++at;
    int scale = 100;
    while (at < text.size() && text[at] >= '0' && text[at] <= '9') {
      millis += (text[at] - '0') * scale;
      scale /= 10;
      ++at;
    }
  }
  int64_t offset_s = 0;
  if (at < text.size() && (text[at] == 'Z' || text[at] == 'z')) {
    ++at;
  } else if (at < text.size() && (text[at] == '+' || text[at] == '-')) {
    int oh, om;
    if (!Digits(text, at + 1, 2, &oh) || text.size() < at + 6 || text[at + 3] != ':' ||
        !Digits(text, at + 4, 2, &om)) {
      return std::nullopt;
    }
    offset_s = (oh * 3600 + om * 60) * (text[at] == '+' ? 1 : -1);
    at += 6;
  } else {
    return std::nullopt;
  }
  if (at != text.size()) return std::nullopt;
  std::tm tm{};
  tm.tm_year = year - 1900;
  tm.tm_mon = month - 1;
  tm.tm_mday = day;
  tm.tm_hour = hour;
  tm.tm_min = minute;
  tm.tm_sec = second;
  const int64_t seconds = static_cast<int64_t>(timegm(&tm)) - offset_s;
  return seconds * 1000 + millis;
}

Result<ObjectInfo> ParseGcsObject(const Json& resource, std::string_view root) {
  if (!resource.is_object() || !resource.contains("name") || !resource["name"].is_string()) {
    return Malformed("object resource");
  }
  const std::string& name = resource["name"].get_ref<const std::string&>();
  if (!name.starts_with(root)) return Malformed("object resource (a name outside the source)");
  ObjectInfo info;
  info.key = name.substr(root.size());
  const std::optional<int64_t> size =
      resource.contains("size") ? DecimalString(resource["size"]) : std::nullopt;
  if (!size || *size < 0) return Malformed("object resource (no size)");
  info.size = *size;
  if (resource.contains("updated") && resource["updated"].is_string()) {
    info.modified_ms = ParseRfc3339Ms(resource["updated"].get<std::string>()).value_or(0);
  }
  if (resource.contains("generation")) {
    const Json& generation = resource["generation"];
    info.etag = generation.is_string() ? generation.get<std::string>() : generation.dump();
  }
  return info;
}

Result<ObjectInfo> ParseGcsObjectText(std::string_view body, std::string_view root) {
  const Result<Json> parsed = ParseJson(body, 16);
  if (!parsed.ok()) return Malformed("object resource");
  return ParseGcsObject(*parsed, root);
}

Result<ListPage> ParseGcsList(std::string_view body, std::string_view root) {
  const Result<Json> parsed = ParseJson(body, 16);
  if (!parsed.ok() || !parsed->is_object()) return Malformed("object listing");
  ListPage page;
  if (auto items = parsed->find("items"); items != parsed->end()) {
    if (!items->is_array()) return Malformed("object listing");
    for (const Json& item : *items) {
      if (!item.is_object() || !item.contains("name") || !item["name"].is_string() ||
          !item["name"].get_ref<const std::string&>().starts_with(root)) {
        continue;
      }
      TRIB_ASSIGN_OR_RETURN(ObjectInfo info, ParseGcsObject(item, root));
      page.objects.push_back(std::move(info));
    }
  }
  if (auto prefixes = parsed->find("prefixes"); prefixes != parsed->end()) {
    if (!prefixes->is_array()) return Malformed("object listing");
    for (const Json& prefix : *prefixes) {
      if (!prefix.is_string() || !prefix.get_ref<const std::string&>().starts_with(root)) continue;
      page.prefixes.push_back(prefix.get<std::string>().substr(root.size()));
    }
  }
  if (auto token = parsed->find("nextPageToken"); token != parsed->end() && token->is_string()) {
    page.next_page_token = token->get<std::string>();
  }
  return page;
}

}  // namespace trib::objectstore
