#include "clientlib/progress_line.h"

#include <cstdio>

namespace trib::cli {

namespace {

std::string Megabytes(double bytes) {
  char text[32];
  std::snprintf(text, sizeof text, "%.1f MB", bytes / 1e6);
  return text;
}

}  // namespace

std::string GroupThousands(int64_t value) {
  std::string digits = std::to_string(value < 0 ? -value : value);
  std::string out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i != 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return value < 0 ? "-" + out : out;
}

ProgressLine::ProgressLine(bool enabled)
    : enabled_(enabled), start_(std::chrono::steady_clock::now()), last_draw_(start_) {}

std::string ProgressLine::Render(int64_t rows, int64_t bytes, double seconds) {
  std::string out;
  if (rows >= 0) out += GroupThousands(rows) + " rows, ";
  out += Megabytes(static_cast<double>(bytes));
  if (seconds > 0) {
    char time[32];
    std::snprintf(time, sizeof time, " in %.1f s (", seconds);
    out += time;
    if (rows >= 0) {
      out +=
          GroupThousands(static_cast<int64_t>(static_cast<double>(rows) / seconds)) + " rows/s, ";
    }
    out += Megabytes(static_cast<double>(bytes) / seconds) + "/s)";
  }
  return out;
}

void ProgressLine::Update(int64_t rows, int64_t bytes) {
  if (!enabled_) return;
  const auto now = std::chrono::steady_clock::now();
  if (drawn_ && now - last_draw_ < std::chrono::milliseconds(200)) return;
  last_draw_ = now;
  drawn_ = true;
  const double seconds = std::chrono::duration<double>(now - start_).count();
  std::fprintf(stderr, "\r\033[K%s", Render(rows, bytes, seconds).c_str());
  std::fflush(stderr);
}

void ProgressLine::Finish() {
  if (!drawn_) return;
  std::fprintf(stderr, "\r\033[K");
  std::fflush(stderr);
  drawn_ = false;
}

std::string ProgressLine::Summary(int64_t rows, int64_t bytes) const {
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  return Render(rows, bytes, seconds);
}

}  // namespace trib::cli
