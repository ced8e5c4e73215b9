// The s3 bench programs' connector: a source on moto_server (path-style, plain http, dummy
// keys: the lax server checks no signature), built as the server builds one.
#pragma once

#include <memory>
#include <string>

#include "connectors/s3/s3_connector.h"
#include "file_bench.h"

namespace trib::bench {

inline Args S3Args(Args extra) {
  extra.insert({{"--endpoint", ""},
                {"--bucket", ""},
                {"--prefix", "bench/"},
                {"--temp", "/tmp"},
                {"--files", "16"},
                {"--rows-per-file", "1640000"}});
  return extra;
}

inline ConnectorParts S3Parts(const Args& args) {
  ConnectorParts parts;
  parts.definition.name = "bench";
  parts.definition.type = "s3";
  parts.definition.config =
      Json{{"bucket", args.at("--bucket")},
           {"path", args.at("--prefix")},
           {"region", "us-east-1"},
           {"arguments",
            {{"fs.s3a.endpoint", args.at("--endpoint")}, {"fs.s3a.path.style.access", "true"}}}};
  parts.secrets = {{"/access_key", "bench"}, {"/secret_key", "bench"}};
  return parts;
}

inline Result<std::unique_ptr<Connector>> S3BenchConnector(const ConnectorParts& parts,
                                                           const Args& args) {
  return MakeS3Connector(MakeInput(parts, args.at("--temp")));
}

}  // namespace trib::bench
