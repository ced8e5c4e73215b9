// A growable, 64-byte aligned byte buffer whose memory can be handed to an ArrowArray.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>

namespace trib {

class Buffer {
 public:
  Buffer() = default;
  ~Buffer();
  Buffer(Buffer&& other) noexcept;
  Buffer& operator=(Buffer&& other) noexcept;
  Buffer(const Buffer&) = delete;
  Buffer& operator=(const Buffer&) = delete;

  uint8_t* data() { return data_; }
  const uint8_t* data() const { return data_; }
  size_t size() const { return size_; }
  size_t capacity() const { return capacity_; }

  void Reserve(size_t extra) {
    if (size_ + extra > capacity_) Grow(size_ + extra);
  }
  void Append(const void* bytes, size_t n) {
    Reserve(n);
    if (n != 0) std::memcpy(data_ + size_, bytes, n);
    size_ += n;
  }
  template <typename T>
  void Push(T value) {
    Reserve(sizeof(T));
    std::memcpy(data_ + size_, &value, sizeof(T));
    size_ += sizeof(T);
  }
  // Grows to `n` bytes, zero-filling the new ones (or shrinks).
  void Resize(size_t n);
  void Clear() { size_ = 0; }
  // Gives up the memory (free it with std::free); the buffer is empty afterwards.
  uint8_t* Release();

 private:
  void Grow(size_t min_capacity);

  uint8_t* data_ = nullptr;
  size_t size_ = 0;
  size_t capacity_ = 0;
};

}  // namespace trib
