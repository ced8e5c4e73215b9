// SqlCatalog: data sources and their sealed secrets.
#include "catalog/sql_catalog.h"
#include "catalog/sql_catalog_rows.h"
#include "common/random.h"

namespace trib {

namespace {

// One row per (data source, secret) pair, secret columns NULL for a source without any: one
// statement, so one consistent snapshot even without a transaction.
constexpr const char* kGetDataSource =
    "SELECT d.id, d.project_id, d.name, d.type, d.description, d.config, d.version,"
    " d.created_ms, d.updated_ms, d.created_by, d.is_default, s.pointer, s.sealed"
    " FROM datasources d LEFT JOIN datasource_secrets s ON s.datasource_id = d.id"
    " WHERE d.project_id = ? AND d.name = ? ORDER BY s.pointer";
constexpr const char* kListDataSources =
    "SELECT d.id, d.project_id, d.name, d.type, d.description, d.config, d.version,"
    " d.created_ms, d.updated_ms, d.created_by, d.is_default, s.pointer, s.sealed"
    " FROM datasources d LEFT JOIN datasource_secrets s ON s.datasource_id = d.id"
    " WHERE d.project_id = ? ORDER BY d.name, s.pointer";

Status NameTaken() {
  return Status::AlreadyExists("name",
                               "a data source with this name already exists in the project");
}

// Folds joined rows (ordered by data source) into data sources.
Result<std::vector<DataSource>> DataSourcesFromRows(const std::vector<SqlRow>& rows) {
  std::vector<DataSource> sources;
  for (const SqlRow& row : rows) {
    const std::string id = TextAt(row, 0);
    if (sources.empty() || sources.back().id != id) {
      DataSource& source = sources.emplace_back();
      source.id = id;
      source.project_id = TextAt(row, 1);
      source.name = TextAt(row, 2);
      source.type = TextAt(row, 3);
      source.description = TextAt(row, 4);
      TRIB_ASSIGN_OR_RETURN(source.config, JsonFromColumn(TextAt(row, 5), "data source config"));
      source.version = IntAt(row, 6);
      source.created_ms = IntAt(row, 7);
      source.updated_ms = IntAt(row, 8);
      source.created_by = TextAt(row, 9);
      source.is_default = IntAt(row, 10) != 0;
    }
    if (!IsNullAt(row, 11)) sources.back().sealed_secrets[TextAt(row, 11)] = TextAt(row, 12);
  }
  return sources;
}

}  // namespace

Status SqlCatalog::InsertSecrets(SqlConnection& c, const std::string& datasource_id,
                                 const std::map<std::string, std::string>& sealed) {
  for (const auto& [pointer, envelope] : sealed) {
    TRIB_RETURN_IF_ERROR(
        c.Exec("INSERT INTO datasource_secrets (datasource_id, pointer, sealed) VALUES (?, ?, ?)",
               {datasource_id, pointer, envelope})
            .status());
  }
  return Status::Ok();
}

Status SqlCatalog::InsertDataSource(SqlConnection& c, const DataSource& source) {
  const std::string id = source.id.empty() ? RandomHex() : source.id;
  TRIB_ASSIGN_OR_RETURN(std::string config, JsonText(source.config, "config"));
  Status status =
      c.Exec(
           "INSERT INTO datasources (id, project_id, name, type, description, config, version,"
           " created_ms, updated_ms, created_by, is_default)"
           " VALUES (?, ?, ?, ?, ?, ?, 1, ?, ?, ?, ?)",
           {id, source.project_id, source.name, source.type, source.description, config,
            source.created_ms, source.updated_ms, source.created_by, BoolValue(source.is_default)})
          .status();
  status = Reword(status, StatusCode::kAlreadyExists, NameTaken());
  TRIB_RETURN_IF_ERROR(
      Reword(status, StatusCode::kFailedPrecondition, Status::NotFound("project not found")));
  return InsertSecrets(c, id, source.sealed_secrets);
}

Status SqlCatalog::CreateDataSource(const DataSource& source, const AuditEvent& audit) {
  return InTransaction([&](SqlConnection& c) -> Status {
    TRIB_RETURN_IF_ERROR(InsertDataSource(c, source));
    return InsertAudit(c, audit);
  });
}

Status SqlCatalog::UpdateDataSource(const DataSource& source, int64_t expected_version,
                                    const AuditEvent& audit) {
  TRIB_ASSIGN_OR_RETURN(std::string config, JsonText(source.config, "config"));
  return InTransaction([&](SqlConnection& c) -> Status {
    // By id; a caller holding only the name may leave the id empty.
    std::string id = source.id;
    if (id.empty()) {
      TRIB_ASSIGN_OR_RETURN(SqlRows found,
                            c.Exec("SELECT id FROM datasources WHERE project_id = ? AND name = ?",
                                   {source.project_id, source.name}));
      if (found.rows.empty()) return Status::NotFound("data source not found");
      id = TextAt(found.rows[0], 0);
    }
    // The version test and the write are one statement: of racing updates, one matches.
    Result<SqlRows> updated = c.Exec(
        "UPDATE datasources SET name = ?, type = ?, description = ?, config = ?,"
        " version = ?, updated_ms = ?"
        " WHERE id = ? AND project_id = ? AND version = ?",
        {source.name, source.type, source.description, config, expected_version + 1,
         source.updated_ms, id, source.project_id, expected_version});
    if (!updated.ok()) return Reword(updated.status(), StatusCode::kAlreadyExists, NameTaken());
    if (updated->affected == 0) {
      TRIB_ASSIGN_OR_RETURN(
          SqlRows exists, c.Exec("SELECT version FROM datasources WHERE id = ? AND project_id = ?",
                                 {id, source.project_id}));
      if (exists.rows.empty()) return Status::NotFound("data source not found");
      return Status::Conflict("the data source was changed by someone else (now version " +
                              std::to_string(IntAt(exists.rows[0], 0)) + "); reload and retry");
    }
    TRIB_RETURN_IF_ERROR(
        c.Exec("DELETE FROM datasource_secrets WHERE datasource_id = ?", {id}).status());
    TRIB_RETURN_IF_ERROR(InsertSecrets(c, id, source.sealed_secrets));
    return InsertAudit(c, audit);
  });
}

Status SqlCatalog::DeleteDataSource(const std::string& project_id, const std::string& name,
                                    const AuditEvent& audit) {
  return InTransaction([&](SqlConnection& c) -> Status {
    // Its sealed secrets go with it (ON DELETE CASCADE).
    TRIB_ASSIGN_OR_RETURN(
        SqlRows done,
        c.Exec("DELETE FROM datasources WHERE project_id = ? AND name = ?", {project_id, name}));
    if (done.affected == 0) return Status::NotFound("data source not found");
    return InsertAudit(c, audit);
  });
}

Result<DataSource> SqlCatalog::GetDataSource(const std::string& project_id,
                                             const std::string& name) {
  std::vector<DataSource> sources;
  TRIB_RETURN_IF_ERROR(WithConnection([&](SqlConnection& c) -> Status {
    TRIB_ASSIGN_OR_RETURN(SqlRows rows, c.Exec(kGetDataSource, {project_id, name}));
    TRIB_ASSIGN_OR_RETURN(sources, DataSourcesFromRows(rows.rows));
    return Status::Ok();
  }));
  if (sources.empty()) return Status::NotFound("data source not found");
  return std::move(sources.front());
}

Result<std::vector<DataSource>> SqlCatalog::ListDataSources(const std::string& project_id) {
  std::vector<DataSource> sources;
  TRIB_RETURN_IF_ERROR(WithConnection([&](SqlConnection& c) -> Status {
    TRIB_ASSIGN_OR_RETURN(SqlRows rows, c.Exec(kListDataSources, {project_id}));
    TRIB_ASSIGN_OR_RETURN(sources, DataSourcesFromRows(rows.rows));
    return Status::Ok();
  }));
  return sources;
}

// --- secrets, for master-key rotation

Result<std::vector<SealedSecretRow>> SqlCatalog::ListSealedSecrets() {
  std::vector<SealedSecretRow> secrets;
  TRIB_RETURN_IF_ERROR(WithConnection([&](SqlConnection& c) -> Status {
    TRIB_ASSIGN_OR_RETURN(SqlRows rows,
                          c.Exec("SELECT datasource_id, pointer, sealed FROM datasource_secrets"
                                 " ORDER BY datasource_id, pointer"));
    secrets.reserve(rows.rows.size());
    for (const SqlRow& row : rows.rows) {
      secrets.push_back({TextAt(row, 0), TextAt(row, 1), TextAt(row, 2)});
    }
    return Status::Ok();
  }));
  return secrets;
}

Status SqlCatalog::ReplaceSealedSecrets(const std::vector<SealedSecretRow>& rows,
                                        const AuditEvent& audit) {
  return InTransaction([&](SqlConnection& c) -> Status {
    for (const SealedSecretRow& row : rows) {
      if (!row.expected_sealed.empty()) {
        // Compare-and-set: a concurrent update already stored a fresh envelope; keep it.
        TRIB_RETURN_IF_ERROR(
            c.Exec("UPDATE datasource_secrets SET sealed = ? WHERE datasource_id = ?"
                   " AND pointer = ? AND sealed = ?",
                   {row.sealed, row.datasource_id, row.pointer, row.expected_sealed})
                .status());
        continue;
      }
      TRIB_ASSIGN_OR_RETURN(
          SqlRows done,
          c.Exec("UPDATE datasource_secrets SET sealed = ? WHERE datasource_id = ? AND pointer = ?",
                 {row.sealed, row.datasource_id, row.pointer}));
      // A secret deleted meanwhile: fail the whole batch so the caller re-lists and retries.
      if (done.affected == 0) return Status::NotFound("sealed secret not found");
    }
    return InsertAudit(c, audit);
  });
}

}  // namespace trib
