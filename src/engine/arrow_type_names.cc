#include "engine/arrow_type_names.h"

#include <map>
#include <string_view>

namespace trib::engine {

namespace {

std::string ChildName(const ArrowSchema& field, int64_t i) {
  if (i >= field.n_children || field.children == nullptr || field.children[i] == nullptr) {
    return "?";
  }
  return ArrowTypeName(*field.children[i]);
}

std::string_view UnitName(char unit) {
  switch (unit) {
    case 's':
      return "s";
    case 'm':
      return "ms";
    case 'u':
      return "us";
    case 'n':
      return "ns";
  }
  return "?";
}

}  // namespace

std::string ArrowTypeName(const ArrowSchema& field) {
  const std::string_view f = field.format != nullptr ? field.format : "";
  if (field.dictionary != nullptr) {
    return "dictionary<" + ArrowTypeName(*field.dictionary) + ">";
  }
  static const std::map<std::string_view, std::string_view> simple = {
      {"n", "null"},
      {"b", "bool"},
      {"c", "int8"},
      {"C", "uint8"},
      {"s", "int16"},
      {"S", "uint16"},
      {"i", "int32"},
      {"I", "uint32"},
      {"l", "int64"},
      {"L", "uint64"},
      {"e", "float16"},
      {"f", "float32"},
      {"g", "float64"},
      {"z", "binary"},
      {"Z", "large_binary"},
      {"vz", "binary_view"},
      {"u", "utf8"},
      {"U", "large_utf8"},
      {"vu", "utf8_view"},
      {"tdD", "date32"},
      {"tdm", "date64"},
      {"tiM", "interval[months]"},
      {"tiD", "interval[day_time]"},
      {"tin", "interval[month_day_nano]"}};
  if (auto it = simple.find(f); it != simple.end()) return std::string(it->second);

  if (f.rfind("d:", 0) == 0) {  // d:precision,scale[,bitwidth]
    std::string_view rest = f.substr(2);
    const size_t first = rest.find(',');
    const size_t second = rest.find(',', first + 1);
    std::string name = "decimal(" + std::string(rest.substr(0, second)) + ")";
    if (second != std::string_view::npos && rest.substr(second + 1) != "128") {
      name = "decimal" + std::string(rest.substr(second + 1)) + name.substr(7);
    }
    return name;
  }
  if (f.rfind("w:", 0) == 0) return "fixed_size_binary[" + std::string(f.substr(2)) + "]";
  if (f.size() == 3 && (f.rfind("tt", 0) == 0)) {
    return std::string(f[2] == 's' || f[2] == 'm' ? "time32[" : "time64[") +
           std::string(UnitName(f[2])) + "]";
  }
  if (f.size() >= 4 && f.rfind("ts", 0) == 0 && f[3] == ':') {
    const std::string_view tz = f.substr(4);
    return "timestamp[" + std::string(UnitName(f[2])) + (tz.empty() ? "" : ", ") + std::string(tz) +
           "]";
  }
  if (f.size() == 3 && f.rfind("tD", 0) == 0) {
    return "duration[" + std::string(UnitName(f[2])) + "]";
  }
  if (f == "+l") return "list<" + ChildName(field, 0) + ">";
  if (f == "+L") return "large_list<" + ChildName(field, 0) + ">";
  if (f == "+vl") return "list_view<" + ChildName(field, 0) + ">";
  if (f.rfind("+w:", 0) == 0) {
    return "fixed_size_list<" + ChildName(field, 0) + ">[" + std::string(f.substr(3)) + "]";
  }
  if (f == "+m") {  // map: one child, a struct of key and value
    if (field.n_children == 1 && field.children[0]->n_children == 2) {
      const ArrowSchema& entries = *field.children[0];
      return "map<" + ChildName(entries, 0) + ", " + ChildName(entries, 1) + ">";
    }
    return "map<?>";
  }
  if (f == "+s" || f.rfind("+u", 0) == 0) {
    std::string name = f == "+s" ? "struct<" : "union<";
    for (int64_t i = 0; i < field.n_children; ++i) {
      if (i > 0) name += ", ";
      const ArrowSchema* child = field.children[i];
      name += std::string(child->name != nullptr ? child->name : "") + ": " + ChildName(field, i);
    }
    return name + ">";
  }
  return "arrow:" + std::string(f);
}

}  // namespace trib::engine
