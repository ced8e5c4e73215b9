// ReadWithCursor: for servers without COPY TO STDOUT (Redshift). A cursor in a transaction,
// fetched in binary (resultFormat 1) and decoded with the same value decoders as COPY.
#include <libpq-fe.h>

#include <algorithm>

#include "sql/postgres/pg_connection.h"
#include "sql/postgres/pg_copy_stream.h"
#include "sql/postgres/pg_errors.h"
#include "sql/postgres/pg_readers.h"
#include "sql/postgres/pg_value_decoder.h"

namespace trib::sql::pg {

namespace {

constexpr int64_t kMaxFetchRows = 100000;  // libpq holds a whole FETCH in memory
constexpr char kCursorName[] = "trib_cursor";

class CursorReader final : public BatchReader {
 public:
  explicit CursorReader(ReadContext context)
      : context_(std::move(context)),
        batch_(SchemaOf(context_.shape.columns), context_.limits),
        fetch_sql_("FETCH FORWARD " +
                   std::to_string(std::clamp<int64_t>(context_.limits.max_rows, 1, kMaxFetchRows)) +
                   " FROM " + kCursorName) {}

  ~CursorReader() override {
    if (!done_) {
      // Ends the transaction, which closes the cursor; nothing of it is running now.
      DrainResults(context_.conn);
      ResultPtr(PQexec(context_.conn, "ROLLBACK"));
    }
  }

  Status GetSchema(ArrowSchema* out) override {
    ExportSchema(SchemaOf(context_.shape.columns), out);
    return Status::Ok();
  }

  Status Next(ArrowArray* out) override {
    out->release = nullptr;
    if (!error_.ok()) return error_;
    Status status = Fill(out);
    if (!status.ok()) {
      if (out->release != nullptr) out->release(out);
      if (context_.cancel->fired()) status = Status::Cancelled("query cancelled");
      error_ = status;
    }
    return status;
  }

 private:
  Status Fill(ArrowArray* out) {
    const size_t ncols = context_.shape.columns.size();
    size_t batch_bytes = 0;
    while (!done_) {
      if (!result_ || row_ == PQntuples(result_.get())) {
        TRIB_RETURN_IF_ERROR(Fetch());
        continue;
      }
      const int row = row_++;
      for (size_t c = 0; c < ncols; ++c) {
        const int col = static_cast<int>(c);
        ColumnBuilder& column = batch_.column(c);
        if (PQgetisnull(result_.get(), row, col)) {
          column.AppendNull();
          continue;
        }
        const int length = PQgetlength(result_.get(), row, col);
        const auto* data = reinterpret_cast<const uint8_t*>(PQgetvalue(result_.get(), row, col));
        const DecodeResult r = DecodeValue(context_.shape.columns[c].value, data, length, column);
        if (r != DecodeResult::kOk) {
          std::string what =
              "column \"" + context_.shape.columns[c].name + "\": " + DescribeDecodeResult(r);
          if (r == DecodeResult::kMalformed) return Status::Internal(std::move(what));
          return Status::InvalidArgument("query", std::move(what));
        }
        batch_bytes += static_cast<size_t>(length);
      }
      if (batch_.FinishRow() || batch_bytes >= context_.limits.max_bytes) {
        FinishFullBatch(&batch_, out);
        return Status::Ok();
      }
    }
    if (batch_.rows() > 0) batch_.Finish(out);
    return Status::Ok();
  }

  Status Fetch() {
    result_.reset();
    row_ = 0;
    if (context_.cancel->fired()) return Status::Cancelled("query cancelled");
    ResultPtr result(PQexecParams(context_.conn, fetch_sql_.c_str(), 0, nullptr, nullptr, nullptr,
                                  nullptr, /*resultFormat=*/1));
    if (!result || PQresultStatus(result.get()) != PGRES_TUPLES_OK) {
      return StatementFailure(result.get(), context_.conn, context_.password,
                              context_.cancel->token());
    }
    if (static_cast<size_t>(PQnfields(result.get())) != context_.shape.columns.size()) {
      return Status::Internal("the cursor returned another number of columns than described");
    }
    for (int c = 0; c < PQnfields(result.get()); ++c) {
      if (PQfformat(result.get(), c) != 1) {
        return Status::Internal("the server answered a binary FETCH in text format");
      }
    }
    if (PQntuples(result.get()) == 0) {
      done_ = true;
      return Exec(context_.conn, "COMMIT", context_.password, context_.cancel->token()).status();
    }
    result_ = std::move(result);
    return Status::Ok();
  }

  ReadContext context_;
  BatchBuilder batch_;
  std::string fetch_sql_;
  ResultPtr result_;
  int row_ = 0;
  bool done_ = false;
  Status error_;
};

}  // namespace

Result<std::unique_ptr<BatchReader>> ReadWithCursor(ReadContext context,
                                                    const std::string& select_sql) {
  pg_conn* conn = context.conn;
  const std::string password = context.password;
  const CancelToken* cancel = context.cancel->token();  // lives on with the reader
  TRIB_RETURN_IF_ERROR(
      Exec(conn, context.read_only ? "BEGIN READ ONLY" : "BEGIN", context.password, cancel)
          .status());
  // Constructed now so that its destructor rolls back whatever fails below.
  auto reader = std::make_unique<CursorReader>(std::move(context));
  const std::string declare =
      std::string("DECLARE ") + kCursorName + " NO SCROLL CURSOR FOR " + select_sql;
  TRIB_RETURN_IF_ERROR(ExecParams(conn, declare, {}, password, cancel).status());
  return std::unique_ptr<BatchReader>(std::move(reader));
}

}  // namespace trib::sql::pg
