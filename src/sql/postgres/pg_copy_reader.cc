// ReadWithCopy: one binary COPY on the session's connection.
#include <libpq-fe.h>

#include "sql/postgres/pg_copy_stream.h"
#include "sql/postgres/pg_readers.h"

namespace trib::sql::pg {

namespace {

class CopyReader final : public BatchReader {
 public:
  explicit CopyReader(ReadContext context)
      : context_(std::move(context)),
        stream_(context_.conn, context_.shape.columns, context_.limits, context_.password,
                context_.cancel->token()) {}

  ~CopyReader() override {
    if (!stream_.finished()) {
      // Abandoned early: stop the server instead of reading the rest of the table.
      context_.cancel->CancelQuery(0);
      stream_.Drain();
    }
  }

  Status GetSchema(ArrowSchema* out) override {
    ExportSchema(SchemaOf(context_.shape.columns), out);
    return Status::Ok();
  }

  Status Next(ArrowArray* out) override {
    out->release = nullptr;
    if (!error_.ok()) return error_;
    Status status = stream_.Next(out);
    if (!status.ok()) {
      if (!stream_.finished()) {
        context_.cancel->CancelQuery(0);
        stream_.Drain();
      }
      if (context_.cancel->fired()) status = Status::Cancelled("query cancelled");
      error_ = status;
    }
    return status;
  }

 private:
  ReadContext context_;
  CopyStream stream_;
  Status error_;
};

}  // namespace

Result<std::unique_ptr<BatchReader>> ReadWithCopy(ReadContext context,
                                                  const std::string& select_sql) {
  TRIB_RETURN_IF_ERROR(
      StartCopy(context.conn, select_sql, context.password, context.cancel->token()));
  return std::unique_ptr<BatchReader>(new CopyReader(std::move(context)));
}

}  // namespace trib::sql::pg
