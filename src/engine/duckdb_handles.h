// RAII owners for the DuckDB C API's objects: each is destroyed exactly once, by the function
// DuckDB names for it.
#pragma once

#include <duckdb.h>

#include <utility>

namespace trib::engine {

// A pointer-like DuckDB handle (duckdb_database, duckdb_connection, ...) and its destroy function.
template <typename T, void (*Destroy)(T*)>
class DuckHandle {
 public:
  DuckHandle() = default;
  ~DuckHandle() { reset(); }
  DuckHandle(DuckHandle&& other) noexcept : value_(std::exchange(other.value_, nullptr)) {}
  DuckHandle& operator=(DuckHandle&& other) noexcept {
    if (this != &other) {
      reset();
      value_ = std::exchange(other.value_, nullptr);
    }
    return *this;
  }
  DuckHandle(const DuckHandle&) = delete;
  DuckHandle& operator=(const DuckHandle&) = delete;

  T get() const { return value_; }
  T* out() {  // for the C API's out-parameters; frees what was held before
    reset();
    return &value_;
  }
  explicit operator bool() const { return value_ != nullptr; }
  void reset() {
    if (value_ != nullptr) Destroy(&value_);
    value_ = nullptr;
  }

 private:
  T value_ = nullptr;
};

using DatabaseHandle = DuckHandle<duckdb_database, duckdb_close>;
using ConnectionHandle = DuckHandle<duckdb_connection, duckdb_disconnect>;
using ConfigHandle = DuckHandle<duckdb_config, duckdb_destroy_config>;
using PreparedHandle = DuckHandle<duckdb_prepared_statement, duckdb_destroy_prepare>;
using PendingHandle = DuckHandle<duckdb_pending_result, duckdb_destroy_pending>;
using ExtractedHandle = DuckHandle<duckdb_extracted_statements, duckdb_destroy_extracted>;
using ChunkHandle = DuckHandle<duckdb_data_chunk, duckdb_destroy_data_chunk>;
using LogicalTypeHandle = DuckHandle<duckdb_logical_type, duckdb_destroy_logical_type>;
using ArrowOptionsHandle = DuckHandle<duckdb_arrow_options, duckdb_destroy_arrow_options>;
using ErrorDataHandle = DuckHandle<duckdb_error_data, duckdb_destroy_error_data>;

// duckdb_result is a struct, not a pointer: destroyed only once something was stored in it.
class ResultHandle {
 public:
  ResultHandle() = default;
  ~ResultHandle() { reset(); }
  ResultHandle(const ResultHandle&) = delete;
  ResultHandle& operator=(const ResultHandle&) = delete;

  duckdb_result* get() { return &value_; }
  duckdb_result* out() {
    reset();
    filled_ = true;  // DuckDB fills the struct even when the call fails
    return &value_;
  }
  void reset() {
    if (filled_) duckdb_destroy_result(&value_);
    filled_ = false;
  }

 private:
  duckdb_result value_{};
  bool filled_ = false;
};

}  // namespace trib::engine
