#include "connectors/files/file_connector.h"

#include "connectors/files/file_writer.h"

namespace trib {

namespace {

constexpr int64_t kBrowsePageSize = 1000;

}  // namespace

Result<objectstore::ObjectStore*> FileConnector::Store() {
  if (!store_) {
    TRIB_ASSIGN_OR_RETURN(store_, spec_.open_store());
  }
  return store_.get();
}

Status FileConnector::Test(int64_t) {
  TRIB_ASSIGN_OR_RETURN(objectstore::ObjectStore * store, Store());
  objectstore::ListRequest request;
  request.prefix = spec_.base;
  request.page_size = 1;
  return store->List(request).status();
}

Result<Json> FileConnector::Browse(const BrowseRequest& request) {
  if (request.schema || request.table) {
    const char* field = request.schema ? "schema" : "table";
    return Status::InvalidArgument(field, std::string("'") + field +
                                              "' applies to SQL data sources; browse a file "
                                              "data source by 'path'");
  }
  std::string path = request.path.value_or("");
  while (path.ends_with('/')) path.pop_back();
  if (!path.empty()) TRIB_RETURN_IF_ERROR(objectstore::CheckObjectKey("path", path));
  TRIB_ASSIGN_OR_RETURN(objectstore::ObjectStore * store, Store());
  objectstore::ListRequest list;
  list.prefix = spec_.base + (path.empty() ? "" : path + "/");
  list.page_size = kBrowsePageSize;
  TRIB_ASSIGN_OR_RETURN(objectstore::ListPage page, store->List(list));
  Json prefixes = Json::array();
  for (const std::string& prefix : page.prefixes) {
    prefixes.push_back(prefix.substr(spec_.base.size()));
  }
  Json files = Json::array();
  for (const objectstore::ObjectInfo& object : page.objects) {
    files.push_back({{"path", object.key.substr(spec_.base.size())},
                     {"size", object.size},
                     {"modified_ms", object.modified_ms}});
  }
  return Json{{"root", spec_.shown_root},
              {"path", path},
              {"prefixes", std::move(prefixes)},
              {"files", std::move(files)},
              {"truncated", !page.next_page_token.empty()}};
}

Result<std::unique_ptr<BatchReader>> FileConnector::Read(const ReadRequest& request) {
  TRIB_ASSIGN_OR_RETURN(FileRead file, FilePayload(request));
  if (request.limit && *request.limit < 0) {
    return Status::InvalidArgument("limit", "'limit' must not be negative");
  }
  if (!file.data_format.empty())
    TRIB_RETURN_IF_ERROR(files::ParseDataFormat(file.data_format).status());
  TRIB_ASSIGN_OR_RETURN(objectstore::ObjectStore * store, Store());
  TRIB_ASSIGN_OR_RETURN(files::Selection selection,
                        files::SelectFiles(*store, spec_.base, file.path));
  files::FileReadContext context = spec_.read_defaults;
  context.statement_timeout_ms = request.statement_timeout_ms;
  context.cancel = request.cancel;
  return files::ReadSelection(*store, selection, file, request.limit, context);
}

Result<Json> FileConnector::Splits(const ReadRequest& request) {
  TRIB_ASSIGN_OR_RETURN(FileRead file, FilePayload(request));
  TRIB_ASSIGN_OR_RETURN(objectstore::ObjectStore * store, Store());
  TRIB_ASSIGN_OR_RETURN(files::Selection selection,
                        files::SelectFiles(*store, spec_.base, file.path));
  TRIB_ASSIGN_OR_RETURN(files::DataFormat format, files::ResolveFormat(file, selection));
  Json splits = Json::array();
  for (size_t i = 0; i < selection.files.size(); ++i) {
    const objectstore::ObjectInfo& object = selection.files[i].object;
    splits.push_back(
        {{"index", i}, {"path", object.key.substr(spec_.base.size())}, {"size", object.size}});
  }
  return Json{{"kind", "files"},
              {"data_format", files::DataFormatName(format)},
              {"num_partitions", splits.size()},
              {"total_bytes", selection.total_bytes},
              {"splits", std::move(splits)}};
}

Result<Json> FileConnector::EngineOptions(const EngineOptionsRequest& request) {
  if (request.engine != "spark") {
    return Status::InvalidArgument(
        "engine", "unknown engine '" + request.engine + "'; the known engine is spark");
  }
  Json options = spec_.engine_options;
  if (request.include_credentials) {
    TRIB_ASSIGN_OR_RETURN(VendedCredentials vended, Vend(request.credentials));
    for (const auto& [key, value] : vended.spark_options.items()) options[key] = value;
    return Json{{"engine", request.engine},
                {"format", "files"},
                {"includes_credentials", true},
                {"expires", vended.answer.value("expires", "")},
                {"options", std::move(options)}};
  }
  return Json{{"engine", request.engine},
              {"format", "files"},
              {"includes_credentials", false},
              {"options", std::move(options)}};
}

Result<VendedCredentials> FileConnector::Vend(const CredentialsRequest& request) {
  if (!spec_.vend) {
    return Status::FailedPrecondition("'" + spec_.type +
                                      "' sources are read and written through tributary; they "
                                      "cannot vend credentials");
  }
  return spec_.vend(request);
}

Result<Json> FileConnector::VendCredentials(const CredentialsRequest& request) {
  TRIB_ASSIGN_OR_RETURN(VendedCredentials vended, Vend(request));
  return std::move(vended.answer);
}

Result<WriteResult> FileConnector::Write(WriteRequest& request) {
  TRIB_ASSIGN_OR_RETURN(objectstore::ObjectStore * store, Store());
  return files::WriteRows(*store, spec_.base, request, spec_.read_defaults.temp_root);
}

}  // namespace trib
