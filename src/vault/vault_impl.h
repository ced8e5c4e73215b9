// Vault internals shared by vault.cc and rotation.cc.
#pragma once

#include <memory>
#include <mutex>

#include "vault/key_ring.h"
#include "vault/vault.h"

namespace trib {

struct Vault::Impl {
  std::unique_ptr<KeyRing> ring;
  std::mutex rotation_mu;  // one rotation at a time within the process (flock across them)
};

}  // namespace trib
