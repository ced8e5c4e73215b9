// Service shared access signatures for a Blob container, signed with the account key, written
// from Microsoft's "Create a service SAS" specification (version 2020-12-06 and later). The
// times and the key are arguments: nothing here reads the clock.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "common/status.h"

namespace trib::azure {

inline constexpr const char* kSasVersion = "2021-08-06";

struct ContainerSas {
  std::string account;
  std::string container;
  // In the service's canonical order: "rl" (read, list) or "racwdl" (also add, create, write,
  // delete).
  std::string permissions;
  int64_t start_ms = 0;
  int64_t expiry_ms = 0;
  bool allow_http = false;  // spr=https,http (an emulator on this machine) instead of https
};

// "2026-12-03T16:00:00Z": the SAS time format (no fractions).
std::string SasTime(int64_t epoch_ms);
std::string ContainerSasStringToSign(const ContainerSas& sas);
// The query string "sv=...&sr=c&sp=...&st=...&se=...&spr=...&sig=..." (values encoded).
Result<std::string> SignContainerSas(const ContainerSas& sas, std::string_view base64_key);

}  // namespace trib::azure
