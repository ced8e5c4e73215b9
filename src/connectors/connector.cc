#include "connectors/connector.h"

namespace trib {

Result<const SqlRead*> SqlPayload(const ReadRequest& request) {
  if (const auto* sql = std::get_if<SqlRead>(&request.payload)) return sql;
  const FileRead& file = std::get<FileRead>(request.payload);
  const char* field = !file.path.empty()          ? "path"
                      : !file.data_format.empty() ? "data_format"
                      : !file.columns.empty()     ? "columns"
                                                  : "path";
  return Status::InvalidArgument(field, std::string("'") + field +
                                            "' applies to file data sources; this one reads a "
                                            "'query' or a 'table'");
}

Result<FileRead> FilePayload(const ReadRequest& request) {
  if (const auto* file = std::get_if<FileRead>(&request.payload)) return *file;
  const SqlRead& sql = std::get<SqlRead>(request.payload);
  const char* field = sql.query       ? "query"
                      : sql.table     ? "table"
                      : sql.partition ? "partition_column"
                                      : nullptr;
  if (field == nullptr) return FileRead{};  // nothing asked for: the source's whole path
  return Status::InvalidArgument(field, std::string("'") + field +
                                            "' applies to SQL data sources; this one reads "
                                            "files: give a 'path' (and 'data_format')");
}

Result<WriteResult> Connector::Write(WriteRequest&) {
  return Status::FailedPrecondition("this data source cannot be written (only file types can)");
}

Result<Json> Connector::VendCredentials(const CredentialsRequest&) {
  return Status::FailedPrecondition(
      "this data source cannot vend credentials (only s3, adls and gcs sources can)");
}

Status ConnectorRegistry::Register(std::string type, ConnectorFactory factory,
                                   DefinitionCheck check) {
  if (factories_.count(type) != 0) {
    return Status::AlreadyExists("type", "a connector for '" + type + "' is already registered");
  }
  if (check) checks_.emplace(type, std::move(check));
  factories_.emplace(std::move(type), std::move(factory));
  return Status::Ok();
}

const ConnectorFactory* ConnectorRegistry::Find(std::string_view type) const {
  auto it = factories_.find(type);
  return it == factories_.end() ? nullptr : &it->second;
}

const DefinitionCheck* ConnectorRegistry::FindCheck(std::string_view type) const {
  auto it = checks_.find(type);
  return it == checks_.end() ? nullptr : &it->second;
}

}  // namespace trib
