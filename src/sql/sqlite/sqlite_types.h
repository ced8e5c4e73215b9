// How SQLite's dynamically typed values become Arrow columns: the declared column type picks
// the Arrow type; columns without a usable one (expressions, bare NUMERIC) take it from their
// values. A value that does not fit its column's type is refused, never altered.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "columnar/column_builder.h"

namespace trib::sql {

struct SqliteColumnPlan {
  bool from_values = false;  // no usable declared type: chosen from the first batch's values
  ColumnType type;           // when !from_values
};

// "INTEGER" -> int64, "VARCHAR(20)" -> utf8, "DECIMAL(12,2)" -> decimal(12,2), "" -> values...
SqliteColumnPlan PlanSqliteColumn(std::string_view declared_type);

// One value as SQLite hands it out; bytes stay owned by SQLite (or by the caller's copy).
struct SqliteCell {
  int storage_class = 0;  // SQLITE_INTEGER, SQLITE_FLOAT, SQLITE_TEXT, SQLITE_BLOB, SQLITE_NULL
  int64_t integer = 0;
  double real = 0;
  const void* bytes = nullptr;
  size_t size = 0;
};

// What the values of a from_values column were, to pick the type that holds all of them.
struct SqliteValueKinds {
  bool integer = false;
  bool inexact_integer = false;  // an integer a double cannot hold exactly
  bool real = false;
  bool text = false;
  bool blob = false;
  void Add(const SqliteCell& cell);
  ColumnType Type() const;  // blob > text > real > integer; all NULL -> utf8
};

// Appends `cell` to `column`; false (nothing appended) when the value does not fit its type.
bool AppendSqliteCell(const SqliteCell& cell, ColumnBuilder& column);

// "INTEGER", "REAL", "TEXT", "BLOB", "NULL" for messages.
std::string_view SqliteStorageClassName(int storage_class);

}  // namespace trib::sql
