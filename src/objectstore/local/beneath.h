// Opens paths below a root directory fd so that neither ".." nor a symlink can leave it:
// openat2(RESOLVE_BENEATH) where the kernel has it, else a segment-by-segment walk that
// refuses every symlink.
#pragma once

#include <sys/types.h>

#include <string_view>

#include "objectstore/local/unique_fd.h"

namespace trib::objectstore {

enum class Resolution {
  kAuto,         // openat2, falling back to kSegmentWalk when the kernel lacks it (ENOSYS)
  kSegmentWalk,  // openat(O_NOFOLLOW) per segment; symlinks are refused (ELOOP)
};

class BeneathRoot {
 public:
  BeneathRoot(UniqueFd root, Resolution resolution)
      : root_(std::move(root)), resolution_(resolution) {}

  int root_fd() const { return root_.get(); }

  // `path` is relative ("" = the root itself). Returns an fd, or -errno: EXDEV or ELOOP
  // when resolution would leave the root or cross a refused symlink.
  int Open(std::string_view path, int flags, mode_t mode = 0) const;

  // Opens the directory `path` (O_PATH), creating each missing level with `mode`.
  int OpenOrMakeDirs(std::string_view path, mode_t mode) const;

 private:
  int OpenWithOpenat2(std::string_view path, int flags, mode_t mode) const;
  int OpenBySegments(std::string_view path, int flags, mode_t mode) const;

  UniqueFd root_;
  Resolution resolution_;
};

}  // namespace trib::objectstore
