#include "sql/odbc/odbc_session.h"

#include <sodium.h>

#include <algorithm>
#include <charconv>
#include <functional>
#include <optional>

#include "common/strings.h"
#include "sql/odbc/odbc_connection_string.h"
#include "sql/odbc/odbc_diag.h"
#include "sql/odbc/odbc_egress.h"
#include "sql/odbc/odbc_handle.h"
#include "sql/odbc/odbc_reader.h"
#include "sql/odbc/odbc_text.h"
#include "sql/odbc/odbc_types.h"

namespace trib::sql {

namespace {

// Wipes a string that held the password once the driver has it.
template <typename String>
void Wipe(String& s) {
  if (!s.empty()) sodium_memzero(s.data(), s.size() * sizeof(s[0]));
  s.clear();
}

Result<std::string> InfoText(SQLHDBC dbc, SQLUSMALLINT info) {
  SQLWCHAR buffer[64] = {};
  SQLSMALLINT bytes = 0;
  if (!OdbcOk(SQLGetInfoW(dbc, info, buffer, sizeof buffer, &bytes))) {
    return OdbcError(SQL_HANDLE_DBC, dbc, {OdbcPhase::kCatalog});
  }
  const size_t units =
      std::min(static_cast<size_t>(std::max<SQLSMALLINT>(bytes, 0)) / sizeof(SQLWCHAR),
               std::size(buffer) - 1);
  return ToUtf8(buffer, units);
}

int ToInt(const std::optional<std::string>& text) {
  int value = 0;
  if (text) std::from_chars(text->data(), text->data() + text->size(), value);
  return value;
}

class OdbcSession final : public SqlSession {
 public:
  OdbcSession(OdbcHandle env, OdbcHandle dbc) : env_(std::move(env)), dbc_(std::move(dbc)) {}
  ~OdbcSession() override { SQLDisconnect(dbc_.get()); }
  OdbcSession(const OdbcSession&) = delete;
  OdbcSession& operator=(const OdbcSession&) = delete;

  // Reads what the dialect needs once: quoting, pattern escape, SQLGetData abilities.
  Status Init() {
    TRIB_ASSIGN_OR_RETURN(quote_, InfoText(dbc_.get(), SQL_IDENTIFIER_QUOTE_CHAR));
    if (quote_ == " ") quote_.clear();  // " ": the database does not quote identifiers
    auto escape = InfoText(dbc_.get(), SQL_SEARCH_PATTERN_ESCAPE);
    if (escape.ok()) escape_ = *escape;
    SQLUINTEGER getdata = 0;
    if (OdbcOk(
            SQLGetInfoW(dbc_.get(), SQL_GETDATA_EXTENSIONS, &getdata, sizeof getdata, nullptr))) {
      getdata_extensions_ = getdata;
    }
    return Status::Ok();
  }

  Status Ping() override {
    TRIB_ASSIGN_OR_RETURN(auto reader, Query("SELECT 1", QueryOptions{}));
    ArrowArray batch;
    do {
      TRIB_RETURN_IF_ERROR(reader->Next(&batch));
      if (batch.release != nullptr) batch.release(&batch);
    } while (batch.release != nullptr);
    return Status::Ok();
  }

  Result<std::unique_ptr<BatchReader>> Query(const std::string& sql,
                                             const QueryOptions& options) override {
    TRIB_ASSIGN_OR_RETURN(OdbcHandle stmt, OdbcHandle::Allocate(SQL_HANDLE_STMT, dbc_.get()));
    auto reader = std::make_unique<OdbcReader>(std::move(stmt), options, getdata_extensions_);
    TRIB_RETURN_IF_ERROR(reader->Execute(sql));
    return std::unique_ptr<BatchReader>(std::move(reader));
  }

  Result<std::vector<std::string>> ListSchemas() override {
    const WideString all = ToWide("%");
    const WideString empty;
    TRIB_ASSIGN_OR_RETURN(auto rows, CatalogRows(
                                         [&](SQLHSTMT stmt) {
                                           return SQLTablesW(
                                               stmt, const_cast<SQLWCHAR*>(empty.c_str()), 0,
                                               const_cast<SQLWCHAR*>(all.c_str()), SQL_NTS,
                                               const_cast<SQLWCHAR*>(empty.c_str()), 0,
                                               const_cast<SQLWCHAR*>(empty.c_str()), 0);
                                         },
                                         {2}));
    std::vector<std::string> schemas;
    for (auto& row : rows) {
      if (!row[0]) continue;
      if (std::find(schemas.begin(), schemas.end(), *row[0]) == schemas.end()) {
        schemas.push_back(std::move(*row[0]));
      }
    }
    return schemas;
  }

  Result<std::vector<TableInfo>> ListTables(const std::string& schema) override {
    const WideString schema_pattern = ToWide(Pattern(schema));
    const WideString all = ToWide("%");
    const WideString types = ToWide("TABLE,VIEW");
    TRIB_ASSIGN_OR_RETURN(
        auto rows,
        CatalogRows(
            [&](SQLHSTMT stmt) {
              return SQLTablesW(
                  stmt, nullptr, 0,
                  schema.empty() ? nullptr : const_cast<SQLWCHAR*>(schema_pattern.c_str()),
                  schema.empty() ? 0 : SQL_NTS, const_cast<SQLWCHAR*>(all.c_str()), SQL_NTS,
                  const_cast<SQLWCHAR*>(types.c_str()), SQL_NTS);
            },
            {2, 3, 4}));
    std::vector<TableInfo> tables;
    for (auto& row : rows) {
      const std::string type = ToLower(row[2].value_or("TABLE"));
      tables.push_back(TableInfo{row[0].value_or(""), row[1].value_or(""),
                                 type.find("view") != std::string::npos ? "view" : "table"});
    }
    return tables;
  }

  Result<std::vector<ColumnInfo>> ListColumns(const TableRef& table) override {
    const WideString schema_pattern = ToWide(Pattern(table.schema));
    const WideString table_pattern = ToWide(Pattern(table.name));
    const WideString all = ToWide("%");
    TRIB_ASSIGN_OR_RETURN(
        auto rows,
        CatalogRows(
            [&](SQLHSTMT stmt) {
              return SQLColumnsW(
                  stmt, nullptr, 0,
                  table.schema.empty() ? nullptr : const_cast<SQLWCHAR*>(schema_pattern.c_str()),
                  table.schema.empty() ? 0 : SQL_NTS, const_cast<SQLWCHAR*>(table_pattern.c_str()),
                  SQL_NTS, const_cast<SQLWCHAR*>(all.c_str()), SQL_NTS);
            },
            {4, 5, 6, 7, 9, 11}));
    if (rows.empty()) {
      return Status(StatusCode::kNotFound, "table '" + table.name + "' does not exist", "table");
    }
    std::vector<ColumnInfo> columns;
    for (auto& row : rows) {
      const auto sql_type = static_cast<SQLSMALLINT>(ToInt(row[1]));
      std::string type_name = row[2].value_or("");
      const int size = ToInt(row[3]);
      const int digits = ToInt(row[4]);
      const bool is_unsigned = ToLower(type_name).find("unsigned") != std::string::npos;
      const OdbcColumnPlan plan = PlanOdbcColumn(sql_type, static_cast<SQLULEN>(std::max(size, 0)),
                                                 static_cast<SQLSMALLINT>(digits), is_unsigned);
      if ((sql_type == SQL_NUMERIC || sql_type == SQL_DECIMAL) && size > 0 &&
          type_name.find('(') == std::string::npos) {
        type_name += "(" + std::to_string(size) + "," + std::to_string(digits) + ")";
      }
      columns.push_back(ColumnInfo{row[0].value_or(""), type_name, plan.type.ToString(),
                                   ToInt(row[5]) != SQL_NO_NULLS});
    }
    return columns;
  }

  std::string IdentifierQuote() const override { return quote_; }

 private:
  using Row = std::vector<std::optional<std::string>>;

  // A name as a catalog-function pattern: '%' and '_' (and the escape) escaped.
  std::string Pattern(const std::string& name) const {
    if (escape_.empty()) return name;
    std::string out;
    for (size_t i = 0; i < name.size(); ++i) {
      if (name[i] == '%' || name[i] == '_' || name.compare(i, escape_.size(), escape_) == 0) {
        out += escape_;
      }
      out += name[i];
    }
    return out;
  }

  // Runs a catalog function and reads the given (1-based, ascending) columns as text.
  Result<std::vector<Row>> CatalogRows(const std::function<SQLRETURN(SQLHSTMT)>& call,
                                       const std::vector<SQLUSMALLINT>& wanted) {
    TRIB_ASSIGN_OR_RETURN(OdbcHandle stmt, OdbcHandle::Allocate(SQL_HANDLE_STMT, dbc_.get()));
    const OdbcErrorContext context{OdbcPhase::kCatalog};
    if (!OdbcOk(call(stmt.get()))) return OdbcError(SQL_HANDLE_STMT, stmt.get(), context);
    std::vector<Row> rows;
    std::vector<SQLWCHAR> buffer;
    while (true) {
      const SQLRETURN rc = SQLFetch(stmt.get());
      if (rc == SQL_NO_DATA) break;
      if (!OdbcOk(rc)) return OdbcError(SQL_HANDLE_STMT, stmt.get(), context);
      Row row;
      for (SQLUSMALLINT column : wanted) {
        std::string text;
        bool is_null = false;
        TRIB_RETURN_IF_ERROR(
            OdbcGetLongData(stmt.get(), column, true, buffer, text, &is_null, context));
        if (is_null) {
          row.emplace_back();
        } else {
          row.emplace_back(std::move(text));
        }
      }
      rows.push_back(std::move(row));
    }
    return rows;
  }

  OdbcHandle env_;  // declared first: freed after the connection
  OdbcHandle dbc_;
  std::string quote_ = "\"";
  std::string escape_;
  SQLUINTEGER getdata_extensions_ = 0;
};

}  // namespace

Result<std::unique_ptr<SqlSession>> ConnectOdbc(const ConnectParams& params) {
  if (params.odbc_connection_string.empty()) {
    return Status::InvalidArgument("connection_string", "names no ODBC data source");
  }
  TRIB_ASSIGN_OR_RETURN(OdbcHandle env, OdbcHandle::Allocate(SQL_HANDLE_ENV, SQL_NULL_HANDLE));
  if (!OdbcOk(SQLSetEnvAttr(env.get(), SQL_ATTR_ODBC_VERSION,
                            reinterpret_cast<SQLPOINTER>(SQL_OV_ODBC3), 0))) {
    return OdbcError(SQL_HANDLE_ENV, env.get(), {OdbcPhase::kConnect});
  }
  TRIB_ASSIGN_OR_RETURN(OdbcHandle dbc, OdbcHandle::Allocate(SQL_HANDLE_DBC, env.get()));
  if (params.connect_timeout_ms > 0) {
    const auto seconds = static_cast<SQLULEN>((params.connect_timeout_ms + 999) / 1000);
    // Drivers that lack one of them say HYC00; the other may still apply.
    SQLSetConnectAttr(dbc.get(), SQL_ATTR_LOGIN_TIMEOUT, reinterpret_cast<SQLPOINTER>(seconds),
                      SQL_IS_UINTEGER);
    SQLSetConnectAttr(dbc.get(), SQL_ATTR_CONNECTION_TIMEOUT, reinterpret_cast<SQLPOINTER>(seconds),
                      SQL_IS_UINTEGER);
  }

  if (params.read_only) {
    // A hint: the ODBC specification lets a driver ignore it (psqlODBC does), so a read through
    // ODBC is only as read-only as the database user it logs in as (docs/security.md).
    SQLSetConnectAttr(dbc.get(), SQL_ATTR_ACCESS_MODE,
                      reinterpret_cast<SQLPOINTER>(static_cast<SQLULEN>(SQL_MODE_READ_ONLY)),
                      SQL_IS_UINTEGER);
  }

  OdbcAttributes extra;
  for (const auto& [key, value] : params.options) extra.push_back({key, value});
  {
    // The hosts the string names, checked against the egress allowlist before the driver runs.
    TRIB_ASSIGN_OR_RETURN(OdbcAttributes attributes,
                          ParseOdbcConnectionString(params.odbc_connection_string));
    attributes.insert(attributes.end(), extra.begin(), extra.end());
    TRIB_RETURN_IF_ERROR(CheckOdbcEgress(attributes, params.egress));
  }
  if (!params.user.empty()) extra.push_back({"UID", params.user});
  if (!params.password.empty()) extra.push_back({"PWD", params.password});
  std::string text = params.odbc_connection_string;
  if (!extra.empty()) {
    if (text.back() != ';') text += ';';
    text += FormatOdbcConnectionString(extra);
  }
  WideString wide = ToWide(text);
  Wipe(text);
  std::vector<SQLWCHAR> completed(1024);
  SQLSMALLINT completed_length = 0;
  const SQLRETURN rc = SQLDriverConnectW(
      dbc.get(), nullptr, wide.data(), static_cast<SQLSMALLINT>(wide.size()), completed.data(),
      static_cast<SQLSMALLINT>(completed.size()), &completed_length, SQL_DRIVER_NOPROMPT);
  Wipe(wide);
  Wipe(completed);
  if (!OdbcOk(rc)) {
    OdbcErrorContext context{OdbcPhase::kConnect};
    context.secret = params.password;
    return OdbcError(SQL_HANDLE_DBC, dbc.get(), context);
  }
  auto session = std::make_unique<OdbcSession>(std::move(env), std::move(dbc));
  TRIB_RETURN_IF_ERROR(session->Init());
  return std::unique_ptr<SqlSession>(std::move(session));
}

}  // namespace trib::sql
