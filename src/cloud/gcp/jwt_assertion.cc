#include "cloud/gcp/jwt_assertion.h"

#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>

#include <memory>

#include "common/json.h"

namespace trib::gcp {

namespace {

struct BioFree {
  void operator()(BIO* bio) const { BIO_free(bio); }
};
struct PkeyFree {
  void operator()(EVP_PKEY* key) const { EVP_PKEY_free(key); }
};
struct MdCtxFree {
  void operator()(EVP_MD_CTX* ctx) const { EVP_MD_CTX_free(ctx); }
};

// OpenSSL's error queue may describe the key; it is dropped, never reported.
Status BadKey(std::string_view field, std::string_view why) {
  ERR_clear_error();
  const std::string name(field);
  return Status::InvalidArgument(
      name, "'" + name + "' is not a usable service-account key: " + std::string(why));
}

}  // namespace

std::string Base64UrlEncode(std::string_view bytes) {
  static constexpr char kAlphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  size_t i = 0;
  for (; i + 2 < bytes.size(); i += 3) {
    const uint32_t n = (static_cast<uint8_t>(bytes[i]) << 16) |
                       (static_cast<uint8_t>(bytes[i + 1]) << 8) |
                       static_cast<uint8_t>(bytes[i + 2]);
    out += kAlphabet[(n >> 18) & 63];
    out += kAlphabet[(n >> 12) & 63];
    out += kAlphabet[(n >> 6) & 63];
    out += kAlphabet[n & 63];
  }
  if (i + 1 == bytes.size()) {
    const uint32_t n = static_cast<uint8_t>(bytes[i]) << 16;
    out += kAlphabet[(n >> 18) & 63];
    out += kAlphabet[(n >> 12) & 63];
  } else if (i + 2 == bytes.size()) {
    const uint32_t n =
        (static_cast<uint8_t>(bytes[i]) << 16) | (static_cast<uint8_t>(bytes[i + 1]) << 8);
    out += kAlphabet[(n >> 18) & 63];
    out += kAlphabet[(n >> 12) & 63];
    out += kAlphabet[(n >> 6) & 63];
  }
  return out;
}

Result<std::string> MakeJwtAssertion(const ServiceAccountKey& key, std::string_view scope,
                                     std::string_view audience, int64_t now_ms,
                                     std::string_view field) {
  std::unique_ptr<BIO, BioFree> bio(
      BIO_new_mem_buf(key.private_key_pem.data(), static_cast<int>(key.private_key_pem.size())));
  if (!bio) return Status::Internal("OpenSSL could not allocate a buffer");
  std::unique_ptr<EVP_PKEY, PkeyFree> pkey(
      PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr));
  if (!pkey) return BadKey(field, "its \"private_key\" cannot be read as a PEM private key");
  if (EVP_PKEY_get_base_id(pkey.get()) != EVP_PKEY_RSA) {
    return BadKey(field, "its \"private_key\" is not an RSA key");
  }

  Json header = {{"alg", "RS256"}, {"typ", "JWT"}};
  if (!key.private_key_id.empty()) header["kid"] = key.private_key_id;
  const int64_t now_s = now_ms / 1000;
  const Json claims = {{"iss", key.client_email},
                       {"scope", scope},
                       {"aud", audience},
                       {"iat", now_s},
                       {"exp", now_s + kAssertionLifetimeS}};
  const std::string signing_input =
      Base64UrlEncode(header.dump()) + "." + Base64UrlEncode(claims.dump());

  std::unique_ptr<EVP_MD_CTX, MdCtxFree> ctx(EVP_MD_CTX_new());
  size_t length = 0;
  if (!ctx || EVP_DigestSignInit(ctx.get(), nullptr, EVP_sha256(), nullptr, pkey.get()) != 1 ||
      EVP_DigestSign(ctx.get(), nullptr, &length,
                     reinterpret_cast<const unsigned char*>(signing_input.data()),
                     signing_input.size()) != 1) {
    return BadKey(field, "signing with its \"private_key\" failed");
  }
  std::string signature(length, '\0');
  if (EVP_DigestSign(ctx.get(), reinterpret_cast<unsigned char*>(signature.data()), &length,
                     reinterpret_cast<const unsigned char*>(signing_input.data()),
                     signing_input.size()) != 1) {
    return BadKey(field, "signing with its \"private_key\" failed");
  }
  signature.resize(length);
  return signing_input + "." + Base64UrlEncode(signature);
}

}  // namespace trib::gcp
