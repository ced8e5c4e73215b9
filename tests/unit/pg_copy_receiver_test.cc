// CopyReceiver against the test PostgreSQL: it raises the socket's low-water mark only while a
// COPY runs, still delivers a rest smaller than the mark (the end of the stream, an error), and
// leaves the connection as libpq needs it for the next statement.
#include "sql/postgres/pg_copy_receiver.h"

#include <gtest/gtest.h>
#include <libpq-fe.h>
#include <sys/socket.h>

#include <cstdlib>
#include <memory>
#include <string>

namespace trib::sql::pg {
namespace {

struct ConnCloser {
  void operator()(PGconn* conn) const { PQfinish(conn); }
};

class PgCopyReceiverTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const char* url = std::getenv("TRIB_TEST_PG_URL");
    if (url == nullptr || *url == '\0') GTEST_SKIP() << "needs tests/scripts/with_postgres.sh";
    conn_.reset(PQconnectdb(url));
    ASSERT_EQ(PQstatus(conn_.get()), CONNECTION_OK) << PQerrorMessage(conn_.get());
  }

  void StartCopy(const std::string& select) {
    const std::string copy = "COPY (" + select + ") TO STDOUT";
    ASSERT_EQ(PQsendQuery(conn_.get(), copy.c_str()), 1);
    PGresult* started = PQgetResult(conn_.get());
    ASSERT_EQ(PQresultStatus(started), PGRES_COPY_OUT) << PQresultErrorMessage(started);
    PQclear(started);
  }

  int LowWater() const {
    int bytes = -1;
    socklen_t size = sizeof bytes;
    getsockopt(PQsocket(conn_.get()), SOL_SOCKET, SO_RCVLOWAT, &bytes, &size);
    return bytes;
  }

  // Reads the COPY to its end; the text of each row, concatenated.
  std::string ReadAll(CopyReceiver* receiver, int* rows) {
    std::string text;
    char* buffer = nullptr;
    int n = 0;
    while ((n = receiver->Get(&buffer)) > 0) {
      text.append(buffer, static_cast<size_t>(n));
      PQfreemem(buffer);
      ++*rows;
    }
    EXPECT_EQ(n, -1) << PQerrorMessage(conn_.get());
    return text;
  }

  ExecStatusType FinalStatus() {
    PGresult* result = PQgetResult(conn_.get());
    const ExecStatusType status = PQresultStatus(result);
    PQclear(result);
    while ((result = PQgetResult(conn_.get())) != nullptr) PQclear(result);
    return status;
  }

  std::unique_ptr<PGconn, ConnCloser> conn_;
};

TEST_F(PgCopyReceiverTest, RaisesTheMarkDuringTheCopyAndDeliversARestBelowIt) {
  StartCopy("SELECT g FROM generate_series(1, 1000) AS g");  // ~4 KB, far below the mark
  CopyReceiver receiver(conn_.get());
  EXPECT_EQ(LowWater(), CopyReceiver::kLowWaterBytes);
  int rows = 0;
  const std::string text = ReadAll(&receiver, &rows);
  EXPECT_EQ(rows, 1000);
  EXPECT_EQ(text.substr(0, 4), "1\n2\n");
  EXPECT_EQ(text.substr(text.size() - 5), "1000\n");
  receiver.Restore();
  EXPECT_EQ(LowWater(), 1);
  EXPECT_EQ(FinalStatus(), PGRES_COMMAND_OK);

  // The next statement's small answer wakes libpq's own wait.
  PGresult* next = PQexec(conn_.get(), "SELECT 'next'");
  ASSERT_EQ(PQresultStatus(next), PGRES_TUPLES_OK);
  EXPECT_STREQ(PQgetvalue(next, 0, 0), "next");
  PQclear(next);
}

TEST_F(PgCopyReceiverTest, ReadsAStreamManyTimesTheMark) {
  StartCopy("SELECT g, repeat('x', 100) FROM generate_series(1, 50000) AS g");  // ~5.5 MB
  int rows = 0;
  size_t bytes = 0;
  {
    CopyReceiver receiver(conn_.get());
    bytes = ReadAll(&receiver, &rows).size();
  }  // the destructor restores the mark
  EXPECT_EQ(rows, 50000);
  EXPECT_GT(bytes, 10u * CopyReceiver::kLowWaterBytes);
  EXPECT_EQ(LowWater(), 1);
  EXPECT_EQ(FinalStatus(), PGRES_COMMAND_OK);
}

TEST_F(PgCopyReceiverTest, ASlowFirstRowStillArrives) {
  // Nothing for a second (the receiver's waits grow meanwhile), then three small rows.
  StartCopy("SELECT g FROM pg_sleep(1), generate_series(1, 3) AS g");
  CopyReceiver receiver(conn_.get());
  int rows = 0;
  EXPECT_EQ(ReadAll(&receiver, &rows), "1\n2\n3\n");
  EXPECT_EQ(rows, 3);
  receiver.Restore();
  EXPECT_EQ(FinalStatus(), PGRES_COMMAND_OK);
}

TEST_F(PgCopyReceiverTest, AnErrorInTheMiddleOfTheCopyArrives) {
  StartCopy("SELECT 1 / (g - 30000) FROM generate_series(1, 40000) AS g");
  CopyReceiver receiver(conn_.get());
  int rows = 0;
  ReadAll(&receiver, &rows);
  EXPECT_LT(rows, 30000);
  receiver.Restore();
  PGresult* result = PQgetResult(conn_.get());
  EXPECT_EQ(PQresultStatus(result), PGRES_FATAL_ERROR);
  EXPECT_NE(std::string(PQresultErrorMessage(result)).find("division by zero"), std::string::npos);
  PQclear(result);
  while ((result = PQgetResult(conn_.get())) != nullptr) PQclear(result);
}

}  // namespace
}  // namespace trib::sql::pg
