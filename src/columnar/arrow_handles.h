// RAII owners for the C structs: whatever they hold is released exactly once.
#pragma once

#include <utility>

#include "columnar/arrow_c_abi.h"

namespace trib {

template <typename T>
class ArrowHandle {
 public:
  ArrowHandle() = default;
  ~ArrowHandle() { reset(); }
  ArrowHandle(ArrowHandle&& other) noexcept : value_(other.value_) {
    other.value_.release = nullptr;
  }
  ArrowHandle& operator=(ArrowHandle&& other) noexcept {
    if (this != &other) {
      reset();
      value_ = other.value_;
      other.value_.release = nullptr;
    }
    return *this;
  }
  ArrowHandle(const ArrowHandle&) = delete;
  ArrowHandle& operator=(const ArrowHandle&) = delete;

  T* get() { return &value_; }
  const T* get() const { return &value_; }
  T& operator*() { return value_; }
  const T& operator*() const { return value_; }
  T* operator->() { return &value_; }
  const T* operator->() const { return &value_; }
  bool valid() const { return value_.release != nullptr; }
  void reset() {
    if (value_.release != nullptr) value_.release(&value_);
    value_.release = nullptr;
  }
  // Moves the struct out to a consumer that takes over releasing it.
  void MoveTo(T* out) {
    *out = value_;
    value_.release = nullptr;
  }

 private:
  T value_{};
};

using SchemaHandle = ArrowHandle<ArrowSchema>;
using ArrayHandle = ArrowHandle<ArrowArray>;
using StreamHandle = ArrowHandle<ArrowArrayStream>;

}  // namespace trib
