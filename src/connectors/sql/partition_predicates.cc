#include "connectors/sql/partition_predicates.h"

#include "common/int128.h"

namespace trib {

Result<std::vector<std::string>> PartitionPredicates(const PartitionSpec& spec,
                                                     const std::string& quoted_column) {
  if (spec.column.empty()) {
    return Status::InvalidArgument("partition_column", "'partition_column' must not be empty");
  }
  if (spec.num_partitions < 1 || spec.num_partitions > 10000) {
    return Status::InvalidArgument("num_partitions",
                                   "'num_partitions' must be between 1 and 10000");
  }
  if (spec.lower_bound > spec.upper_bound) {
    return Status::InvalidArgument("lower_bound",
                                   "'lower_bound' must not be greater than 'upper_bound'");
  }
  if (spec.num_partitions == 1 || spec.lower_bound == spec.upper_bound) {
    return std::vector<std::string>{""};
  }
  // As Spark: fewer partitions when the range is narrower than their number.
  const Int128 width = static_cast<Int128>(spec.upper_bound) - spec.lower_bound;
  const int64_t n =
      width >= spec.num_partitions ? spec.num_partitions : static_cast<int64_t>(width);
  const Int128 stride = static_cast<Int128>(spec.upper_bound / n) - spec.lower_bound / n;
  std::vector<std::string> out;
  out.reserve(static_cast<size_t>(n));
  Int128 current = spec.lower_bound;
  auto text = [](Int128 v) { return std::to_string(static_cast<long long>(v)); };
  for (int64_t i = 0; i < n; ++i) {
    std::string lower = i != 0 ? quoted_column + " >= " + text(current) : "";
    current += stride;
    std::string upper = i != n - 1 ? quoted_column + " < " + text(current) : "";
    if (upper.empty()) {
      out.push_back(lower);
    } else if (lower.empty()) {
      out.push_back(upper + " OR " + quoted_column + " IS NULL");
    } else {
      out.push_back(lower + " AND " + upper);
    }
  }
  return out;
}

}  // namespace trib
