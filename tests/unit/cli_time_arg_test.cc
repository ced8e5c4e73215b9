// --since: epoch milliseconds or ISO 8601; epoch milliseconds shown as ISO 8601.
#include <gtest/gtest.h>

#include "clientlib/time_arg.h"

namespace trib::cli {
namespace {

TEST(CliTimeArg, AcceptsMillisecondsAndIsoForms) {
  EXPECT_EQ(ParseTimeArg("1764084174123").value(), 1764084174123);
  EXPECT_EQ(ParseTimeArg("1970-01-01").value(), 0);
  EXPECT_EQ(ParseTimeArg("2026-11-25T15:22:54.123Z").value(), 1795620174123);
  EXPECT_EQ(ParseTimeArg("2026-11-25T15:22:54Z").value(), 1795620174000);
  EXPECT_EQ(ParseTimeArg("2026-11-25T15:22:54").value(), 1795620174000);
  EXPECT_EQ(ParseTimeArg("2026-11-25 15:22").value(), 1795620120000);
  EXPECT_EQ(ParseTimeArg("2026-11-25T16:22:54+01:00").value(), 1795620174000);
  EXPECT_EQ(ParseTimeArg("2026-11-25T14:22:54-0100").value(), 1795620174000);
  EXPECT_EQ(ParseTimeArg("2024-02-29").value(), 1709164800000);
}

TEST(CliTimeArg, RefusesNonsenseNamingTheOption) {
  for (const char* bad : {"", "yesterday", "2026-13-01", "2023-02-29", "2026-11-25T25:00",
                          "2026-11-25T15:22:54.Z", "2026-11-25T15:22:54Q", "-5", "2026-1-5"}) {
    Result<int64_t> t = ParseTimeArg(bad);
    EXPECT_FALSE(t.ok()) << bad;
    if (!t.ok()) {
      EXPECT_EQ(t.status().field(), "since");
    }
  }
}

TEST(CliTimeArg, FormatsAndRoundTrips) {
  EXPECT_EQ(FormatEpochMs(0), "1970-01-01T00:00:00.000Z");
  EXPECT_EQ(FormatEpochMs(1795620174123), "2026-11-25T15:22:54.123Z");
  EXPECT_EQ(FormatEpochMs(-1), "1969-12-31T23:59:59.999Z");
  EXPECT_EQ(ParseTimeArg(FormatEpochMs(951782400000)).value(), 951782400000);  // 2000-02-29
}

}  // namespace
}  // namespace trib::cli
