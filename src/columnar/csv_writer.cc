#include "columnar/csv_writer.h"

#include "columnar/text_primitives.h"
#include "columnar/write_stream.h"

namespace trib {

CsvWriter::CsvWriter(ByteSink sink, CsvOptions options)
    : out_(std::move(sink)), options_(std::move(options)) {}

Status CsvWriter::Begin(const ArrowSchema& schema) {
  if (begun_) return Status::FailedPrecondition("the CSV output was already begun");
  if (options_.delimiter == '"' || options_.delimiter == '\n' || options_.delimiter == '\r') {
    return Status::InvalidArgument("delimiter", "a CSV delimiter cannot be a quote or a line end");
  }
  TRIB_ASSIGN_OR_RETURN(schema_, ParseBatchSchema(schema));
  begun_ = true;
  if (!options_.header) return Status::Ok();
  std::string& out = out_.buffer();
  for (size_t c = 0; c < schema_.children.size(); ++c) {
    if (c > 0) out.push_back(options_.delimiter);
    const std::string& name = schema_.children[c].name;
    text::AppendCsvField(out, name.data(), name.size(), options_.delimiter);
  }
  out += options_.line_end;
  return Status::Ok();
}

Status CsvWriter::WriteBatch(const ArrowArray& batch) {
  if (!begun_) return Status::FailedPrecondition("the CSV output was not begun");
  TRIB_RETURN_IF_ERROR(MakeBatchViews(schema_, batch, &columns_));
  const char delimiter = options_.delimiter;
  for (int64_t r = 0; r < batch.length; ++r) {
    std::string& out = out_.buffer();
    const int64_t row = batch.offset + r;
    for (size_t c = 0; c < columns_.size(); ++c) {
      if (c > 0) out.push_back(delimiter);
      AppendCsvValue(out, columns_[c], row, delimiter);
    }
    out += options_.line_end;
    TRIB_RETURN_IF_ERROR(out_.MaybeFlush());
  }
  rows_ += batch.length;
  return out_.Flush();
}

Status CsvWriter::End() {
  if (!begun_) return Status::FailedPrecondition("the CSV output was not begun");
  return out_.Flush();
}

Status WriteCsvStream(ArrowArrayStream* stream, const ByteSink& sink, const ProgressFn& progress,
                      CsvOptions options) {
  CsvWriter writer(sink, std::move(options));
  return WriteStreamWith(stream, writer, progress);
}

}  // namespace trib
