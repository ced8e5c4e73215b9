// Turns a read's Arrow stream into a streamed HTTP body in the format the client asked for.
#pragma once

#include <memory>
#include <string>

#include "columnar/batch_reader.h"
#include "columnar/output_format.h"
#include "common/cancel.h"
#include "server/route.h"

namespace trib {

// `format` (the body's field) wins over the Accept header; neither: Arrow IPC stream.
Result<OutputFormat> ChooseOutputFormat(const std::optional<std::string>& format,
                                        const std::string& accept);

// Starts the read on its own thread and waits briefly for the first batch, so errors that the
// database reports early (bad SQL, a short statement timeout) become JSON errors with a status;
// later ones cut the transfer short. A client that goes away cancels `cancel`.
Result<std::shared_ptr<StreamBody>> PrepareReadBody(std::unique_ptr<BatchReader> reader,
                                                    OutputFormat format,
                                                    std::shared_ptr<CancelToken> cancel,
                                                    std::string temp_dir);

}  // namespace trib
