// Decodes a running `COPY (...) TO STDOUT (FORMAT binary)` column by column into Arrow batches:
// the 19-byte header, per tuple an int16 field count and per field an int32 length (-1: NULL)
// and the value, then the -1 trailer. Tuples may span CopyData messages (PostgreSQL sends one
// per message; the decoder does not rely on it).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "columnar/batch_builder.h"
#include "common/cancel.h"
#include "common/status.h"
#include "sql/postgres/pg_copy_receiver.h"
#include "sql/postgres/pg_types.h"

struct pg_conn;

namespace trib::sql::pg {

// Finishes a batch that reached its limits and sizes the builder's buffers for the next one.
void FinishFullBatch(BatchBuilder* batch, ArrowArray* out);

// Sends the COPY of `select_sql` and waits for the server to start it.
Status StartCopy(pg_conn* conn, const std::string& select_sql, const std::string& password,
                 const CancelToken* cancel);

class CopyStream {
 public:
  CopyStream(pg_conn* conn, const std::vector<ColumnPlan>& columns, BatchLimits limits,
             std::string password, const CancelToken* cancel);
  ~CopyStream();
  CopyStream(const CopyStream&) = delete;
  CopyStream& operator=(const CopyStream&) = delete;

  // The next batch (at most limits.max_rows rows, about limits.max_bytes); out->release null
  // once the COPY completed on the server.
  Status Next(ArrowArray* out);

  // True once the server finished the COPY (or it failed): the connection is free again.
  bool finished() const { return finished_; }

  // Swallows what is left (after the caller sent PQcancel) so the connection is free again.
  void Drain();

 private:
  Status Fetch();       // the next CopyData message into the view
  Status FinishCopy();  // the COPY's final result
  void KeepPartial(size_t available);
  Status DecodeError(size_t column, int result) const;

  pg_conn* conn_;
  const std::vector<ColumnPlan>& columns_;
  BatchLimits limits_;
  std::string password_;
  const CancelToken* cancel_;
  BatchBuilder batch_;
  CopyReceiver receiver_;

  char* message_ = nullptr;        // libpq's buffer for the current message
  const uint8_t* data_ = nullptr;  // the view being parsed: message_ or carry_
  size_t size_ = 0;
  size_t pos_ = 0;
  std::string carry_;  // a tuple that started in an earlier message
  bool partial_ = false;
  bool header_seen_ = false;
  bool trailer_seen_ = false;
  bool finished_ = false;
};

}  // namespace trib::sql::pg
