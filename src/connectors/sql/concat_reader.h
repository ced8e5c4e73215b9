// Readers that keep their SQL session alive and scrub secrets from every error they pass on.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "columnar/batch_reader.h"
#include "sql/sql_driver.h"

namespace trib {

using ScrubFn = std::function<Status(Status)>;

// `reader` came from `session`; the result owns both and destroys the reader first.
std::unique_ptr<BatchReader> BindToSession(std::unique_ptr<sql::SqlSession> session,
                                           std::unique_ptr<BatchReader> reader, ScrubFn scrub);

// Runs `statements` one after another on `session`, as one stream with the first one's schema.
// The first statement runs before this returns, so a bad query fails here, not mid-stream.
Result<std::unique_ptr<BatchReader>> ConcatQueries(std::unique_ptr<sql::SqlSession> session,
                                                   std::vector<std::string> statements,
                                                   sql::QueryOptions options, ScrubFn scrub);

}  // namespace trib
