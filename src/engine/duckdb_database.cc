#include "engine/duckdb_database.h"

#include <algorithm>
#include <cctype>
#include <set>

#include "engine/duckdb_status.h"

namespace trib::engine {

namespace {

std::string Lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

const std::set<std::string>& KnownOptions() {
  static const std::set<std::string> known = [] {
    std::set<std::string> names;
    const size_t count = duckdb_config_count();
    for (size_t i = 0; i < count; ++i) {
      const char* name = nullptr;
      const char* description = nullptr;
      if (duckdb_get_config_flag(i, &name, &description) == DuckDBSuccess && name != nullptr) {
        names.insert(Lower(name));
      }
    }
    return names;
  }();
  return known;
}

// One cache for the process: DuckDB must not run two instances on one file.
duckdb_instance_cache InstanceCache() {
  static duckdb_instance_cache cache = duckdb_create_instance_cache();
  return cache;
}

bool InMemory(const std::string& path) { return path.empty() || path == ":memory:"; }

}  // namespace

Result<std::shared_ptr<DuckDbDatabase>> DuckDbDatabase::Open(
    const std::string& path, const std::map<std::string, std::string>& config,
    const std::map<std::string, std::string>& defaults) {
  auto db = std::make_shared<DuckDbDatabase>();
  ConfigHandle cfg;
  if (duckdb_create_config(cfg.out()) != DuckDBSuccess) {
    return Status::Internal("DuckDB could not create a configuration");
  }
  std::vector<std::pair<std::string, std::string>> settings(config.begin(), config.end());
  std::set<std::string> named;
  for (const auto& [name, value] : config) named.insert(Lower(name));
  for (const auto& [name, value] : defaults) {
    if (named.count(Lower(name)) == 0) settings.emplace_back(name, value);
  }
  for (const auto& [name, value] : settings) {
    const std::string key = Lower(name);
    if (KnownOptions().count(key) == 0) {
      return Status::InvalidArgument(name, "unknown DuckDB option '" + name + "'");
    }
    // ICU's settings exist only once the database runs: set per connection instead.
    if (key == "timezone") {
      db->time_zone_ = value;
      continue;
    }
    if (duckdb_set_config(cfg.get(), key.c_str(), value.c_str()) != DuckDBSuccess) {
      return Status::InvalidArgument(name, "invalid value for DuckDB option '" + name + "'");
    }
  }

  char* error = nullptr;
  const duckdb_state state =
      InMemory(path) ? duckdb_open_ext(nullptr, db->db_.out(), cfg.get(), &error)
                     : duckdb_get_or_create_from_cache(InstanceCache(), path.c_str(), db->db_.out(),
                                                       cfg.get(), &error);
  if (state != DuckDBSuccess) {
    std::string message = error != nullptr ? error : "DuckDB could not open the database";
    duckdb_free(error);
    db->db_.reset();
    // A locked or unreadable file is the machine's state; anything else is bad input.
    if (message.rfind("IO Error", 0) == 0) {
      return Status(StatusCode::kUnavailable, message, "database");
    }
    return Status::InvalidArgument("database", message);
  }
  // Proves the time zone is one DuckDB knows before anyone relies on it.
  auto probe = DuckDbConnection::Open(db);
  if (!probe.ok()) return probe.status();
  return db;
}

Result<std::shared_ptr<DuckDbConnection>> DuckDbConnection::Open(
    std::shared_ptr<DuckDbDatabase> db) {
  auto conn = std::make_shared<DuckDbConnection>();
  if (duckdb_connect(db->get(), conn->conn_.out()) != DuckDBSuccess) {
    conn->conn_.reset();
    return Status::Unavailable("DuckDB could not open a connection");
  }
  conn->db_ = std::move(db);
  // Set globally, and only when it differs: a read locks the configuration of its database,
  // and later connections to the same (cached) database inherit the zone without a SET.
  const std::string& zone = conn->db_->time_zone();
  Result<TextRows> current = conn->QueryText("SELECT current_setting('TimeZone')::VARCHAR");
  if (!current.ok() || current->empty() || (*current)[0][0].value_or("") != zone) {
    Status tz = conn->Execute("SET GLOBAL TimeZone = " + SqlLiteral(zone), "timezone");
    if (!tz.ok()) return Status::InvalidArgument("timezone", tz.message());
  }
  return conn;
}

Status DuckDbConnection::Execute(const std::string& sql, const std::string& field) {
  BeginStatement();
  ResultHandle result;
  if (duckdb_query(conn_.get(), sql.c_str(), result.out()) != DuckDBSuccess) {
    const char* message = duckdb_result_error(result.get());
    return StatusFromDuckDb(duckdb_result_error_type(result.get()), message ? message : "", field);
  }
  return Status::Ok();
}

Result<TextRows> DuckDbConnection::QueryText(const std::string& sql,
                                             const std::vector<std::string>& params,
                                             const std::string& field) {
  BeginStatement();
  PreparedHandle prepared;
  if (duckdb_prepare(conn_.get(), sql.c_str(), prepared.out()) != DuckDBSuccess) {
    return StatusFromDuckDbMessage(duckdb_prepare_error(prepared.get()), field,
                                   "DuckDB rejected " + sql);
  }
  for (size_t i = 0; i < params.size(); ++i) {
    if (duckdb_bind_varchar_length(prepared.get(), i + 1, params[i].data(), params[i].size()) !=
        DuckDBSuccess) {
      return StatusFromDuckDbMessage(duckdb_prepare_error(prepared.get()), field,
                                     "DuckDB could not bind parameter " + std::to_string(i + 1));
    }
  }
  ResultHandle result;
  if (duckdb_execute_prepared(prepared.get(), result.out()) != DuckDBSuccess) {
    const char* message = duckdb_result_error(result.get());
    return StatusFromDuckDb(duckdb_result_error_type(result.get()), message ? message : "", field);
  }
  const idx_t columns = duckdb_column_count(result.get());
  for (idx_t c = 0; c < columns; ++c) {
    if (duckdb_column_type(result.get(), c) != DUCKDB_TYPE_VARCHAR) {
      return Status::Internal("QueryText needs VARCHAR columns");
    }
  }
  TextRows rows;
  while (true) {
    ChunkHandle chunk;
    *chunk.out() = duckdb_fetch_chunk(*result.get());
    if (!chunk) break;
    const idx_t size = duckdb_data_chunk_get_size(chunk.get());
    for (idx_t r = 0; r < size; ++r) rows.emplace_back(columns);
    for (idx_t c = 0; c < columns; ++c) {
      duckdb_vector vector = duckdb_data_chunk_get_vector(chunk.get(), c);
      auto* values = static_cast<duckdb_string_t*>(duckdb_vector_get_data(vector));
      uint64_t* validity = duckdb_vector_get_validity(vector);
      for (idx_t r = 0; r < size; ++r) {
        if (validity != nullptr && !duckdb_validity_row_is_valid(validity, r)) continue;
        rows[rows.size() - size + r][c] =
            std::string(duckdb_string_t_data(&values[r]), duckdb_string_t_length(values[r]));
      }
    }
  }
  const char* message = duckdb_result_error(result.get());
  if (message != nullptr) {
    return StatusFromDuckDb(duckdb_result_error_type(result.get()), message, field);
  }
  return rows;
}

std::string SqlLiteral(std::string_view text) {
  std::string out = "'";
  for (char c : text) {
    if (c == '\'') out += '\'';
    out += c;
  }
  out += '\'';
  return out;
}

std::string SqlIdentifier(std::string_view name) {
  std::string out = "\"";
  for (char c : name) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
  return out;
}

}  // namespace trib::engine
