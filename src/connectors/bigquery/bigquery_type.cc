#include "connectors/bigquery/bigquery_type.h"

#include <algorithm>
#include <cctype>
#include <string>

#include "connectors/bigquery/bigquery_read_options.h"
#include "connectors/common/field_checks.h"
#include "connectors/common/gcp_credentials.h"

namespace trib {

namespace {

Status Invalid(std::string_view field, std::string_view rule) {
  const std::string name(field);
  return Status::InvalidArgument(name, "'" + name + "' " + std::string(rule));
}

// 6-30 lower-case letters, digits and '-', starting with a letter, not ending with '-'; older
// projects may carry a domain prefix ("example.com:my-project").
Status CheckProjectId(std::string_view field, std::string_view value) {
  if (const size_t colon = value.find(':'); colon != std::string_view::npos) {
    if (!CheckHostname(field, value.substr(0, colon)).ok()) {
      return Invalid(field, "has a malformed domain prefix before ':'");
    }
    value = value.substr(colon + 1);
  }
  const bool ok = value.size() >= 6 && value.size() <= 30 && value.front() >= 'a' &&
                  value.front() <= 'z' && value.back() != '-' &&
                  std::all_of(value.begin(), value.end(), [](char c) {
                    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
                  });
  if (ok) return Status::Ok();
  return Invalid(field,
                 "must be a Google Cloud project id: 6-30 lower-case letters, digits and "
                 "'-', starting with a letter and not ending with '-'");
}

// Dataset names: 1-1024 letters, digits and '_'.
Status CheckDatasetName(std::string_view field, std::string_view value) {
  const bool ok =
      !value.empty() && value.size() <= 1024 && std::all_of(value.begin(), value.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_';
      });
  if (ok) return Status::Ok();
  return Invalid(field, "must be a dataset name: letters, digits and '_'");
}

}  // namespace

TypeSpec MakeBigqueryType() {
  TypeSpec spec;
  spec.name = "bigquery";
  spec.group = "GCP";
  spec.description =
      "Google BigQuery, queried with SQL or read by table; authenticate with a service-account "
      "key, given as a file on the server or stored encrypted.";
  spec.fields = Concat(
      ServiceAccountKeyFields(),
      {
          WithCheck(StringField("parent_project",
                                "The Google Cloud project billed for the queries and jobs.")
                        .Required(),
                    CheckProjectId),
          WithCheck(StringField("dataset", "The dataset that holds query_table."),
                    CheckDatasetName),
          StringField("query_table", "A table to read when no query is given (needs dataset)."),
          WithCheck(StringField("query_project",
                                "The project that holds dataset and query_table, when it is not "
                                "parent_project."),
                    CheckProjectId),
          WithCheck(StringField("materialization_dataset",
                                "A dataset where BigQuery may write the temporary results of "
                                "queries."),
                    CheckDatasetName),
          OptionsField("arguments",
                       "Further options of the BigQuery reader (declared_keys), e.g. "
                       "viewsEnabled or maxParallelism.",
                       BigqueryReadOptions()),
      });
  spec.rules = Concat(ServiceAccountKeyRules(), {
                                                    Requires("query_table", {"dataset"}),
                                                });
  return spec;
}

}  // namespace trib
