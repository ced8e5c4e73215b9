// The egress allowlist setting: which destinations data sources may reach (admin only to
// change; every connector checks it before it connects).
#include <algorithm>

#include "service/request_checks.h"
#include "service/setting_names.h"
#include "service/tributary.h"

namespace trib {

namespace {

constexpr size_t kMaxEntries = 1000;

Result<std::vector<std::string>> StoredEntries(Catalog& catalog, bool* is_default) {
  TRIB_ASSIGN_OR_RETURN(auto stored, catalog.GetSetting(std::string(kEgressAllowlistSetting)));
  if (is_default != nullptr) *is_default = !stored.has_value();
  if (!stored) return net::EgressPolicy::DefaultEntries();
  Json list = Json::parse(*stored, nullptr, false);
  std::vector<std::string> entries;
  if (!list.is_array()) return Status::Internal("the stored egress allowlist is not a JSON array");
  for (const Json& entry : list) {
    if (!entry.is_string()) return Status::Internal("the stored egress allowlist is damaged");
    entries.push_back(entry.get<std::string>());
  }
  return entries;
}

}  // namespace

Result<std::shared_ptr<const net::EgressPolicy>> Tributary::CurrentEgressPolicy() {
  TRIB_ASSIGN_OR_RETURN(std::vector<std::string> entries, StoredEntries(*catalog_, nullptr));
  auto policy = net::EgressPolicy::Parse(entries);
  if (!policy.ok()) {
    // Stored entries were validated when set: failing closed beats guessing.
    return Status::Internal("the stored egress allowlist does not parse: " +
                            policy.status().message());
  }
  return std::make_shared<const net::EgressPolicy>(std::move(policy).value());
}

Result<Json> Tributary::GetEgressAllowlist(const Principal& caller) {
  TRIB_RETURN_IF_ERROR(RequireAdmin(caller));
  bool is_default = false;
  TRIB_ASSIGN_OR_RETURN(std::vector<std::string> entries, StoredEntries(*catalog_, &is_default));
  return Json{{"entries", entries}, {"default", is_default}};
}

Result<Json> Tributary::SetEgressAllowlist(const Principal& caller, const Json& body) {
  TRIB_RETURN_IF_ERROR(RequireAdmin(caller));
  TRIB_RETURN_IF_ERROR(CheckBodyKeys(body, {"entries"}));
  auto it = body.find("entries");
  if (it == body.end() || !it->is_array()) {
    return Status::InvalidArgument("entries", "'entries' must be an array of strings");
  }
  if (it->size() > kMaxEntries) {
    return Status::InvalidArgument(
        "entries", "'entries' holds more than " + std::to_string(kMaxEntries) + " entries");
  }
  std::vector<std::string> given;
  for (const Json& entry : *it) {
    if (!entry.is_string()) {
      return Status::InvalidArgument("entries", "'entries' must be an array of strings");
    }
    given.push_back(entry.get<std::string>());
  }
  TRIB_ASSIGN_OR_RETURN(net::EgressPolicy policy, net::EgressPolicy::Parse(given));
  // Stored in canonical spelling, each once, in the order given.
  std::vector<std::string> entries;
  for (std::string& entry : policy.Entries()) {
    if (std::find(entries.begin(), entries.end(), entry) == entries.end()) {
      entries.push_back(std::move(entry));
    }
  }
  const Json stored(entries);
  TRIB_RETURN_IF_ERROR(
      catalog_->PutSetting(std::string(kEgressAllowlistSetting), stored.dump(),
                           Event(caller, "egress_allowlist.set", "",
                                 std::string(kEgressAllowlistSetting), Json{{"entries", stored}})));
  return Json{{"entries", stored}, {"default", false}};
}

}  // namespace trib
