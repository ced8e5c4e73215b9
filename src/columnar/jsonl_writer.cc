#include "columnar/jsonl_writer.h"

#include "columnar/text_primitives.h"
#include "columnar/write_stream.h"

namespace trib {

JsonlWriter::JsonlWriter(ByteSink sink) : out_(std::move(sink)) {}

Status JsonlWriter::Begin(const ArrowSchema& schema) {
  if (begun_) return Status::FailedPrecondition("the JSON output was already begun");
  TRIB_ASSIGN_OR_RETURN(schema_, ParseBatchSchema(schema));
  begun_ = true;
  keys_.clear();
  for (size_t c = 0; c < schema_.children.size(); ++c) {
    std::string key = c == 0 ? "{" : ",";
    text::AppendJsonString(key, schema_.children[c].name);
    key.push_back(':');
    keys_.push_back(std::move(key));
  }
  return Status::Ok();
}

Status JsonlWriter::WriteBatch(const ArrowArray& batch) {
  if (!begun_) return Status::FailedPrecondition("the JSON output was not begun");
  TRIB_RETURN_IF_ERROR(MakeBatchViews(schema_, batch, &columns_));
  for (int64_t r = 0; r < batch.length; ++r) {
    std::string& out = out_.buffer();
    const int64_t row = batch.offset + r;
    if (columns_.empty()) out.push_back('{');
    for (size_t c = 0; c < columns_.size(); ++c) {
      out += keys_[c];
      AppendJsonValue(out, columns_[c], row);
    }
    out += "}\n";
    TRIB_RETURN_IF_ERROR(out_.MaybeFlush());
  }
  rows_ += batch.length;
  return out_.Flush();
}

Status JsonlWriter::End() {
  if (!begun_) return Status::FailedPrecondition("the JSON output was not begun");
  return out_.Flush();
}

Status WriteJsonlStream(ArrowArrayStream* stream, const ByteSink& sink,
                        const ProgressFn& progress) {
  JsonlWriter writer(sink);
  return WriteStreamWith(stream, writer, progress);
}

}  // namespace trib
