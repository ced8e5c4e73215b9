// The one place where a Status becomes an HTTP status and an error body.
#pragma once

#include "common/json.h"
#include "common/status.h"

namespace trib {

int HttpStatusFor(StatusCode code);

// {"error": {"code": ..., "message": ..., "field": ...}}
Json ErrorBody(const Status& status);

}  // namespace trib
