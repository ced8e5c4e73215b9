// Range predicates that split a read on a numeric column, exactly as Spark's JDBC reader does
// (so a split list handed to Spark and one read here cover the same rows).
#pragma once

#include <string>
#include <vector>

#include "common/status.h"
#include "connectors/connector.h"

namespace trib {

// `quoted_column` is already quoted for the database. The first range also takes NULLs; the
// bounds only decide the stride, rows outside them fall into the first or last range.
// One empty predicate means "no partitioning" (num_partitions 1 or lower == upper).
Result<std::vector<std::string>> PartitionPredicates(const PartitionSpec& spec,
                                                     const std::string& quoted_column);

}  // namespace trib
