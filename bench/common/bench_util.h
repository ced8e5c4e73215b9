// What every bench program shares: "--key value" arguments over defaults, draining a reader,
// and the figures every result line carries.
#pragma once

#include <sys/resource.h>

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <map>
#include <string>

#include "columnar/arrow_handles.h"
#include "columnar/batch_reader.h"
#include "common/status.h"

namespace trib::bench {

// "--key" -> value; holds every key a program knows, with its default.
using Args = std::map<std::string, std::string>;

// Prints "program: what" to stderr; returns main's failure status.
inline int Fail(const char* program, const std::string& what) {
  std::fprintf(stderr, "%s: %s\n", program, what.c_str());
  return 1;
}

// Sets the "--key value" pairs of argv over `args`. Returns a message naming the first key
// `args` does not know, or "" when every key is known.
inline std::string ParseArgs(int argc, char** argv, Args* args) {
  for (int i = 1; i + 1 < argc; i += 2) {
    if (args->count(argv[i]) == 0) return std::string("unknown argument ") + argv[i];
    (*args)[argv[i]] = argv[i + 1];
  }
  return "";
}

struct Drained {
  int64_t rows = 0;
  int64_t batches = 0;
};

// Reads `reader` to its end, dropping the batches.
inline Result<Drained> Drain(BatchReader& reader) {
  Drained drained;
  while (true) {
    ArrayHandle batch;
    const Status s = reader.Next(batch.get());
    if (!s.ok()) return s;
    if (!batch.valid()) break;
    drained.rows += batch->length;
    ++drained.batches;
  }
  return drained;
}

inline double SecondsSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// The process's peak resident set so far, in MB.
inline double PeakRssMb() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_maxrss / 1024.0;
}

}  // namespace trib::bench
