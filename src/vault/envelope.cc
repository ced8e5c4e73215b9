#include "vault/envelope.h"

#include <sodium.h>

#include <array>
#include <vector>

#include "common/random.h"

namespace trib {
namespace {

constexpr std::string_view kVersion = "v1";
constexpr size_t kNonceBytes = crypto_aead_xchacha20poly1305_ietf_NPUBBYTES;
constexpr size_t kTagBytes = crypto_aead_xchacha20poly1305_ietf_ABYTES;
constexpr size_t kDekBytes = crypto_aead_xchacha20poly1305_ietf_KEYBYTES;
static_assert(kDekBytes == MasterKey::kBytes);

// A data key on the stack, wiped whatever path leaves the scope.
struct DataKey {
  std::array<unsigned char, kDekBytes> bytes{};
  ~DataKey() { sodium_memzero(bytes.data(), bytes.size()); }
};

const unsigned char* Bytes(std::string_view text) {
  return reinterpret_cast<const unsigned char*>(text.data());
}

std::string Base64(std::string_view raw) {
  std::string out(sodium_base64_ENCODED_LEN(raw.size(), sodium_base64_VARIANT_URLSAFE_NO_PADDING),
                  '\0');
  sodium_bin2base64(out.data(), out.size(), Bytes(raw), raw.size(),
                    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  out.resize(out.find('\0'));
  return out;
}

bool FromBase64(std::string_view text, std::string& out) {
  out.assign(text.size(), '\0');  // decoded is always shorter
  size_t len = 0;
  const char* end = nullptr;
  if (sodium_base642bin(reinterpret_cast<unsigned char*>(out.data()), out.size(), text.data(),
                        text.size(), nullptr, &len, &end,
                        sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0 ||
      end != text.data() + text.size()) {
    return false;
  }
  out.resize(len);
  return true;
}

bool IsKeyId(std::string_view id) {
  if (id.size() != MasterKey::kIdHexChars) return false;
  for (char c : id) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

std::string WrapAssociatedData(std::string_view key_id, std::string_view context) {
  // The key id has a fixed length, so the concatenation is unambiguous.
  std::string ad(key_id);
  ad += '|';
  ad += context;
  return ad;
}

Status NotOpenable() {
  return Status::InvalidArgument(
      "sealed", "the sealed value cannot be opened: it was altered or sealed for another place");
}

std::string RandomNonce() {
  std::string nonce(kNonceBytes, '\0');
  randombytes_buf(nonce.data(), nonce.size());
  return nonce;
}

std::string Encrypt(const unsigned char* key, std::string_view plaintext, std::string_view ad,
                    const std::string& nonce) {
  std::string out(plaintext.size() + kTagBytes, '\0');
  unsigned long long out_len = 0;
  crypto_aead_xchacha20poly1305_ietf_encrypt(reinterpret_cast<unsigned char*>(out.data()), &out_len,
                                             Bytes(plaintext), plaintext.size(), Bytes(ad),
                                             ad.size(), nullptr, Bytes(nonce), key);
  out.resize(out_len);
  return out;
}

// Decrypts into `out` (exactly ciphertext - tag bytes long); false when authentication fails.
bool Decrypt(const unsigned char* key, std::string_view ciphertext, std::string_view ad,
             const std::string& nonce, unsigned char* out) {
  unsigned long long out_len = 0;
  return crypto_aead_xchacha20poly1305_ietf_decrypt(out, &out_len, nullptr, Bytes(ciphertext),
                                                    ciphertext.size(), Bytes(ad), ad.size(),
                                                    Bytes(nonce), key) == 0;
}

Status UnwrapDek(const MasterKey& key, const Envelope& envelope, std::string_view context,
                 DataKey& dek) {
  if (key.id() != envelope.key_id) return Status::Internal("vault: unwrapping with the wrong key");
  if (!Decrypt(key.bytes(), envelope.wrapped_dek, WrapAssociatedData(key.id(), context),
               envelope.wrap_nonce, dek.bytes.data())) {
    return NotOpenable();
  }
  return Status::Ok();
}

void WrapDek(const MasterKey& key, const DataKey& dek, std::string_view context,
             Envelope& envelope) {
  envelope.key_id = key.id();
  envelope.wrap_nonce = RandomNonce();
  envelope.wrapped_dek =
      Encrypt(key.bytes(),
              std::string_view(reinterpret_cast<const char*>(dek.bytes.data()), dek.bytes.size()),
              WrapAssociatedData(key.id(), context), envelope.wrap_nonce);
}

}  // namespace

Result<Envelope> ParseEnvelope(std::string_view sealed) {
  const Status malformed = Status::InvalidArgument("sealed", "not a v1 vault envelope");
  std::vector<std::string_view> parts;
  while (true) {
    size_t dot = sealed.find('.');
    parts.push_back(sealed.substr(0, dot));
    if (dot == std::string_view::npos) break;
    if (parts.size() == 6) return malformed;
    sealed.remove_prefix(dot + 1);
  }
  if (parts.size() != 6 || parts[0] != kVersion || !IsKeyId(parts[1])) return malformed;
  Envelope envelope;
  envelope.key_id = std::string(parts[1]);
  if (!FromBase64(parts[2], envelope.wrap_nonce) || envelope.wrap_nonce.size() != kNonceBytes ||
      !FromBase64(parts[3], envelope.wrapped_dek) ||
      envelope.wrapped_dek.size() != kDekBytes + kTagBytes ||
      !FromBase64(parts[4], envelope.data_nonce) || envelope.data_nonce.size() != kNonceBytes ||
      !FromBase64(parts[5], envelope.ciphertext) || envelope.ciphertext.size() < kTagBytes) {
    return malformed;
  }
  return envelope;
}

std::string FormatEnvelope(const Envelope& envelope) {
  return std::string(kVersion) + "." + envelope.key_id + "." + Base64(envelope.wrap_nonce) + "." +
         Base64(envelope.wrapped_dek) + "." + Base64(envelope.data_nonce) + "." +
         Base64(envelope.ciphertext);
}

Result<Envelope> SealWithKey(const MasterKey& key, std::string_view plaintext,
                             std::string_view context) {
  EnsureSodium();
  DataKey dek;
  crypto_aead_xchacha20poly1305_ietf_keygen(dek.bytes.data());
  Envelope envelope;
  envelope.data_nonce = RandomNonce();
  envelope.ciphertext = Encrypt(dek.bytes.data(), plaintext, context, envelope.data_nonce);
  WrapDek(key, dek, context, envelope);
  return envelope;
}

Result<std::string> OpenWithKey(const MasterKey& key, const Envelope& envelope,
                                std::string_view context) {
  EnsureSodium();
  DataKey dek;
  TRIB_RETURN_IF_ERROR(UnwrapDek(key, envelope, context, dek));
  std::string plaintext(envelope.ciphertext.size() - kTagBytes, '\0');
  if (!Decrypt(dek.bytes.data(), envelope.ciphertext, context, envelope.data_nonce,
               reinterpret_cast<unsigned char*>(plaintext.data()))) {
    sodium_memzero(plaintext.data(), plaintext.size());
    return NotOpenable();
  }
  return plaintext;
}

Result<Envelope> RewrapWithKey(const MasterKey& from, const MasterKey& to, const Envelope& envelope,
                               std::string_view context) {
  EnsureSodium();
  DataKey dek;
  TRIB_RETURN_IF_ERROR(UnwrapDek(from, envelope, context, dek));
  Envelope out = envelope;
  WrapDek(to, dek, context, out);
  return out;
}

}  // namespace trib
