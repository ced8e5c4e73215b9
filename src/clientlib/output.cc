#include "clientlib/output.h"

#include <algorithm>

namespace trib::cli {

namespace {

// Stored text is data, not terminal commands: C0/C1 controls and DEL become visible marks.
std::string Sanitize(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c == '\n') {
      out += "\\n";
    } else if (c == '\t') {
      out += ' ';
    } else if (c < 0x20 || c == 0x7f) {
      out += '?';
    } else if (c == 0xc2 && i + 1 < text.size() &&
               static_cast<unsigned char>(text[i + 1]) >= 0x80 &&
               static_cast<unsigned char>(text[i + 1]) <= 0x9f) {
      out += '?';  // U+0080..U+009F, e.g. the single-byte CSI
      ++i;
    } else {
      out += static_cast<char>(c);
    }
  }
  return out;
}

void Flatten(const Json& object, const std::string& prefix,
             std::vector<std::pair<std::string, std::string>>& out) {
  for (auto it = object.begin(); it != object.end(); ++it) {
    const std::string key = prefix + Sanitize(it.key());
    if (it.value().is_object() && !it.value().empty()) {
      Flatten(it.value(), key + ".", out);
    } else {
      out.emplace_back(key, CellText(it.value()));
    }
  }
}

std::string PadRight(const std::string& text, size_t width) {
  const size_t w = DisplayWidth(text);
  return w >= width ? text : text + std::string(width - w, ' ');
}

}  // namespace

size_t DisplayWidth(std::string_view text) {
  return static_cast<size_t>(std::count_if(text.begin(), text.end(), [](char c) {
    return (static_cast<unsigned char>(c) & 0xc0) != 0x80;
  }));
}

std::string CellText(const Json& value) {
  if (value.is_null()) return "";
  if (value.is_string()) return Sanitize(value.get_ref<const std::string&>());
  if (value.is_boolean()) return value.get<bool>() ? "true" : "false";
  if (value.is_array()) {
    std::string out;
    for (const auto& item : value) {
      if (!out.empty()) out += ", ";
      out += CellText(item);
    }
    return out;
  }
  if (value.is_object()) {
    std::string out;
    for (auto it = value.begin(); it != value.end(); ++it) {
      if (!out.empty()) out += ", ";
      out += Sanitize(it.key()) + "=" + CellText(it.value());
    }
    return out;
  }
  return value.dump();  // numbers
}

std::string RenderTable(const std::vector<std::string>& headers,
                        const std::vector<std::vector<std::string>>& rows) {
  std::vector<size_t> widths(headers.size(), 0);
  auto measure = [&](const std::vector<std::string>& row) {
    for (size_t i = 0; i < row.size() && i < widths.size(); ++i) {
      widths[i] = std::max(widths[i], DisplayWidth(row[i]));
    }
  };
  measure(headers);
  for (const auto& row : rows) measure(row);

  auto line = [&](const std::vector<std::string>& row) {
    std::string out;
    for (size_t i = 0; i < widths.size(); ++i) {
      const std::string cell = i < row.size() ? row[i] : "";
      out += i + 1 < widths.size() ? PadRight(cell, widths[i]) + "  " : cell;
    }
    while (!out.empty() && out.back() == ' ') out.pop_back();
    return out + "\n";
  };
  std::string out = line(headers);
  for (const auto& row : rows) out += line(row);
  return out;
}

std::string RenderObjects(const Json& objects, const std::vector<Column>& columns) {
  std::vector<std::string> headers;
  for (const auto& c : columns) headers.push_back(c.header);
  std::vector<std::vector<std::string>> rows;
  if (objects.is_array()) {
    for (const auto& object : objects) {
      std::vector<std::string> row;
      for (const auto& c : columns) {
        auto it = object.is_object() ? object.find(c.key) : object.end();
        row.push_back(it != object.end() ? CellText(*it) : "");
      }
      rows.push_back(std::move(row));
    }
  }
  return RenderTable(headers, rows);
}

std::string RenderKeyValues(const Json& object) {
  if (!object.is_object()) return CellText(object) + "\n";
  std::vector<std::pair<std::string, std::string>> pairs;
  Flatten(object, "", pairs);
  size_t width = 0;
  for (const auto& [key, value] : pairs) width = std::max(width, DisplayWidth(key) + 1);
  std::string out;
  for (const auto& [key, value] : pairs) {
    std::string line = PadRight(key + ":", width) + " " + value;
    while (!line.empty() && line.back() == ' ') line.pop_back();
    out += line + "\n";
  }
  return out;
}

Json Member(const Json& object, std::string_view key) {
  if (!object.is_object()) return Json();
  auto it = object.find(key);
  return it != object.end() ? *it : Json();
}

std::string RenderJson(const Json& value) {
  return value.dump(2, ' ', false, Json::error_handler_t::replace) + "\n";
}

std::string RenderFieldTable(const TypeInfo& type) {
  std::vector<std::vector<std::string>> rows;
  for (const auto& f : type.fields) {
    std::string kind = f.kind;
    if (!f.choices.empty()) kind += " (" + CellText(Json(f.choices)) + ")";
    std::string secret = f.secret ? "yes" : "no";
    if (f.IsMap() && !f.secret_key_markers.empty()) {
      secret = "keys with " + CellText(Json(f.secret_key_markers));
    } else if (f.IsMap() && !f.secret_keys.empty()) {
      secret = "keys " + CellText(Json(f.secret_keys));
    }
    rows.push_back({Sanitize(f.name), Sanitize(kind), f.required ? "yes" : "no", secret,
                    CellText(f.default_value), Sanitize(f.description)});
  }
  return RenderTable({"FIELD", "KIND", "REQUIRED", "SECRET", "DEFAULT", "DESCRIPTION"}, rows);
}

}  // namespace trib::cli
