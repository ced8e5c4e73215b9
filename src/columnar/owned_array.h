// Assembles an ArrowArray that owns its buffers (malloc'd) and children; its release frees all.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "columnar/arrow_c_abi.h"

namespace trib {

class OwnedArray {
 public:
  OwnedArray() = default;
  ~OwnedArray();
  OwnedArray(const OwnedArray&) = delete;
  OwnedArray& operator=(const OwnedArray&) = delete;

  // Takes ownership of `data` (freed with std::free); null is a valid absent buffer.
  void AddBuffer(void* data);
  void AddChild(std::unique_ptr<ArrowArray> child);  // released with the parent
  // Fills `out`; this object's contents move into it.
  void Export(int64_t length, int64_t null_count, ArrowArray* out) &&;

 private:
  static void Release(ArrowArray* array);

  std::vector<void*> owned_;
  std::vector<const void*> buffers_;
  std::vector<ArrowArray*> children_;
};

}  // namespace trib
