#include "sql/odbc/odbc_connection_string.h"

#include <algorithm>

#include "common/strings.h"

namespace trib::sql {

namespace {

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

Status Invalid(std::string message) {
  return Status::InvalidArgument("connection_string", std::move(message));
}

}  // namespace

Result<OdbcAttributes> ParseOdbcConnectionString(std::string_view text) {
  OdbcAttributes attributes;
  size_t pos = 0;
  bool first = true;
  while (pos < text.size()) {
    const size_t stop = std::min(text.find_first_of("=;", pos), text.size());
    const std::string_view key = Trim(text.substr(pos, stop - pos));
    if (stop == text.size() || text[stop] == ';') {
      pos = stop + 1;
      if (key.empty()) continue;  // ";;" and a trailing ';'
      if (!first) return Invalid("has an ODBC attribute without '=' (not the first)");
      attributes.push_back({"DSN", std::string(key)});  // the bridge's leading DSN name
      first = false;
      continue;
    }
    if (key.empty()) return Invalid("has an ODBC attribute without a name");
    pos = stop + 1;  // past '='
    while (pos < text.size() && (text[pos] == ' ' || text[pos] == '\t')) ++pos;
    std::string value;
    if (pos < text.size() && text[pos] == '{') {
      ++pos;
      bool closed = false;
      while (pos < text.size()) {
        if (text[pos] == '}') {
          if (pos + 1 < text.size() && text[pos + 1] == '}') {
            value += '}';
            pos += 2;
            continue;
          }
          closed = true;
          ++pos;
          break;
        }
        value += text[pos++];
      }
      if (!closed) return Invalid("has an ODBC attribute value with '{' but no closing '}'");
      while (pos < text.size() && (text[pos] == ' ' || text[pos] == '\t')) ++pos;
      if (pos < text.size() && text[pos] != ';') {
        return Invalid("has text after a braced ODBC attribute value");
      }
      ++pos;
    } else {
      const size_t end = std::min(text.find(';', pos), text.size());
      value = std::string(Trim(text.substr(pos, end - pos)));
      pos = end + 1;
    }
    attributes.push_back({std::string(key), std::move(value)});
    first = false;
  }
  return attributes;
}

std::string OdbcAttributeValue(std::string_view value) {
  const bool plain = value.find_first_of(";{}=") == std::string_view::npos &&
                     (value.empty() || (value.front() != ' ' && value.back() != ' ' &&
                                        value.front() != '\t' && value.back() != '\t'));
  if (plain) return std::string(value);
  std::string out = "{";
  for (char c : value) {
    out += c;
    if (c == '}') out += '}';
  }
  out += '}';
  return out;
}

std::string FormatOdbcConnectionString(const OdbcAttributes& attributes) {
  std::string out;
  for (const auto& attribute : attributes) {
    if (!out.empty()) out += ';';
    out += attribute.key;
    out += '=';
    out += OdbcAttributeValue(attribute.value);
  }
  return out;
}

bool HasOdbcAttribute(const OdbcAttributes& attributes, std::string_view key) {
  const std::string lower = ToLower(key);
  return std::any_of(attributes.begin(), attributes.end(),
                     [&](const OdbcAttribute& a) { return ToLower(a.key) == lower; });
}

void SetOdbcAttribute(OdbcAttributes& attributes, std::string_view key, std::string value) {
  const std::string lower = ToLower(key);
  for (auto& attribute : attributes) {
    if (ToLower(attribute.key) == lower) {
      attribute.value = std::move(value);
      return;
    }
  }
  attributes.push_back({std::string(key), std::move(value)});
}

}  // namespace trib::sql
