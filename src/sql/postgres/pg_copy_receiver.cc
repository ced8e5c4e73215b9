#include "sql/postgres/pg_copy_receiver.h"

#include <libpq-fe.h>
#include <poll.h>
#include <sys/socket.h>

#include <algorithm>

namespace trib::sql::pg {

namespace {

bool SetLowWater(int fd, int bytes) {
  return setsockopt(fd, SOL_SOCKET, SO_RCVLOWAT, &bytes, sizeof bytes) == 0;
}

}  // namespace

CopyReceiver::CopyReceiver(pg_conn* conn) : conn_(conn) {
  const int fd = PQsocket(conn_);
  if (fd >= 0 && PQsslInUse(conn_) == 0) raised_ = SetLowWater(fd, kLowWaterBytes);
}

int CopyReceiver::Get(char** buffer) {
  if (!raised_) return PQgetCopyData(conn_, buffer, /*async=*/0);
  // First what libpq holds, then what the socket holds; sleep only when both gave nothing whole.
  // A server that sends nothing for long (a sort before the first row) is polled ever less
  // often, up to kMaxRestWaitMs.
  bool read_socket = false;
  int wait_ms = kRestWaitMs;
  int n = 0;
  while ((n = PQgetCopyData(conn_, buffer, /*async=*/1)) == 0) {
    if (read_socket) {
      pollfd waiting{PQsocket(conn_), POLLIN, 0};
      if (poll(&waiting, 1, wait_ms) == 0) wait_ms = std::min(2 * wait_ms, kMaxRestWaitMs);
    }
    if (PQconsumeInput(conn_) == 0) return -2;  // a poll error shows here too
    read_socket = true;
  }
  return n;
}

void CopyReceiver::Restore() {
  if (!raised_) return;
  raised_ = false;
  const int fd = PQsocket(conn_);
  if (fd >= 0) SetLowWater(fd, 1);
}

}  // namespace trib::sql::pg
