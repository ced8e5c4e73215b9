// The kafka data-source type (a Kafka cluster): its field table and cross-field rules, declared
// once.
#pragma once

#include "datasource/field_spec.h"

namespace trib {

TypeSpec MakeKafkaType();

}  // namespace trib
