#include "columnar/buffer.h"

#include <cstdlib>
#include <new>
#include <utility>

namespace trib {

namespace {
constexpr size_t kAlignment = 64;  // Arrow's recommended buffer alignment
}

Buffer::~Buffer() { std::free(data_); }

Buffer::Buffer(Buffer&& other) noexcept
    : data_(std::exchange(other.data_, nullptr)),
      size_(std::exchange(other.size_, 0)),
      capacity_(std::exchange(other.capacity_, 0)) {}

Buffer& Buffer::operator=(Buffer&& other) noexcept {
  if (this != &other) {
    std::free(data_);
    data_ = std::exchange(other.data_, nullptr);
    size_ = std::exchange(other.size_, 0);
    capacity_ = std::exchange(other.capacity_, 0);
  }
  return *this;
}

void Buffer::Grow(size_t min_capacity) {
  size_t capacity = capacity_ < 256 ? 256 : capacity_;
  while (capacity < min_capacity) capacity *= 2;
  capacity = (capacity + kAlignment - 1) / kAlignment * kAlignment;
  void* fresh = std::aligned_alloc(kAlignment, capacity);
  if (fresh == nullptr) throw std::bad_alloc();
  if (size_ != 0) std::memcpy(fresh, data_, size_);
  std::free(data_);
  data_ = static_cast<uint8_t*>(fresh);
  capacity_ = capacity;
}

void Buffer::Resize(size_t n) {
  if (n > size_) {
    Reserve(n - size_);
    std::memset(data_ + size_, 0, n - size_);
  }
  size_ = n;
}

uint8_t* Buffer::Release() {
  uint8_t* out = data_;
  data_ = nullptr;
  size_ = capacity_ = 0;
  return out;
}

}  // namespace trib
