#include "vault/master_key.h"

#include <sodium.h>

#include <array>
#include <cctype>
#include <string>

#include "common/random.h"

namespace trib {
namespace {

constexpr std::string_view kIdLabel = "trib vault master key id v1";

std::string_view Trim(std::string_view text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) {
    text.remove_prefix(1);
  }
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) {
    text.remove_suffix(1);
  }
  return text;
}

}  // namespace

std::string DeriveMasterKeyId(const unsigned char* bytes) {
  EnsureSodium();
  std::array<unsigned char, MasterKey::kIdHexChars / 2> digest{};
  crypto_generichash(digest.data(), digest.size(),
                     reinterpret_cast<const unsigned char*>(kIdLabel.data()), kIdLabel.size(),
                     bytes, MasterKey::kBytes);
  std::string hex(digest.size() * 2 + 1, '\0');
  sodium_bin2hex(hex.data(), hex.size(), digest.data(), digest.size());
  hex.pop_back();
  return hex;
}

Result<std::shared_ptr<const MasterKey>> MasterKey::FromBytes(const unsigned char* bytes,
                                                              size_t len) {
  EnsureSodium();
  if (len != kBytes) {
    return Status::InvalidArgument(
        "master_key", "a master key must be exactly 32 bytes, got " + std::to_string(len));
  }
  // sodium_malloc locks the page (sodium_mlock; a failed lock, e.g. RLIMIT_MEMLOCK, is not
  // fatal) and surrounds it with guard pages.
  auto* locked = static_cast<unsigned char*>(sodium_malloc(kBytes));
  if (locked == nullptr) return Status::Internal("cannot allocate locked memory for a master key");
  std::copy(bytes, bytes + kBytes, locked);
  std::string id = DeriveMasterKeyId(locked);
  sodium_mprotect_readonly(locked);
  return std::shared_ptr<const MasterKey>(new MasterKey(locked, std::move(id)));
}

Result<std::shared_ptr<const MasterKey>> MasterKey::Generate() {
  EnsureSodium();
  std::array<unsigned char, kBytes> raw{};
  randombytes_buf(raw.data(), raw.size());
  auto key = FromBytes(raw.data(), raw.size());
  sodium_memzero(raw.data(), raw.size());
  return key;
}

Result<std::shared_ptr<const MasterKey>> MasterKey::FromBase64(std::string_view text,
                                                               std::string_view what) {
  EnsureSodium();
  text = Trim(text);
  // One byte of slack so that an over-long value is reported as such, not truncated.
  std::array<unsigned char, kBytes + 1> raw{};
  const int variants[] = {sodium_base64_VARIANT_ORIGINAL, sodium_base64_VARIANT_ORIGINAL_NO_PADDING,
                          sodium_base64_VARIANT_URLSAFE, sodium_base64_VARIANT_URLSAFE_NO_PADDING};
  for (int variant : variants) {
    size_t len = 0;
    const char* end = nullptr;
    if (sodium_base642bin(raw.data(), raw.size(), text.data(), text.size(), nullptr, &len, &end,
                          variant) == 0 &&
        end == text.data() + text.size() && len == kBytes) {
      auto key = FromBytes(raw.data(), len);
      sodium_memzero(raw.data(), raw.size());
      return key;
    }
  }
  sodium_memzero(raw.data(), raw.size());
  return Status::InvalidArgument(
      std::string(what), std::string(what) + " must be the base64 encoding of exactly 32 bytes");
}

MasterKey::~MasterKey() { sodium_free(bytes_); }  // wipes before releasing

std::string MasterKey::ToBase64() const {
  std::string out(sodium_base64_ENCODED_LEN(kBytes, sodium_base64_VARIANT_URLSAFE_NO_PADDING),
                  '\0');
  sodium_bin2base64(out.data(), out.size(), bytes_, kBytes,
                    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  out.resize(out.find('\0'));
  return out;
}

}  // namespace trib
