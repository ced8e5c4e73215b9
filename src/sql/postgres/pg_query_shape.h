// Before a query runs: its columns (PQprepare + PQdescribePrepared, pg_type for types that are
// not built in), and the statement that reads them (types without a decoder cast to text).
#pragma once

#include <string>
#include <vector>

#include "common/cancel.h"
#include "common/status.h"
#include "sql/postgres/pg_types.h"

struct pg_conn;

namespace trib::sql::pg {

struct QueryShape {
  std::vector<ColumnPlan> columns;
  bool needs_cast = false;  // some column reads as column::text
};

// "SELECT 1;  " -> "SELECT 1": the statement is wrapped (COPY (...), subqueries).
std::string StripStatementEnd(std::string sql);

Result<QueryShape> DescribeQuery(pg_conn* conn, const std::string& sql, const std::string& password,
                                 const CancelToken* cancel);

// Asks pg_type about `oids` (and the base/element types they lead to) that are not built in.
Status LoadExtraTypes(pg_conn* conn, std::vector<TypeOid> oids, const std::string& password,
                      ExtraTypes* out);

// The statement to run: `sql` itself, or
// SELECT "c1", "c2"::text FROM (sql) AS trib_q("c1", "c2") when a column needs the fallback
// (columns renamed by position, so duplicate names do not matter).
std::string SelectWithCasts(const std::string& sql, const QueryShape& shape);

}  // namespace trib::sql::pg
