#include "cloud/aws/aws_xml.h"

#include <ctime>

#include <pugixml.hpp>

namespace trib::aws {

namespace {

std::string_view LocalName(const char* name) {
  std::string_view view(name);
  const size_t colon = view.find(':');
  return colon == std::string_view::npos ? view : view.substr(colon + 1);
}

bool Load(pugi::xml_document& doc, std::string_view xml) {
  return static_cast<bool>(doc.load_buffer(xml.data(), xml.size(), pugi::parse_default));
}

pugi::xml_node FindElement(const pugi::xml_node& root, std::string_view name) {
  return root.find_node([name](const pugi::xml_node& node) {
    return node.type() == pugi::node_element && LocalName(node.name()) == name;
  });
}

pugi::xml_node FindChild(const pugi::xml_node& parent, std::string_view name) {
  for (pugi::xml_node child : parent.children()) {
    if (child.type() == pugi::node_element && LocalName(child.name()) == name) return child;
  }
  return {};
}

// Reads `digits` decimal digits at `pos`, advancing it.
bool ReadNumber(std::string_view text, size_t& pos, int digits, int& out) {
  if (pos + digits > text.size()) return false;
  out = 0;
  for (int i = 0; i < digits; ++i) {
    const char c = text[pos + i];
    if (c < '0' || c > '9') return false;
    out = out * 10 + (c - '0');
  }
  pos += digits;
  return true;
}

bool Expect(std::string_view text, size_t& pos, char c) {
  if (pos >= text.size() || text[pos] != c) return false;
  ++pos;
  return true;
}

}  // namespace

std::optional<AwsError> ParseAwsError(std::string_view xml) {
  pugi::xml_document doc;
  if (!Load(doc, xml)) return std::nullopt;
  const pugi::xml_node error = FindElement(doc, "Error");
  if (!error) return std::nullopt;
  AwsError out;
  out.code = FindChild(error, "Code").text().get();
  out.message = FindChild(error, "Message").text().get();
  out.type = FindChild(error, "Type").text().get();
  if (out.code.empty()) return std::nullopt;
  return out;
}

Result<std::map<std::string, std::string>> ExtractXmlFields(std::string_view xml,
                                                            std::string_view parent,
                                                            const std::vector<std::string>& names) {
  pugi::xml_document doc;
  if (!Load(doc, xml)) return Status::Unavailable("AWS answered with a document that is not XML");
  const pugi::xml_node node = FindElement(doc, parent);
  if (!node) {
    return Status::Unavailable("AWS's answer has no <" + std::string(parent) + "> element");
  }
  std::map<std::string, std::string> out;
  for (const std::string& name : names) {
    const pugi::xml_node child = FindChild(node, name);
    if (!child) {
      return Status::Unavailable("AWS's answer has no <" + name + "> in <" + std::string(parent) +
                                 ">");
    }
    out[name] = child.text().get();
  }
  return out;
}

Result<int64_t> ParseIso8601Ms(std::string_view text) {
  const Status bad = Status::Unavailable("AWS sent a timestamp that is not ISO 8601: '" +
                                         std::string(text.substr(0, 40)) + "'");
  std::tm tm{};
  size_t pos = 0;
  int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
  if (!ReadNumber(text, pos, 4, year) || !Expect(text, pos, '-') ||
      !ReadNumber(text, pos, 2, month) || !Expect(text, pos, '-') ||
      !ReadNumber(text, pos, 2, day) || !Expect(text, pos, 'T') ||
      !ReadNumber(text, pos, 2, hour) || !Expect(text, pos, ':') ||
      !ReadNumber(text, pos, 2, minute) || !Expect(text, pos, ':') ||
      !ReadNumber(text, pos, 2, second)) {
    return bad;
  }
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60) {
    return bad;
  }
  int64_t millis = 0;
  if (pos < text.size() && text[pos] == '.') {
    ++pos;
    int64_t scale = 100;
    const size_t start = pos;
    while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') {
      millis += (text[pos] - '0') * scale;  // digits past the millisecond add 0
      scale /= 10;
      ++pos;
    }
    if (pos == start) return bad;
  }
  int64_t offset_seconds = 0;
  if (pos < text.size() && text[pos] == 'Z') {
    ++pos;
  } else if (pos < text.size() && (text[pos] == '+' || text[pos] == '-')) {
    const int sign = text[pos] == '-' ? -1 : 1;
    ++pos;
    int offset_hours = 0, offset_minutes = 0;
    if (!ReadNumber(text, pos, 2, offset_hours) || !Expect(text, pos, ':') ||
        !ReadNumber(text, pos, 2, offset_minutes)) {
      return bad;
    }
    offset_seconds = sign * (offset_hours * 3600 + offset_minutes * 60);
  } else {
    return bad;  // AWS always says which zone; guessing would shift expiries
  }
  if (pos != text.size()) return bad;

  tm.tm_year = year - 1900;
  tm.tm_mon = month - 1;
  tm.tm_mday = day;
  tm.tm_hour = hour;
  tm.tm_min = minute;
  tm.tm_sec = second;
  const std::time_t utc = timegm(&tm);
  return (static_cast<int64_t>(utc) - offset_seconds) * 1000 + millis;
}

}  // namespace trib::aws
