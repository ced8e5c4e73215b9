#include "sql/sqlite/sqlite_read_only.h"

#include <strings.h>

#include <initializer_list>
#include <string_view>

namespace trib::sql {

namespace {

bool Listed(const char* name, std::initializer_list<std::string_view> names) {
  if (name == nullptr) return false;
  for (std::string_view listed : names) {
    if (strcasecmp(name, listed.data()) == 0) return true;
  }
  return false;
}

// PRAGMAs that only report, whatever their argument (a table or index name), as browse and
// users ask them; and settings a read may look at but not set (no value given).
// database_list is not among them: it answers the server's path of the file (browse asks it
// with tributary's own SQL).
bool IsReadingPragma(const char* name, const char* value) {
  if (Listed(name, {"table_info", "table_xinfo", "table_list", "index_list", "index_info",
                    "index_xinfo", "foreign_key_list", "collation_list"})) {
    return true;
  }
  return value == nullptr &&
         Listed(name, {"user_version", "application_id", "schema_version", "page_count",
                       "page_size", "freelist_count", "encoding", "journal_mode", "auto_vacuum",
                       "foreign_keys", "integrity_check", "quick_check", "compile_options"});
}

// Allows reading and reporting only. For SQLITE_FUNCTION, arg2 is the function's name.
int AuthorizeRead(void* preparing_own_sql, int action, const char* arg1, const char* arg2,
                  const char* /*database*/, const char* /*trigger_or_view*/) {
  if (*static_cast<const bool*>(preparing_own_sql)) return SQLITE_OK;
  switch (action) {
    case SQLITE_SELECT:
    case SQLITE_READ:
    case SQLITE_RECURSIVE:
      return SQLITE_OK;
    case SQLITE_FUNCTION:
      // Extension loading and FTS3 tokenizer pointers are switched off too; refused here as well
      // in case a build turns them on (fts3_tokenizer hands out and takes raw pointers).
      return Listed(arg2, {"load_extension", "fts3_tokenizer"}) ? SQLITE_DENY : SQLITE_OK;
    case SQLITE_PRAGMA:
      return IsReadingPragma(arg1, arg2) ? SQLITE_OK : SQLITE_DENY;
    default:
      // Every write, DDL, ATTACH/DETACH, transaction control, ANALYZE, REINDEX, virtual tables.
      return SQLITE_DENY;
  }
}

}  // namespace

Status RestrictToReading(sqlite3* db, const bool* preparing_own_sql) {
  int unused = 0;
  // Defensive mode forbids writing the schema and the journal by hand; an untrusted schema
  // may not call functions with side effects from views or triggers.
  if (sqlite3_db_config(db, SQLITE_DBCONFIG_DEFENSIVE, 1, &unused) != SQLITE_OK ||
      sqlite3_db_config(db, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, &unused) != SQLITE_OK ||
      sqlite3_db_config(db, SQLITE_DBCONFIG_ENABLE_LOAD_EXTENSION, 0, &unused) != SQLITE_OK ||
      sqlite3_db_config(db, SQLITE_DBCONFIG_ENABLE_FTS3_TOKENIZER, 0, &unused) != SQLITE_OK) {
    return Status::Internal("SQLite refused a read-only connection setting");
  }
  // No other database file can be attached (VACUUM INTO attaches its target, too).
  sqlite3_limit(db, SQLITE_LIMIT_ATTACHED, 0);
  if (sqlite3_set_authorizer(db, AuthorizeRead, const_cast<bool*>(preparing_own_sql)) !=
      SQLITE_OK) {
    return Status::Internal("SQLite refused the read-only authorizer");
  }
  return Status::Ok();
}

Status CheckReadStatement(sqlite3_stmt* stmt) {
  if (sqlite3_column_count(stmt) == 0 || sqlite3_stmt_readonly(stmt) == 0) {
    return Status::InvalidArgument("query",
                                   "a read runs one statement that returns rows and changes "
                                   "nothing (SELECT, VALUES or a reporting PRAGMA)");
  }
  return Status::Ok();
}

}  // namespace trib::sql
