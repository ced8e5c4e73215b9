// One behavioural suite for every object store. A store runs it by instantiating
// ObjectStoreSuite with a factory that returns a fresh, empty store per test:
//
//   INSTANTIATE_TEST_SUITE_P(Local, ObjectStoreSuite,
//                            ::testing::Values(StoreUnderTest{"local", MakeLocal}),
//                            StoreUnderTestName);
//
// What a store does differently is read from its quirks(), never from its name.
#pragma once

#include <gtest/gtest.h>

#include <cstdlib>
#include <functional>
#include <memory>
#include <ostream>
#include <string>
#include <vector>

#include "objectstore/object_store.h"

namespace trib::testing {

struct StoreUnderTest {
  std::string name;  // the test name suffix: letters, digits and '_' only
  std::function<std::unique_ptr<objectstore::ObjectStore>()> make;
  // Why the store cannot run here ("" = it can), e.g. its server is not started: the test is
  // skipped, or fails under CI=true.
  std::function<std::string()> unavailable = nullptr;
};

// Failure lines show the store's name rather than the struct's bytes.
inline void PrintTo(const StoreUnderTest& store, std::ostream* out) { *out << store.name; }

inline std::string StoreUnderTestName(const ::testing::TestParamInfo<StoreUnderTest>& info) {
  return info.param.name;
}

class ObjectStoreSuite : public ::testing::TestWithParam<StoreUnderTest> {
 protected:
  void SetUp() override {
    if (GetParam().unavailable) {
      const std::string why = GetParam().unavailable();
      if (!why.empty()) {
        const char* ci = std::getenv("CI");
        if (ci != nullptr && std::string(ci) == "true") FAIL() << why << " (required under CI)";
        GTEST_SKIP() << why;
      }
    }
    store_ = GetParam().make();
    ASSERT_NE(store_, nullptr) << "the factory of " << GetParam().name << " made no store";
  }
  void TearDown() override { store_.reset(); }

  objectstore::ObjectStore& store() { return *store_; }

  // Writes `bytes` under `key` in a few appends and commits; fails the test on error.
  objectstore::ObjectInfo Put(const std::string& key, const std::string& bytes,
                              bool overwrite = false);
  // The whole object, or "" after failing the test.
  std::string Get(const std::string& key);
  // Every key and prefix of a listing, following all pages.
  struct Listed {
    std::vector<std::string> objects;
    std::vector<std::string> prefixes;
  };
  Listed ListAll(const std::string& prefix, bool recursive, int64_t page_size = 1000);

 private:
  std::unique_ptr<objectstore::ObjectStore> store_;
};

}  // namespace trib::testing
