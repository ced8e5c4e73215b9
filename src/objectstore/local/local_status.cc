#include "objectstore/local/local_status.h"

#include <cerrno>
#include <cstring>
#include <string>

namespace trib::objectstore {

Status LocalError(int err, std::string_view key, std::string_view action) {
  const std::string quoted = "'" + std::string(key) + "'";
  const std::string verb(action);
  switch (err) {
    case ENOENT:
    case ENOTDIR:
      return Status::NotFound("no object " + quoted);
    case EXDEV:
      return Status(StatusCode::kPermissionDenied,
                    "'path' " + quoted + " resolves outside the data source's directory", "path");
    case ELOOP:
      return Status(StatusCode::kPermissionDenied,
                    "'path' " + quoted + " goes through a symbolic link that is not allowed",
                    "path");
    case EACCES:
    case EPERM:
    case EROFS:
      return Status(StatusCode::kPermissionDenied, "the server may not " + verb + " " + quoted,
                    "path");
    case EISDIR:
      return Status(StatusCode::kFailedPrecondition, "'path' " + quoted + " is a directory",
                    "path");
    case ENAMETOOLONG:
      return Status::InvalidArgument("path", "'path' " + quoted + " has a name that is too long");
    case ENOSPC:
    case EDQUOT:
      return Status::Unavailable("no space left to " + verb + " " + quoted);
    default:
      return Status::Internal("could not " + verb + " " + quoted + ": " + std::strerror(err));
  }
}

}  // namespace trib::objectstore
