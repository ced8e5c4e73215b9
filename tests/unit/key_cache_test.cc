#include "service/key_cache.h"

#include <gtest/gtest.h>

namespace trib {
namespace {

TEST(KeyCache, ServesAnEntryUntilItExpires) {
  int64_t now = 1000;
  KeyCache cache([&] { return now; }, /*ttl_ms=*/500);
  ApiKey key;
  key.id = "k1";
  key.hash = "h";
  User user;
  user.name = "alice";
  EXPECT_FALSE(cache.Find("k1"));
  cache.Put(key, user);
  auto hit = cache.Find("k1");
  ASSERT_TRUE(hit);
  EXPECT_EQ(hit->first.hash, "h");
  EXPECT_EQ(hit->second.name, "alice");
  now += 499;
  EXPECT_TRUE(cache.Find("k1"));
  now += 1;
  EXPECT_FALSE(cache.Find("k1")) << "an expired row must be looked up again";
}

TEST(KeyCache, ZeroTtlCachesNothingAndSizeIsBounded) {
  int64_t now = 0;
  KeyCache off([&] { return now; }, 0);
  ApiKey key;
  key.id = "k";
  off.Put(key, User{});
  EXPECT_FALSE(off.Find("k"));

  KeyCache small([&] { return now; }, 1000, /*max_entries=*/2);
  for (const char* id : {"a", "b", "c"}) {
    key.id = id;
    small.Put(key, User{});
  }
  EXPECT_TRUE(small.Find("c"));
  EXPECT_FALSE(small.Find("a"));
}

}  // namespace
}  // namespace trib
