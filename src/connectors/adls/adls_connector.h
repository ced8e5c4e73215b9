// adls: a container of an Azure Storage account (ADLS Gen2 or plain Blob) read and written as
// files through the adls object store. Generation 1 accounts are refused: Azure retired them.
// Credentials: see adls_credentials.h.
#pragma once

#include <memory>

#include "connectors/connector.h"

namespace trib {

Result<std::unique_ptr<Connector>> MakeAdlsConnector(const ConnectorInput& input);
// Create-time: the generation and the token URL's transport, before anything is stored.
Status CheckAdlsDefinition(const ConnectorInput& input);

}  // namespace trib
