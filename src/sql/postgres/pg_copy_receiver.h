// Receives the CopyData messages of a running COPY in bulk. A consumer faster than the server
// otherwise sleeps until each 8 KB send arrives and the server pays a wake-up per send (three
// times the context switches of a slower client, and 5% of the server's throughput on a shared
// machine). With a socket low-water mark the kernel wakes the reader once kLowWaterBytes are
// queued; a short poll timeout picks up a smaller rest (the end of the stream, an error, a slow
// query; the wait grows while nothing arrives). TLS connections keep libpq's own wait: OpenSSL
// may hold bytes poll cannot see.
#pragma once

struct pg_conn;

namespace trib::sql::pg {

class CopyReceiver {
 public:
  static constexpr int kLowWaterBytes = 256 * 1024;
  static constexpr int kRestWaitMs = 2;      // first wait for a rest below the mark
  static constexpr int kMaxRestWaitMs = 64;  // while the server sends nothing at all

  // Raises the low-water mark of `conn`'s socket (if it is not TLS) until Restore().
  explicit CopyReceiver(pg_conn* conn);
  ~CopyReceiver() { Restore(); }
  CopyReceiver(const CopyReceiver&) = delete;
  CopyReceiver& operator=(const CopyReceiver&) = delete;

  // As PQgetCopyData(conn, buffer, 0): a message's length, -1 at the end, -2 on an error.
  int Get(char** buffer);

  // Back to a low-water mark of one byte: libpq's later waits need every byte to wake them.
  void Restore();

 private:
  pg_conn* conn_;
  bool raised_ = false;
};

}  // namespace trib::sql::pg
