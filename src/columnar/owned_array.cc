#include "columnar/owned_array.h"

#include <cstdlib>

namespace trib {

OwnedArray::~OwnedArray() {
  for (void* p : owned_) std::free(p);
  for (ArrowArray* child : children_) {
    if (child->release != nullptr) child->release(child);
    delete child;
  }
}

void OwnedArray::AddBuffer(void* data) {
  if (data != nullptr) owned_.push_back(data);
  buffers_.push_back(data);
}

void OwnedArray::AddChild(std::unique_ptr<ArrowArray> child) {
  children_.push_back(child.release());
}

void OwnedArray::Export(int64_t length, int64_t null_count, ArrowArray* out) && {
  auto* self = new OwnedArray();
  self->owned_ = std::move(owned_);
  self->buffers_ = std::move(buffers_);
  self->children_ = std::move(children_);
  out->length = length;
  out->null_count = null_count;
  out->offset = 0;
  out->n_buffers = static_cast<int64_t>(self->buffers_.size());
  out->n_children = static_cast<int64_t>(self->children_.size());
  out->buffers = self->buffers_.empty() ? nullptr : self->buffers_.data();
  out->children = self->children_.empty() ? nullptr : self->children_.data();
  out->dictionary = nullptr;
  out->release = &OwnedArray::Release;
  out->private_data = self;
}

void OwnedArray::Release(ArrowArray* array) {
  if (array == nullptr || array->release == nullptr) return;
  delete static_cast<OwnedArray*>(array->private_data);
  array->release = nullptr;
}

}  // namespace trib
