// The service-account credential fields and rules that the GCP types (bigquery, gcs) share.
#pragma once

#include <functional>
#include <vector>

#include "datasource/field_spec.h"

namespace trib {

// `first` followed by `then`: a shared block of fields or rules, then a type's own.
template <typename T>
std::vector<T> Concat(std::vector<T> first, std::vector<T> then) {
  for (T& item : then) first.push_back(std::move(item));
  return first;
}

// key_path (a key file on the server) and key_json (the key itself, stored encrypted).
std::vector<FieldSpec> ServiceAccountKeyFields();

// Exactly one of key_path and key_json.
std::vector<std::function<Status(const FieldView&)>> ServiceAccountKeyRules();

}  // namespace trib
