#include "sql/odbc/odbc_text.h"

namespace trib::sql {

namespace {

constexpr char32_t kReplacement = 0xFFFD;

void PutUtf8(char32_t c, std::string& out) {
  if (c < 0x80) {
    out += static_cast<char>(c);
  } else if (c < 0x800) {
    out += static_cast<char>(0xC0 | (c >> 6));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else if (c < 0x10000) {
    out += static_cast<char>(0xE0 | (c >> 12));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (c >> 18));
    out += static_cast<char>(0x80 | ((c >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  }
}

void PutUtf16(char32_t c, WideString& out) {
  if (c < 0x10000) {
    out += static_cast<SQLWCHAR>(c);
  } else {
    c -= 0x10000;
    out += static_cast<SQLWCHAR>(0xD800 | (c >> 10));
    out += static_cast<SQLWCHAR>(0xDC00 | (c & 0x3FF));
  }
}

bool IsHigh(SQLWCHAR u) { return u >= 0xD800 && u <= 0xDBFF; }
bool IsLow(SQLWCHAR u) { return u >= 0xDC00 && u <= 0xDFFF; }

}  // namespace

WideString ToWide(std::string_view s) {
  WideString out;
  out.reserve(s.size());
  size_t i = 0;
  while (i < s.size()) {
    const auto b = static_cast<unsigned char>(s[i]);
    size_t length = 0;
    char32_t c = 0;
    if (b < 0x80) {
      length = 1;
      c = b;
    } else if ((b & 0xE0) == 0xC0) {
      length = 2;
      c = b & 0x1F;
    } else if ((b & 0xF0) == 0xE0) {
      length = 3;
      c = b & 0x0F;
    } else if ((b & 0xF8) == 0xF0) {
      length = 4;
      c = b & 0x07;
    }
    bool valid = length != 0 && i + length <= s.size();
    for (size_t k = 1; valid && k < length; ++k) {
      const auto next = static_cast<unsigned char>(s[i + k]);
      if ((next & 0xC0) != 0x80) {
        valid = false;
      } else {
        c = (c << 6) | (next & 0x3F);
      }
    }
    // Overlong forms, surrogates and values past U+10FFFF are not UTF-8.
    static constexpr char32_t kMin[] = {0, 0, 0x80, 0x800, 0x10000};
    if (valid && (c < kMin[length] || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))) {
      valid = false;
    }
    if (!valid) {
      out += static_cast<SQLWCHAR>(kReplacement);
      ++i;
      continue;
    }
    PutUtf16(c, out);
    i += length;
  }
  return out;
}

void Utf16Decoder::Append(const SQLWCHAR* units, size_t count, std::string& out) {
  for (size_t i = 0; i < count; ++i) {
    const SQLWCHAR u = units[i];
    if (pending_high_ != 0) {
      const SQLWCHAR high = pending_high_;
      pending_high_ = 0;
      if (IsLow(u)) {
        PutUtf8(0x10000 + ((char32_t{high} - 0xD800) << 10) + (char32_t{u} - 0xDC00), out);
        continue;
      }
      PutUtf8(kReplacement, out);
    }
    if (IsHigh(u)) {
      pending_high_ = u;
    } else if (IsLow(u)) {
      PutUtf8(kReplacement, out);
    } else {
      PutUtf8(u, out);
    }
  }
}

void Utf16Decoder::Finish(std::string& out) {
  if (pending_high_ != 0) PutUtf8(kReplacement, out);
  pending_high_ = 0;
}

std::string ToUtf8(const SQLWCHAR* units, size_t count) {
  std::string out;
  out.reserve(count);
  Utf16Decoder decoder;
  decoder.Append(units, count, out);
  decoder.Finish(out);
  return out;
}

}  // namespace trib::sql
