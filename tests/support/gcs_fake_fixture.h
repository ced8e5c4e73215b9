// What GCS tests share: a service-account key generated now (RSA 2048, OpenSSL) and the
// test-only routes of tests/fakes/gcs_fake.py (started by tests/scripts/with_gcs_fake.sh):
// register an account's public key, create a bucket, inject failures, read counters.
#pragma once

#include <httplib.h>
#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>
#include <sodium.h>

#include <cstdlib>
#include <memory>
#include <stdexcept>
#include <string>

#include "common/json.h"
#include "common/random.h"

namespace trib::testing {

inline std::string GcsFakeUrl() {
  const char* url = std::getenv("TRIB_TEST_GCS_URL");
  return url == nullptr ? "" : url;
}

// Why the GCS tests cannot run here ("" = they can).
inline std::string GcsFakeUnavailable() {
  return GcsFakeUrl().empty() ? "TRIB_TEST_GCS_URL is not set (see tests/scripts/with_gcs_fake.sh)"
                              : "";
}

struct TestServiceAccount {
  std::string client_email;
  std::string private_key_pem;  // PKCS#8
  std::string public_key_pem;   // SubjectPublicKeyInfo

  // The key file Google would hand out, naming `token_uri`.
  std::string KeyJson(const std::string& token_uri) const {
    return Json{{"type", "service_account"},       {"project_id", "trib-test"},
                {"private_key_id", RandomHex(20)}, {"private_key", private_key_pem},
                {"client_email", client_email},    {"client_id", "1234567890"},
                {"token_uri", token_uri}}
        .dump();
  }
};

inline std::string PemOf(EVP_PKEY* key, bool private_half) {
  std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new(BIO_s_mem()), BIO_free);
  const int ok =
      private_half ? PEM_write_bio_PrivateKey(bio.get(), key, nullptr, nullptr, 0, nullptr, nullptr)
                   : PEM_write_bio_PUBKEY(bio.get(), key);
  if (ok != 1) throw std::runtime_error("PEM_write failed");
  char* data = nullptr;
  const long size = BIO_get_mem_data(bio.get(), &data);
  return std::string(data, static_cast<size_t>(size));
}

// A fresh account with a key generated now.
inline TestServiceAccount MakeTestServiceAccount() {
  std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> key(EVP_RSA_gen(2048), EVP_PKEY_free);
  if (!key) throw std::runtime_error("EVP_RSA_gen failed");
  return {"trib-" + RandomHex(4) + "@trib-test.iam.gserviceaccount.com", PemOf(key.get(), true),
          PemOf(key.get(), false)};
}

// A customer-supplied encryption key drawn now: base64 of 32 random bytes.
inline std::string NewEncryptionKey() {
  unsigned char raw[32];
  randombytes_buf(raw, sizeof raw);
  char out[sodium_base64_ENCODED_LEN(32, sodium_base64_VARIANT_ORIGINAL)];
  sodium_bin2base64(out, sizeof out, raw, sizeof raw, sodium_base64_VARIANT_ORIGINAL);
  return out;
}

// POSTs JSON to one of the fake's /_fake/ routes; the answer's body, or "" on failure.
inline std::string FakeControl(const std::string& route, const Json& body) {
  httplib::Client client(GcsFakeUrl());
  auto answer = client.Post(route, body.dump(), "application/json");
  return answer && answer->status == 200 ? answer->body : "";
}

inline bool RegisterWithFake(const TestServiceAccount& account) {
  return !FakeControl("/_fake/service-accounts", Json{{"client_email", account.client_email},
                                                      {"public_key", account.public_key_pem}})
              .empty();
}

// A new empty bucket; "" when the fake refused.
inline std::string CreateFakeBucket() {
  const std::string name = "trib-" + RandomHex(6);
  return FakeControl("/_fake/buckets", Json{{"name", name}}).empty() ? "" : name;
}

// The next `count` storage calls to `bucket` with `method` ("*": any) answer `status`.
inline bool InjectFakeFailure(const std::string& bucket, const std::string& method, int status,
                              int count) {
  return !FakeControl(
              "/_fake/fail",
              Json{{"bucket", bucket}, {"method", method}, {"status", status}, {"count", count}})
              .empty();
}

// Tokens issued to `account`: {"read_only": n, "read_write": n}.
inline Json FakeGrants(const TestServiceAccount& account) {
  httplib::Client client(GcsFakeUrl());
  auto answer = client.Get("/_fake/grants?client_email=" + account.client_email);
  if (!answer || answer->status != 200) return Json::object();
  return Json::parse(answer->body);
}

// Names with an upload session open in `bucket`.
inline Json FakeOpenUploads(const std::string& bucket) {
  httplib::Client client(GcsFakeUrl());
  auto answer = client.Get("/_fake/uploads?bucket=" + bucket);
  if (!answer || answer->status != 200) return Json::array();
  return Json::parse(answer->body)["names"];
}

}  // namespace trib::testing
