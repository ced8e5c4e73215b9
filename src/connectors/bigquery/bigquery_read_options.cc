#include "connectors/bigquery/bigquery_read_options.h"

namespace trib {

const OptionTable& BigqueryReadOptions() {
  using K = OptionKind;
  static const OptionTable table = {
      "BigQuery reader",
      KeyMatch::kExact,
      {
          {"viewsEnabled", K::kBoolean, "allow reading views (materialized first)"},
          {"readDataFormat", K::kChoice, "format of the Storage Read API", {"ARROW", "AVRO"}},
          {"maxParallelism", K::kInteger, "most read streams of one table", {}, false, 10000},
          {"preferredMinParallelism",
           K::kInteger,
           "fewest read streams asked for",
           {},
           false,
           10000},
          {"filter", K::kText, "a row filter pushed to BigQuery, e.g. country = 'SE'"},
          {"optimizedEmptyProjection", K::kBoolean, "count rows without reading columns"},
          {"maxReadRowsRetries", K::kInteger, "retries of a failed read stream", {}, false, 100},
          {"materializationExpirationTimeInMinutes",
           K::kInteger,
           "lifetime of materialized query results",
           {},
           false,
           10080},
          {"bigQueryJobTimeoutInMinutes",
           K::kInteger,
           "longest a query job may run",
           {},
           false,
           1440},
          {"traceApplicationName", K::kText, "application name in BigQuery's job traces"},
      },
      {
          {"parentProject", "parent_project"},
          {"project", "query_project"},
          {"dataset", "dataset"},
          {"table", "query_table"},
          {"materializationDataset", "materialization_dataset"},
          {"credentialsFile", "key_path"},
          {"credentials", "key_json"},
      },
  };
  return table;
}

}  // namespace trib
