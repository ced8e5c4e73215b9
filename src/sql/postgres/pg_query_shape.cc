#include "sql/postgres/pg_query_shape.h"

#include <libpq-fe.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>

#include "sql/postgres/pg_connection.h"
#include "sql/postgres/pg_errors.h"

namespace trib::sql::pg {

namespace {

constexpr int kMaxTypeLookupRounds = 4;  // domain over domain over ... over a base type

Result<ResultPtr> Expect(pg_conn* conn, PGresult* raw, const std::string& password,
                         const CancelToken* cancel) {
  ResultPtr result(raw);
  if (result && PQresultStatus(result.get()) == PGRES_COMMAND_OK) return result;
  return StatementFailure(result.get(), conn, password, cancel);
}

}  // namespace

std::string StripStatementEnd(std::string sql) {
  while (!sql.empty() &&
         (sql.back() == ';' || std::isspace(static_cast<unsigned char>(sql.back())))) {
    sql.pop_back();
  }
  return sql;
}

Status LoadExtraTypes(pg_conn* conn, std::vector<TypeOid> oids, const std::string& password,
                      ExtraTypes* out) {
  for (int round = 0; round < kMaxTypeLookupRounds && !oids.empty(); ++round) {
    // Numbers we formatted ourselves; IN (...) also works on Redshift's leader node.
    std::string list;
    for (TypeOid oid : oids) list += (list.empty() ? "" : ",") + std::to_string(oid);
    TRIB_ASSIGN_OR_RETURN(
        ResultPtr result,
        Exec(conn,
             "SELECT oid, typname, typtype, typbasetype, typtypmod, typelem, typlen "
             "FROM pg_catalog.pg_type WHERE oid IN (" +
                 list + ")",
             password));
    std::vector<TypeOid> next;
    auto want = [&](TypeOid oid) {
      if (oid != 0 && !IsBuiltinType(oid) && out->count(oid) == 0) next.push_back(oid);
    };
    for (int row = 0; row < PQntuples(result.get()); ++row) {
      auto text = [&](int col) { return std::string(PQgetvalue(result.get(), row, col)); };
      ExtraTypeInfo info;
      const auto oid = static_cast<TypeOid>(std::strtoul(text(0).c_str(), nullptr, 10));
      info.name = text(1);
      info.type_type = text(2).empty() ? 'b' : text(2)[0];
      info.base_type = static_cast<TypeOid>(std::strtoul(text(3).c_str(), nullptr, 10));
      info.base_typmod = static_cast<int32_t>(std::strtol(text(4).c_str(), nullptr, 10));
      const auto element = static_cast<TypeOid>(std::strtoul(text(5).c_str(), nullptr, 10));
      const long length = std::strtol(text(6).c_str(), nullptr, 10);
      // Arrays are the varlena types with an element type (name and point have one too).
      if (element != 0 && length == -1) {
        info.element_type = element;
        info.category = 'A';
      }
      (*out)[oid] = info;
    }
    for (TypeOid oid : oids) {
      const auto it = out->find(oid);
      if (it == out->end()) continue;
      want(it->second.base_type);
      want(it->second.element_type);
    }
    std::sort(next.begin(), next.end());
    next.erase(std::unique(next.begin(), next.end()), next.end());
    oids = std::move(next);
  }
  return Status::Ok();
}

Result<QueryShape> DescribeQuery(pg_conn* conn, const std::string& sql, const std::string& password,
                                 const CancelToken* cancel) {
  TRIB_RETURN_IF_ERROR(
      Expect(conn, PQprepare(conn, "", sql.c_str(), 0, nullptr), password, cancel).status());
  TRIB_ASSIGN_OR_RETURN(ResultPtr described,
                        Expect(conn, PQdescribePrepared(conn, ""), password, cancel));
  const int n = PQnfields(described.get());
  std::vector<TypeOid> unknown;
  for (int i = 0; i < n; ++i) {
    const TypeOid oid = PQftype(described.get(), i);
    if (!IsBuiltinType(oid)) unknown.push_back(oid);
  }
  ExtraTypes extra;
  if (!unknown.empty()) TRIB_RETURN_IF_ERROR(LoadExtraTypes(conn, unknown, password, &extra));
  QueryShape shape;
  shape.columns.reserve(static_cast<size_t>(n));
  for (int i = 0; i < n; ++i) {
    shape.columns.push_back(PlanColumn(PQfname(described.get(), i), PQftype(described.get(), i),
                                       PQfmod(described.get(), i), extra));
    shape.needs_cast = shape.needs_cast || shape.columns.back().cast_to_text;
  }
  return shape;
}

std::string SelectWithCasts(const std::string& sql, const QueryShape& shape) {
  if (!shape.needs_cast) return sql;
  std::string select;
  std::string aliases;
  for (size_t i = 0; i < shape.columns.size(); ++i) {
    const std::string alias = "\"c" + std::to_string(i + 1) + "\"";
    select += (i == 0 ? "" : ", ") + alias + (shape.columns[i].cast_to_text ? "::text" : "");
    aliases += (i == 0 ? "" : ", ") + alias;
  }
  // The newline ends a trailing "-- comment" in `sql`.
  return "SELECT " + select + " FROM (" + sql + "\n) AS trib_q(" + aliases + ")";
}

}  // namespace trib::sql::pg
