#include "sql/odbc/odbc_reader.h"

#include <cstdio>
#include <cstring>

#include "sql/odbc/odbc_text.h"
#include "sql/text_values.h"

namespace trib::sql {

namespace {

// Rows per block-cursor fetch: large enough that the per-call cost vanishes, small enough
// that the bound arrays stay well under a megabyte per column.
constexpr SQLULEN kRowsetSize = 1024;
// First SQLGetData piece, in SQLWCHAR units; once the driver tells the whole length, the
// rest comes in one piece.
constexpr size_t kFirstPiece = 16 * 1024;

template <typename T>
T Load(const uint8_t* p) {
  T value;
  std::memcpy(&value, p, sizeof value);
  return value;
}

}  // namespace

Status OdbcGetLongData(SQLHSTMT stmt, SQLUSMALLINT column, bool wide, std::vector<SQLWCHAR>& buffer,
                       std::string& out, bool* is_null, const OdbcErrorContext& context) {
  out.clear();
  *is_null = false;
  if (buffer.size() < kFirstPiece) buffer.resize(kFirstPiece);
  Utf16Decoder decoder;
  const size_t terminator = wide ? sizeof(SQLWCHAR) : 0;
  while (true) {
    const size_t capacity_bytes = buffer.size() * sizeof(SQLWCHAR);
    SQLLEN indicator = 0;
    const SQLRETURN rc = SQLGetData(stmt, column, wide ? SQL_C_WCHAR : SQL_C_BINARY, buffer.data(),
                                    static_cast<SQLLEN>(capacity_bytes), &indicator);
    if (rc == SQL_NO_DATA) break;  // the previous piece was the last
    if (!OdbcOk(rc)) return OdbcError(SQL_HANDLE_STMT, stmt, context);
    if (indicator == SQL_NULL_DATA) {
      *is_null = true;
      return Status::Ok();
    }
    const size_t room = capacity_bytes - terminator;
    const bool truncated = indicator == SQL_NO_TOTAL || static_cast<size_t>(indicator) > room;
    const size_t bytes = truncated ? room : static_cast<size_t>(indicator);
    if (wide) {
      if (out.empty() && indicator != SQL_NO_TOTAL) {
        out.reserve(static_cast<size_t>(indicator) / sizeof(SQLWCHAR));
      }
      decoder.Append(buffer.data(), bytes / sizeof(SQLWCHAR), out);
    } else {
      out.append(reinterpret_cast<const char*>(buffer.data()), bytes);
    }
    if (!truncated) break;
    if (indicator != SQL_NO_TOTAL) {
      // The rest in one piece: its length is known now.
      const size_t rest = static_cast<size_t>(indicator) - bytes + terminator;
      buffer.resize((rest + sizeof(SQLWCHAR) - 1) / sizeof(SQLWCHAR));
    }
  }
  decoder.Finish(out);
  // Keep the scratch space modest between values.
  if (buffer.size() > 4 * kFirstPiece) {
    buffer.resize(kFirstPiece);
    buffer.shrink_to_fit();
  }
  return Status::Ok();
}

OdbcReader::OdbcReader(OdbcHandle stmt, const QueryOptions& options, SQLUINTEGER getdata_extensions)
    : stmt_(std::move(stmt)), options_(options), getdata_extensions_(getdata_extensions) {
  deadline_ =
      std::chrono::steady_clock::now() + std::chrono::milliseconds(options_.statement_timeout_ms);
  // SQLCancel is ODBC's one call meant to come from another thread; the token is cleared
  // before the statement handle is freed.
  if (options_.cancel) {
    options_.cancel->OnCancel([handle = stmt_.get()] { SQLCancel(handle); });
  }
}

OdbcReader::~OdbcReader() {
  if (options_.cancel) options_.cancel->Clear();
  if (stmt_.get() != nullptr) SQLFreeStmt(stmt_.get(), SQL_CLOSE);
}

OdbcErrorContext OdbcReader::Context() const {
  OdbcErrorContext context;
  context.phase = OdbcPhase::kQuery;
  context.cancelled = options_.cancel && options_.cancel->cancelled();
  context.statement_timeout_ms = options_.statement_timeout_ms;
  return context;
}

Status OdbcReader::Error() { return OdbcError(SQL_HANDLE_STMT, stmt(), Context()); }

Status OdbcReader::Fail(Status status) {
  failed_ = std::move(status);
  return failed_;
}

Status OdbcReader::Execute(const std::string& sql) {
  if (options_.statement_timeout_ms > 0) {
    // Whole seconds, rounded up; drivers that cannot (HYC00) still meet the deadline checked
    // between fetches.
    const auto seconds = static_cast<SQLULEN>((options_.statement_timeout_ms + 999) / 1000);
    SQLSetStmtAttr(stmt(), SQL_ATTR_QUERY_TIMEOUT, reinterpret_cast<SQLPOINTER>(seconds),
                   SQL_IS_UINTEGER);
  }
  if (options_.cancel && options_.cancel->cancelled()) {
    return Status::Cancelled("the query was cancelled");
  }
  WideString wide = ToWide(sql);
  const SQLRETURN rc = SQLExecDirectW(stmt(), wide.data(), static_cast<SQLINTEGER>(wide.size()));
  if (rc == SQL_NO_DATA) {
    done_ = true;  // a searched UPDATE/DELETE that touched nothing
  } else if (!OdbcOk(rc)) {
    return Error();
  }
  TRIB_RETURN_IF_ERROR(Describe());
  if (schema_.empty()) done_ = true;
  TRIB_RETURN_IF_ERROR(Bind());
  batch_ = std::make_unique<BatchBuilder>(schema_, options_.batch);
  return Status::Ok();
}

Status OdbcReader::Describe() {
  SQLSMALLINT count = 0;
  if (!OdbcOk(SQLNumResultCols(stmt(), &count))) return Error();
  for (SQLUSMALLINT i = 1; i <= static_cast<SQLUSMALLINT>(count); ++i) {
    std::vector<SQLWCHAR> name(256);
    SQLSMALLINT name_length = 0;
    SQLSMALLINT sql_type = 0;
    SQLULEN size = 0;
    SQLSMALLINT digits = 0;
    SQLSMALLINT nullable = SQL_NULLABLE_UNKNOWN;
    auto describe = [&] {
      return SQLDescribeColW(stmt(), i, name.data(), static_cast<SQLSMALLINT>(name.size()),
                             &name_length, &sql_type, &size, &digits, &nullable);
    };
    if (!OdbcOk(describe())) return Error();
    if (static_cast<size_t>(name_length) >= name.size()) {
      name.resize(static_cast<size_t>(name_length) + 1);
      if (!OdbcOk(describe())) return Error();
    }
    SQLLEN is_unsigned = SQL_FALSE;
    if (sql_type == SQL_TINYINT || sql_type == SQL_SMALLINT || sql_type == SQL_INTEGER ||
        sql_type == SQL_BIGINT) {
      SQLColAttributeW(stmt(), i, SQL_DESC_UNSIGNED, nullptr, 0, nullptr, &is_unsigned);
    }
    const OdbcColumnPlan plan = PlanOdbcColumn(sql_type, size, digits, is_unsigned == SQL_TRUE);
    const size_t units =
        std::min(static_cast<size_t>(std::max<SQLSMALLINT>(name_length, 0)), name.size() - 1);
    schema_.push_back(Column{ToUtf8(name.data(), units), plan.type, nullable != SQL_NO_NULLS});
    columns_.push_back(Binding{plan, false, {}, {}});
  }
  return Status::Ok();
}

Status OdbcReader::Bind() {
  if (columns_.empty()) return Status::Ok();
  size_t first_long = columns_.size();
  for (size_t i = 0; i < columns_.size(); ++i) {
    if (!IsFixedWidth(columns_[i].plan.fetch)) {
      first_long = i;
      break;
    }
  }
  const bool any_long = first_long < columns_.size();
  // SQLGetData with a rowset over one row needs SQL_GD_BLOCK and positioning, which few
  // drivers have: a result with long columns is fetched row by row.
  rowset_size_ = any_long ? 1 : kRowsetSize;
  SQLSetStmtAttr(stmt(), SQL_ATTR_ROW_BIND_TYPE, reinterpret_cast<SQLPOINTER>(SQL_BIND_BY_COLUMN),
                 SQL_IS_UINTEGER);
  if (!OdbcOk(SQLSetStmtAttr(stmt(), SQL_ATTR_ROW_ARRAY_SIZE,
                             reinterpret_cast<SQLPOINTER>(rowset_size_), SQL_IS_UINTEGER))) {
    rowset_size_ = 1;
  }
  // The driver may have lowered it (01S02).
  SQLULEN actual = rowset_size_;
  if (OdbcOk(SQLGetStmtAttr(stmt(), SQL_ATTR_ROW_ARRAY_SIZE, &actual, SQL_IS_UINTEGER, nullptr)) &&
      actual >= 1) {
    rowset_size_ = actual;
  }
  row_status_.assign(rowset_size_, SQL_ROW_SUCCESS);
  if (!OdbcOk(SQLSetStmtAttr(stmt(), SQL_ATTR_ROW_STATUS_PTR, row_status_.data(), 0)) ||
      !OdbcOk(SQLSetStmtAttr(stmt(), SQL_ATTR_ROWS_FETCHED_PTR, &rows_fetched_, 0))) {
    return Error();
  }
  // Bound columns must come before any SQLGetData column unless the driver allows any order.
  const bool any_column = (getdata_extensions_ & SQL_GD_ANY_COLUMN) != 0;
  for (size_t i = 0; i < columns_.size(); ++i) {
    Binding& binding = columns_[i];
    binding.bound = IsFixedWidth(binding.plan.fetch) && (any_column || i < first_long);
    if (!binding.bound) continue;
    const size_t size = OdbcFixedSize(binding.plan.fetch);
    binding.values.assign(size * rowset_size_, 0);
    binding.indicators.assign(rowset_size_, 0);
    if (!OdbcOk(SQLBindCol(stmt(), static_cast<SQLUSMALLINT>(i + 1), OdbcCType(binding.plan.fetch),
                           binding.values.data(), static_cast<SQLLEN>(size),
                           binding.indicators.data()))) {
      return Error();
    }
  }
  return Status::Ok();
}

Status OdbcReader::Misfit(size_t column) const {
  const Column& c = schema_[column];
  return Status::InvalidArgument(
      "query", "column '" + c.name + "' holds a value that " + c.type.ToString() +
                   " cannot hold exactly; cast the column to text in the query to read it");
}

Status OdbcReader::AppendFixed(size_t column, const uint8_t* p, SQLLEN indicator) {
  ColumnBuilder& builder = batch_->column(column);
  if (indicator == SQL_NULL_DATA) {
    builder.AppendNull();
    return Status::Ok();
  }
  const Binding& binding = columns_[column];
  switch (binding.plan.fetch) {
    case OdbcFetch::kBit:
      builder.AppendBool(*p != 0);
      break;
    case OdbcFetch::kInt8:
      builder.AppendFixed<int8_t>(Load<int8_t>(p));
      break;
    case OdbcFetch::kInt16:
      builder.AppendFixed<int16_t>(Load<int16_t>(p));
      break;
    case OdbcFetch::kInt32:
      builder.AppendFixed<int32_t>(Load<int32_t>(p));
      break;
    case OdbcFetch::kInt64:
      builder.AppendFixed<int64_t>(Load<int64_t>(p));
      break;
    case OdbcFetch::kFloat32:
      builder.AppendFixed<float>(Load<float>(p));
      break;
    case OdbcFetch::kFloat64:
      builder.AppendFixed<double>(Load<double>(p));
      break;
    case OdbcFetch::kDecimal: {
      // Longer than the buffer (or of unknown length) cannot be a decimal128 value.
      if (indicator < 0 || static_cast<size_t>(indicator) >= OdbcFixedSize(binding.plan.fetch)) {
        return Misfit(column);
      }
      const auto value = ParseDecimal(
          std::string_view(reinterpret_cast<const char*>(p), static_cast<size_t>(indicator)),
          binding.plan.type.precision, binding.plan.type.scale);
      if (!value) return Misfit(column);
      builder.AppendFixed<Int128>(*value);
      break;
    }
    case OdbcFetch::kTime: {
      if (indicator < 0 || static_cast<size_t>(indicator) >= OdbcFixedSize(binding.plan.fetch)) {
        return Misfit(column);
      }
      const auto micros = ParseTime(
          std::string_view(reinterpret_cast<const char*>(p), static_cast<size_t>(indicator)));
      if (!micros) return Misfit(column);
      builder.AppendFixed<int64_t>(*micros);
      break;
    }
    case OdbcFetch::kDate: {
      const auto date = Load<SQL_DATE_STRUCT>(p);
      builder.AppendFixed<int32_t>(static_cast<int32_t>(
          DaysFromCivil(date.year, static_cast<unsigned>(date.month), date.day)));
      break;
    }
    case OdbcFetch::kTimestamp: {
      const auto ts = Load<SQL_TIMESTAMP_STRUCT>(p);
      const int64_t days = DaysFromCivil(ts.year, static_cast<unsigned>(ts.month), ts.day);
      const int64_t seconds = days * 86400 + ts.hour * 3600LL + ts.minute * 60LL + ts.second;
      // The fraction is in nanoseconds; below a microsecond is dropped (documented).
      builder.AppendFixed<int64_t>(seconds * 1000000 + static_cast<int64_t>(ts.fraction / 1000));
      break;
    }
    case OdbcFetch::kGuid: {
      const auto guid = Load<SQLGUID>(p);
      char text[37];
      std::snprintf(text, sizeof text, "%08x-%04x-%04x-%02x%02x-%02x%02x%02x%02x%02x%02x",
                    static_cast<unsigned>(guid.Data1), guid.Data2, guid.Data3, guid.Data4[0],
                    guid.Data4[1], guid.Data4[2], guid.Data4[3], guid.Data4[4], guid.Data4[5],
                    guid.Data4[6], guid.Data4[7]);
      builder.AppendBytes(text, 36);
      break;
    }
    case OdbcFetch::kText:
    case OdbcFetch::kBinary:
      return Status::Internal("ODBC: a long column was bound");
  }
  batch_bytes_ += OdbcFixedSize(binding.plan.fetch);
  return Status::Ok();
}

Status OdbcReader::AppendFetched(size_t column) {
  const Binding& binding = columns_[column];
  const auto number = static_cast<SQLUSMALLINT>(column + 1);
  if (IsFixedWidth(binding.plan.fetch)) {
    alignas(16) uint8_t value[64];
    SQLLEN indicator = 0;
    const SQLRETURN rc =
        SQLGetData(stmt(), number, OdbcCType(binding.plan.fetch), value,
                   static_cast<SQLLEN>(OdbcFixedSize(binding.plan.fetch)), &indicator);
    if (!OdbcOk(rc)) return Error();
    return AppendFixed(column, value, indicator);
  }
  bool is_null = false;
  TRIB_RETURN_IF_ERROR(OdbcGetLongData(stmt(), number, binding.plan.fetch == OdbcFetch::kText,
                                       scratch_, value_, &is_null, Context()));
  ColumnBuilder& builder = batch_->column(column);
  if (is_null) {
    builder.AppendNull();
  } else {
    builder.AppendBytes(value_.data(), value_.size());
    batch_bytes_ += value_.size();
  }
  return Status::Ok();
}

Status OdbcReader::GetSchema(ArrowSchema* out) {
  ExportSchema(schema_, out);
  return Status::Ok();
}

Status OdbcReader::Next(ArrowArray* out) {
  out->release = nullptr;
  if (!failed_.ok()) return failed_;
  if (options_.cancel && options_.cancel->cancelled()) {
    return Fail(Status::Cancelled("the query was cancelled"));
  }
  if (options_.statement_timeout_ms > 0 && std::chrono::steady_clock::now() >= deadline_) {
    return Fail(Status::DeadlineExceeded("the query ran past its statement timeout of " +
                                         std::to_string(options_.statement_timeout_ms) + " ms"));
  }
  while (true) {
    if (next_row_ >= rows_fetched_) {
      if (done_) break;
      rows_fetched_ = 0;
      const SQLRETURN rc = SQLFetch(stmt());
      if (rc == SQL_NO_DATA) {
        done_ = true;
        break;
      }
      if (!OdbcOk(rc)) return Fail(Error());
      next_row_ = 0;
      if (rows_fetched_ == 0) {
        done_ = true;
        break;
      }
    }
    const size_t row = next_row_++;
    const SQLUSMALLINT status = row_status_[row];
    if (status == SQL_ROW_NOROW || status == SQL_ROW_DELETED) continue;
    if (status == SQL_ROW_ERROR) return Fail(Error());
    for (size_t c = 0; c < columns_.size(); ++c) {
      const Binding& binding = columns_[c];
      const Status appended =
          binding.bound
              ? AppendFixed(c, binding.values.data() + row * OdbcFixedSize(binding.plan.fetch),
                            binding.indicators[row])
              : AppendFetched(c);
      if (!appended.ok()) return Fail(appended);
    }
    if (batch_->FinishRow() || batch_bytes_ >= options_.batch.max_bytes) break;
  }
  if (batch_->rows() == 0) return Status::Ok();  // the end
  batch_->Finish(out);
  batch_bytes_ = 0;
  return Status::Ok();
}

}  // namespace trib::sql
