// A deep copy of an ArrowSchema (format, name, metadata, flags, children, dictionary), so a
// schema can be handed out more than once, each copy released on its own.
#pragma once

#include "columnar/arrow_c_abi.h"

namespace trib {

void CopySchema(const ArrowSchema& source, ArrowSchema* out);

}  // namespace trib
