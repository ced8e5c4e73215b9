// The Kafka client properties a kafka source's `options` may set (Java client names, which the
// reference's users already write). Everything that loads code, runs a command, names a file
// or reaches another host (plugin paths, kinit commands, OAuth endpoints) is left out, so it is
// refused; the TLS stores and brokers have fields of their own.
#pragma once

#include "common/option_table.h"

namespace trib {

const OptionTable& KafkaClientOptions();

}  // namespace trib
