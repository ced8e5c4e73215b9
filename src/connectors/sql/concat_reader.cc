#include "connectors/sql/concat_reader.h"

#include "columnar/arrow_handles.h"

namespace trib {

namespace {

class SessionReader : public BatchReader {
 public:
  SessionReader(std::unique_ptr<sql::SqlSession> session, std::vector<std::string> statements,
                sql::QueryOptions options, ScrubFn scrub)
      : session_(std::move(session)),
        statements_(std::move(statements)),
        options_(std::move(options)),
        scrub_(std::move(scrub)) {}

  SessionReader(std::unique_ptr<sql::SqlSession> session, std::unique_ptr<BatchReader> reader,
                ScrubFn scrub)
      : session_(std::move(session)), current_(std::move(reader)), scrub_(std::move(scrub)) {
    next_statement_ = 0;
  }

  Status Start() {
    if (next_statement_ >= statements_.size()) return Status::Ok();
    current_.reset();
    auto reader = session_->Query(statements_[next_statement_++], options_);
    if (!reader.ok()) return scrub_(reader.status());
    current_ = std::move(reader).value();
    return Status::Ok();
  }

  Status GetSchema(ArrowSchema* out) override {
    if (!current_) return Status::Internal("the read has no statement");
    return scrub_(current_->GetSchema(out));
  }

  Status Next(ArrowArray* out) override {
    out->release = nullptr;
    while (current_) {
      Status st = current_->Next(out);
      if (!st.ok()) return scrub_(std::move(st));
      if (out->release != nullptr) return Status::Ok();
      if (next_statement_ >= statements_.size()) {
        current_.reset();
        break;
      }
      TRIB_RETURN_IF_ERROR(Start());
    }
    return Status::Ok();
  }

 private:
  // Declared first, destroyed last: readers borrow the session.
  std::unique_ptr<sql::SqlSession> session_;
  std::vector<std::string> statements_;
  size_t next_statement_ = 0;
  sql::QueryOptions options_;
  std::unique_ptr<BatchReader> current_;
  ScrubFn scrub_;
};

}  // namespace

std::unique_ptr<BatchReader> BindToSession(std::unique_ptr<sql::SqlSession> session,
                                           std::unique_ptr<BatchReader> reader, ScrubFn scrub) {
  return std::make_unique<SessionReader>(std::move(session), std::move(reader), std::move(scrub));
}

Result<std::unique_ptr<BatchReader>> ConcatQueries(std::unique_ptr<sql::SqlSession> session,
                                                   std::vector<std::string> statements,
                                                   sql::QueryOptions options, ScrubFn scrub) {
  auto reader = std::make_unique<SessionReader>(std::move(session), std::move(statements),
                                                std::move(options), std::move(scrub));
  TRIB_RETURN_IF_ERROR(reader->Start());
  return std::unique_ptr<BatchReader>(std::move(reader));
}

}  // namespace trib
