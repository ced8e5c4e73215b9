#include "sql/postgres/pg_copy_stream.h"

#include <libpq-fe.h>

#include <cstring>

#include "sql/postgres/pg_connection.h"
#include "sql/postgres/pg_errors.h"
#include "sql/postgres/pg_value_decoder.h"

namespace trib::sql::pg {

namespace {

constexpr uint8_t kSignature[11] = {'P', 'G', 'C', 'O', 'P', 'Y', '\n', 0xff, '\r', '\n', 0};
constexpr size_t kHeaderSize = 19;  // signature, int32 flags, int32 extension length

}  // namespace

Status StartCopy(pg_conn* conn, const std::string& select_sql, const std::string& password,
                 const CancelToken* cancel) {
  // The extended protocol runs exactly one statement, whatever `select_sql` holds.
  const std::string copy = "COPY (" + select_sql + "\n) TO STDOUT (FORMAT binary)";
  if (PQsendQueryParams(conn, copy.c_str(), 0, nullptr, nullptr, nullptr, nullptr, 0) == 0) {
    return StatementFailure(nullptr, conn, password, cancel);
  }
  ResultPtr result(PQgetResult(conn));
  if (result && PQresultStatus(result.get()) == PGRES_COPY_OUT) return Status::Ok();
  Status status = StatementFailure(result.get(), conn, password, cancel);
  result.reset();
  DrainResults(conn);
  return status;
}

CopyStream::CopyStream(pg_conn* conn, const std::vector<ColumnPlan>& columns, BatchLimits limits,
                       std::string password, const CancelToken* cancel)
    : conn_(conn),
      columns_(columns),
      limits_(limits),
      password_(std::move(password)),
      cancel_(cancel),
      batch_(SchemaOf(columns), limits),
      receiver_(conn) {}

CopyStream::~CopyStream() {
  if (message_ != nullptr) PQfreemem(message_);
}

Status CopyStream::Next(ArrowArray* out) {
  out->release = nullptr;
  const size_t ncols = columns_.size();
  size_t batch_bytes = 0;
  while (!finished_) {
    if (pos_ == size_) {
      TRIB_RETURN_IF_ERROR(Fetch());
      continue;
    }
    const uint8_t* p = data_ + pos_;
    const size_t available = size_ - pos_;
    if (!header_seen_) {
      if (available < kHeaderSize) {
        KeepPartial(available);
        continue;
      }
      if (std::memcmp(p, kSignature, sizeof kSignature) != 0) {
        return Status::Internal("PostgreSQL sent something other than a binary COPY stream");
      }
      const size_t extension = ReadU32(p + 15);
      if (available < kHeaderSize + extension) {
        KeepPartial(available);
        continue;
      }
      pos_ += kHeaderSize + extension;
      header_seen_ = true;
      continue;
    }
    if (trailer_seen_) return Status::Internal("data after the binary COPY trailer");
    if (available < 2) {
      KeepPartial(available);
      continue;
    }
    const auto count = static_cast<int16_t>(ReadU16(p));
    if (count == -1) {
      trailer_seen_ = true;
      pos_ += 2;
      continue;
    }
    if (static_cast<size_t>(count) != ncols) {
      return Status::Internal("binary COPY tuple with " + std::to_string(count) + " fields where " +
                              std::to_string(ncols) + " were described");
    }
    // Where does the tuple end? Only whole tuples are decoded (builders cannot take back).
    size_t end = 2;
    bool whole = true;
    for (size_t c = 0; c < ncols; ++c) {
      if (end + 4 > available) {
        whole = false;
        break;
      }
      const int32_t length = ReadI32(p + end);
      end += 4;
      if (length < -1) return Status::Internal("negative field length in a binary COPY tuple");
      if (length > 0) end += static_cast<size_t>(length);
      if (end > available) {
        whole = false;
        break;
      }
    }
    if (!whole) {
      KeepPartial(available);
      continue;
    }
    size_t at = 2;
    for (size_t c = 0; c < ncols; ++c) {
      const int32_t length = ReadI32(p + at);
      at += 4;
      ColumnBuilder& column = batch_.column(c);
      if (length < 0) {
        column.AppendNull();
        continue;
      }
      const DecodeResult r = DecodeValue(columns_[c].value, p + at, length, column);
      if (r != DecodeResult::kOk) return DecodeError(c, static_cast<int>(r));
      at += static_cast<size_t>(length);
    }
    pos_ += at;
    // The wire size bounds the batch too: BatchBuilder only weighs it every 1024 rows.
    batch_bytes += at;
    if (batch_.FinishRow() || batch_bytes >= limits_.max_bytes) {
      FinishFullBatch(&batch_, out);
      return Status::Ok();
    }
  }
  if (batch_.rows() > 0) batch_.Finish(out);
  return Status::Ok();
}

void FinishFullBatch(BatchBuilder* batch, ArrowArray* out) {
  // The next batch will likely be as big: one allocation per buffer instead of doubling (and
  // copying, and faulting in) from 256 bytes up, which cost a third of the decoding time.
  const int64_t rows = batch->rows();
  std::vector<size_t> bytes(batch->num_columns());
  for (size_t c = 0; c < bytes.size(); ++c) bytes[c] = batch->column(c).byte_size();
  batch->Finish(out);
  for (size_t c = 0; c < bytes.size(); ++c) {
    batch->column(c).Reserve(rows + rows / 8, bytes[c] + bytes[c] / 8);
  }
}

void CopyStream::KeepPartial(size_t available) {
  if (!carry_.empty() && data_ == reinterpret_cast<const uint8_t*>(carry_.data())) {
    carry_.erase(0, pos_);
  } else {
    carry_.assign(reinterpret_cast<const char*>(data_ + pos_), available);
  }
  partial_ = true;
  pos_ = size_;
}

Status CopyStream::Fetch() {
  if (message_ != nullptr) {
    PQfreemem(message_);
    message_ = nullptr;
  }
  if (cancel_ != nullptr && cancel_->cancelled()) return Status::Cancelled("query cancelled");
  char* buffer = nullptr;
  const int n = receiver_.Get(&buffer);
  if (n <= 0) return FinishCopy();
  if (partial_) {
    carry_.append(buffer, static_cast<size_t>(n));
    PQfreemem(buffer);
    data_ = reinterpret_cast<const uint8_t*>(carry_.data());
    size_ = carry_.size();
    partial_ = false;
  } else {
    carry_.clear();
    message_ = buffer;
    data_ = reinterpret_cast<const uint8_t*>(buffer);
    size_ = static_cast<size_t>(n);
  }
  pos_ = 0;
  return Status::Ok();
}

Status CopyStream::FinishCopy() {
  finished_ = true;
  receiver_.Restore();
  ResultPtr result(PQgetResult(conn_));
  Status status;
  if (!result || PQresultStatus(result.get()) != PGRES_COMMAND_OK) {
    status = StatementFailure(result.get(), conn_, password_, cancel_);
  } else if (!trailer_seen_ || partial_) {
    status = Status::Internal("the binary COPY stream ended in the middle of a tuple");
  }
  result.reset();
  DrainResults(conn_);
  return status;
}

void CopyStream::Drain() {
  if (finished_) return;
  finished_ = true;
  receiver_.Restore();
  if (message_ != nullptr) {
    PQfreemem(message_);
    message_ = nullptr;
  }
  char* buffer = nullptr;
  while (PQgetCopyData(conn_, &buffer, 0) > 0) PQfreemem(buffer);
  DrainResults(conn_);
}

Status CopyStream::DecodeError(size_t column, int result) const {
  const auto r = static_cast<DecodeResult>(result);
  std::string what = "column \"" + columns_[column].name + "\": " + DescribeDecodeResult(r);
  if (r == DecodeResult::kMalformed) return Status::Internal(std::move(what));
  return Status::InvalidArgument("query", std::move(what));
}

}  // namespace trib::sql::pg
