#include "connectors/snowflake/snowflake_session_options.h"

namespace trib {

const OptionTable& SnowflakeSessionOptions() {
  using K = OptionKind;
  static const OptionTable table = {
      "Snowflake session",
      KeyMatch::kAnyCase,
      {
          {"TIMEZONE", K::kText, "time zone of the session, e.g. Europe/Berlin"},
          {"QUERY_TAG", K::kText, "tag shown with the session's queries in QUERY_HISTORY"},
          {"STATEMENT_TIMEOUT_IN_SECONDS",
           K::kInteger,
           "longest a statement may run",
           {},
           false,
           604800},
          {"ROWS_PER_RESULTSET", K::kInteger, "most rows a result may hold (0: no limit)"},
          {"USE_CACHED_RESULT", K::kBoolean, "answer repeated queries from the result cache"},
          {"QUOTED_IDENTIFIERS_IGNORE_CASE", K::kBoolean, "treat quoted identifiers as upper case"},
          {"BINARY_OUTPUT_FORMAT", K::kChoice, "how binary values are shown", {"HEX", "BASE64"}},
          {"DATE_OUTPUT_FORMAT", K::kText, "how dates are shown, e.g. YYYY-MM-DD"},
          {"TIME_OUTPUT_FORMAT", K::kText, "how times are shown"},
          {"TIMESTAMP_OUTPUT_FORMAT", K::kText, "how timestamps are shown"},
          {"TIMESTAMP_NTZ_OUTPUT_FORMAT", K::kText, "how TIMESTAMP_NTZ values are shown"},
          {"TIMESTAMP_LTZ_OUTPUT_FORMAT", K::kText, "how TIMESTAMP_LTZ values are shown"},
          {"TIMESTAMP_TZ_OUTPUT_FORMAT", K::kText, "how TIMESTAMP_TZ values are shown"},
          {"TIMESTAMP_TYPE_MAPPING",
           K::kChoice,
           "what TIMESTAMP means",
           {"TIMESTAMP_LTZ", "TIMESTAMP_NTZ", "TIMESTAMP_TZ"}},
          {"WEEK_START",
           K::kInteger,
           "first day of the week (0: ISO, 1: Monday ... 7)",
           {},
           false,
           7},
          {"WEEK_OF_YEAR_POLICY",
           K::kInteger,
           "how the first week of a year is counted (0, 1)",
           {},
           false,
           1},
          {"CLIENT_SESSION_KEEP_ALIVE", K::kBoolean, "keep an idle session alive"},
      },
      {
          {"sfURL", "url"},
          {"sfUser", "user"},
          {"sfPassword", "password"},
          {"sfToken", "token"},
          {"pem_private_key", "private_key"},
          {"sfDatabase", "database"},
          {"sfSchema", "schema"},
          {"sfWarehouse", "warehouse"},
          {"sfRole", "role"},
          {"dbtable", "table"},
      },
  };
  return table;
}

}  // namespace trib
