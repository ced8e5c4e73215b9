// The egress allowlist: parsing and matching (pure, table-driven), resolving once and checking
// every address, and the connectors refusing destinations it does not allow, with a listener
// proving no TCP connection was made.
#include <arpa/inet.h>
#include <fcntl.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include "cloud/aws/aws_query_client.h"
#include "net/egress.h"
#include "net/egress_policy.h"
#include "pg_test_db.h"
#include "silent_listener.h"
#include "sql/odbc/odbc_egress.h"
#include "test_service.h"

namespace trib::testing {
namespace {

using net::Egress;
using net::EgressPolicy;
using net::ParseEgressRule;
using net::ParseIpLiteral;

std::shared_ptr<const EgressPolicy> Policy(const std::vector<std::string>& entries) {
  auto policy = EgressPolicy::Parse(entries);
  if (!policy.ok()) throw std::runtime_error(policy.status().ToString());
  return std::make_shared<const EgressPolicy>(std::move(policy).value());
}

// --- entries ---

TEST(EgressPolicyTest, EntriesParseToOneSpelling) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"DB.Example.COM.", "db.example.com"},
      {"db.example.com:5432", "db.example.com:5432"},
      {"*.Example.com:443", "*.example.com:443"},
      {"*", "*"},
      {"*:5432-5439", "*:5432-5439"},
      {"10.0.0.0/8", "10.0.0.0/8"},
      {"10.0.0.0/8:5432", "10.0.0.0/8:5432"},
      {"10.1.2.3", "10.1.2.3"},
      {"10.1.2.3/32", "10.1.2.3"},
      {"0.0.0.0/0", "0.0.0.0/0"},
      {"::1", "::1"},
      {"[::1]:5432", "[::1]:5432"},
      {"fd00::/8", "fd00::/8"},
      {"[FD00::/8]:1-65535", "[fd00::/8]:1-65535"},
      {"::ffff:10.0.0.1", "10.0.0.1"},  // IPv4-mapped is the IPv4 address
      {"under_score.internal", "under_score.internal"},
  };
  for (const auto& [entry, canonical] : cases) {
    auto rule = ParseEgressRule(entry, "entries");
    ASSERT_TRUE(rule.ok()) << entry << ": " << rule.status().ToString();
    EXPECT_EQ(rule->text, canonical) << entry;
  }
}

TEST(EgressPolicyTest, BadEntriesAreNamed) {
  for (const std::string entry : {"",
                                  "10.0.0.1/8",
                                  "10.0.0.0/33",
                                  "fd00::/129",
                                  "10.0.0.0/x",
                                  "2852039166",
                                  "0251.0376.0251.0376",
                                  "0xa9fea9fe",
                                  "1.2.3",
                                  "host:0",
                                  "host:70000",
                                  "host:9-5",
                                  "host:",
                                  "a b",
                                  "*.",
                                  "*.*.example.com",
                                  "-bad.example.com",
                                  "exa*mple.com",
                                  "[::1",
                                  "[::1]5432",
                                  "http://example.com",
                                  "example.com/path",
                                  "a..b"}) {
    auto rule = ParseEgressRule(entry, "entries");
    ASSERT_FALSE(rule.ok()) << "accepted '" << entry << "' as " << rule->text;
    EXPECT_EQ(rule.status().code(), StatusCode::kInvalidArgument);
    EXPECT_EQ(rule.status().field(), "entries");
    EXPECT_NE(rule.status().message().find("'" + entry + "'"), std::string::npos)
        << rule.status().message();
  }
}

// --- matching ---

struct CheckCase {
  std::vector<std::string> entries;
  std::string host;     // the name the definition gave
  std::string address;  // what it resolved to
  int port;
  bool allowed;
};

TEST(EgressPolicyTest, CheckTable) {
  const std::vector<std::string> all = {"0.0.0.0/0", "::/0"};
  const std::vector<CheckCase> cases = {
      // the embedded default: loopback only
      {EgressPolicy::DefaultEntries(), "localhost", "127.0.0.1", 5432, true},
      {EgressPolicy::DefaultEntries(), "127.9.9.9", "127.9.9.9", 1, true},
      {EgressPolicy::DefaultEntries(), "::1", "::1", 5432, true},
      {EgressPolicy::DefaultEntries(), "db", "10.0.0.1", 5432, false},
      // cloud metadata and link-local: never by a broad entry
      {all, "169.254.169.254", "169.254.169.254", 80, false},
      {all, "::ffff:169.254.169.254", "::ffff:169.254.169.254", 80, false},
      {all, "2852039166", "169.254.169.254", 80, false},
      {all, "fd00:ec2::254", "fd00:ec2::254", 80, false},
      {all, "fe80::1", "fe80::1", 80, false},
      {all, "64:ff9b::a9fe:a9fe", "64:ff9b::a9fe:a9fe", 80, false},
      {all, "169.254.0.1", "169.254.0.1", 80, false},
      {all, "100.100.100.200", "100.100.100.200", 80, false},
      {all, "192.0.0.192", "192.0.0.192", 80, false},
      {all, "2002:a9fe:a9fe::", "2002:a9fe:a9fe::", 80, false},
      {all, "8.8.8.8", "8.8.8.8", 443, true},
      {all, "10.0.0.1", "10.0.0.1", 5432, true},
      {{"*"}, "x.example.com", "169.254.169.254", 80, false},
      {{"*"}, "x.example.com", "10.0.0.1", 80, true},
      {{"169.240.0.0/12"}, "a", "169.254.169.254", 80, false},  // wider than link-local
      {{"fd00::/8"}, "a", "fd00:ec2::254", 80, false},
      {{"*.internal"}, "metadata.google.internal", "169.254.169.254", 80, false},
      // ... but when an entry names them
      {{"0.0.0.0/0", "169.254.169.254"}, "169.254.169.254", "169.254.169.254", 80, true},
      {{"0.0.0.0/0", "169.254.169.254"}, "169.254.169.253", "169.254.169.253", 80, false},
      {{"169.254.0.0/16"}, "169.254.1.1", "169.254.1.1", 80, true},
      {{"fd00:ec2::254"}, "fd00:ec2::254", "fd00:ec2::254", 80, true},
      {{"metadata.google.internal"}, "metadata.google.internal", "169.254.169.254", 80, true},
      // names: case and the trailing dot do not matter; suffixes need a label before them
      {{"db.example.com"}, "DB.EXAMPLE.COM.", "10.0.0.1", 5432, true},
      {{"db.example.com"}, "db.example.com.evil.net", "10.0.0.1", 5432, false},
      {{"*.example.com"}, "a.b.example.com", "10.0.0.1", 5432, true},
      {{"*.example.com"}, "example.com", "10.0.0.1", 5432, false},
      {{"*.example.com"}, "badexample.com", "10.0.0.1", 5432, false},
      // ports; an unknown port (0) only matches entries without one
      {{"db.example.com:5432"}, "db.example.com", "10.0.0.1", 5432, true},
      {{"db.example.com:5432"}, "db.example.com", "10.0.0.1", 5433, false},
      {{"db.example.com:5432"}, "db.example.com", "10.0.0.1", 0, false},
      {{"10.0.0.0/8:5432-5439"}, "x", "10.255.255.255", 5439, true},
      {{"10.0.0.0/8:5432-5439"}, "x", "10.0.0.1", 5440, false},
      // CIDR edges
      {{"10.0.0.0/31"}, "x", "10.0.0.1", 1, true},
      {{"10.0.0.0/31"}, "x", "10.0.0.2", 1, false},
      {{"10.0.0.0/8"}, "x", "11.0.0.0", 1, false},
      {{"10.0.0.0/8"}, "x", "9.255.255.255", 1, false},
      {{"2001:db8::/32"}, "x", "2001:db8:ffff::1", 1, true},
      {{"2001:db8::/32"}, "x", "2001:db9::", 1, false},
      {{"0.0.0.0/0"}, "x", "2001:db8::1", 1, false},  // IPv4 ranges hold no IPv6 address
      {{"::ffff:0:0/96"}, "x", "10.0.0.1", 1, true},  // ... but mapped IPv6 is IPv4
      {{}, "localhost", "127.0.0.1", 5432, false},    // empty: nothing
  };
  for (const CheckCase& c : cases) {
    auto address = ParseIpLiteral(c.address);
    ASSERT_TRUE(address) << c.address;
    const auto decision = Policy(c.entries)->Check(c.host, *address, c.port);
    std::string entries;
    for (const auto& e : c.entries) entries += e + " ";
    EXPECT_EQ(decision.allowed, c.allowed) << "[" << entries << "] " << c.host << " (" << c.address
                                           << "):" << c.port << " " << decision.reason;
  }
}

TEST(EgressPolicyTest, OnlyStarAllowsHiddenDestinations) {
  EXPECT_TRUE(Policy({"*"})->AllowsAnyDestination(0));
  EXPECT_FALSE(Policy({"*:5432"})->AllowsAnyDestination(0));
  EXPECT_TRUE(Policy({"*:5432"})->AllowsAnyDestination(5432));
  EXPECT_FALSE(Policy({"0.0.0.0/0", "::/0"})->AllowsAnyDestination(0));
  EXPECT_FALSE(Policy(EgressPolicy::DefaultEntries())->AllowsAnyDestination(0));
}

// --- resolving once ---

TEST(EgressResolveTest, OddSpellingsAreCheckedAsTheirAddress) {
  std::vector<Json> refused;
  Egress egress(Policy({"0.0.0.0/0", "::/0"}), "connection_string",
                [&](const Json& d) { refused.push_back(d); });
  for (const std::string host :
       {"169.254.169.254", "2852039166", "0251.0376.0251.0376", "0xa9.0xfe.0xa9.0xfe",
        "::ffff:169.254.169.254", "::ffff:a9fe:a9fe", "fd00:ec2::254"}) {
    auto addresses = egress.Resolve(host, 80);
    ASSERT_FALSE(addresses.ok()) << host << " reached " << addresses->front();
    EXPECT_EQ(addresses.status().code(), StatusCode::kPermissionDenied) << host;
    EXPECT_EQ(addresses.status().field(), "connection_string");
    EXPECT_NE(addresses.status().message().find("'" + host + "'"), std::string::npos)
        << addresses.status().message();
    EXPECT_NE(addresses.status().message().find("metadata"), std::string::npos);
  }
  ASSERT_EQ(refused.size(), 7u);
  EXPECT_EQ(refused[1]["host"], "2852039166");
  EXPECT_EQ(refused[1]["address"], "169.254.169.254");
  EXPECT_EQ(refused[1]["port"], 80);
  // With a trailing dot it is a name for DNS, which knows none: not reached either.
  EXPECT_EQ(egress.Resolve("169.254.169.254.", 80).status().code(), StatusCode::kUnavailable);
}

TEST(EgressResolveTest, ANameIsCheckedByEveryAddressItResolvesTo) {
  std::vector<Json> refused;
  Egress only_private(Policy({"10.0.0.0/8"}), "host", [&](const Json& d) { refused.push_back(d); });
  auto localhost = only_private.Resolve("localhost", 5432);
  ASSERT_FALSE(localhost.ok());
  EXPECT_EQ(localhost.status().code(), StatusCode::kPermissionDenied);
  EXPECT_NE(localhost.status().message().find("'localhost'"), std::string::npos);
  ASSERT_EQ(refused.size(), 1u);
  EXPECT_EQ(refused[0]["host"], "localhost");

  // Positive control: the default allows it, and hands back numbers, not the name.
  Egress fresh(Policy(EgressPolicy::DefaultEntries()), "host", nullptr);
  for (const std::string host : {"localhost", "LOCALHOST", "127.0.0.1", "2130706433"}) {
    auto addresses = fresh.Resolve(host, 5432);
    ASSERT_TRUE(addresses.ok()) << host << ": " << addresses.status().ToString();
    ASSERT_FALSE(addresses->empty());
    for (const std::string& a : *addresses) {
      EXPECT_TRUE(a == "::1" || a.starts_with("127.")) << host << " -> " << a;
    }
  }
  // A name-only entry allows the name, not other spellings of its address.
  Egress by_name(Policy({"localhost"}), "host", nullptr);
  EXPECT_TRUE(by_name.Resolve("localhost", 1).ok());
  EXPECT_EQ(by_name.Resolve("127.0.0.1", 1).status().code(), StatusCode::kPermissionDenied);
}

TEST(EgressResolveTest, SocketPathsAndUnknownNames) {
  Egress egress(Policy({"*"}), "host", nullptr);
  EXPECT_EQ(egress.Resolve("/var/run/postgresql", 5432).status().code(),
            StatusCode::kPermissionDenied);
  EXPECT_EQ(egress.Resolve("", 5432).status().code(), StatusCode::kPermissionDenied);
  auto unknown = egress.Resolve("no-such-host.invalid", 5432);
  EXPECT_EQ(unknown.status().code(), StatusCode::kUnavailable) << unknown.status().ToString();
  EXPECT_NE(unknown.status().message().find("no-such-host.invalid"), std::string::npos);
}

TEST(EgressResolveTest, PeerCheckRefusesAnAddressThatWasNotChecked) {
  SilentListener listener;
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(listener.port()));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
  Egress egress(Policy({"*"}), "host", nullptr);
  EXPECT_TRUE(egress.CheckPeer("db", listener.port(), fd, {"127.0.0.1"}).ok());
  const Status other = egress.CheckPeer("db", listener.port(), fd, {"10.0.0.1"});
  EXPECT_EQ(other.code(), StatusCode::kPermissionDenied);
  EXPECT_NE(other.message().find("127.0.0.1"), std::string::npos) << other.message();
  close(fd);
}

// --- ODBC: the hosts a connection string names ---

TEST(OdbcEgressTest, HostsOfAConnectionString) {
  auto parse = [](const std::string& text) {
    return sql::OdbcDestinations(*sql::ParseOdbcConnectionString(text));
  };
  auto d = parse("Driver={PostgreSQL Unicode};Server=db.example.com;Port=5433");
  ASSERT_EQ(d.size(), 1u);
  EXPECT_EQ(d[0].host, "db.example.com");
  EXPECT_EQ(d[0].port, 5433);
  d = parse("Driver={ODBC Driver 18 for SQL Server};Server=tcp:sql.example.com,1433");
  ASSERT_EQ(d.size(), 1u);
  EXPECT_EQ(d[0].host, "sql.example.com");
  EXPECT_EQ(d[0].port, 1433);
  d = parse("Driver=x;Server=sql\\INSTANCE;Address=[fd00::5]");
  ASSERT_EQ(d.size(), 2u);
  EXPECT_EQ(d[0].host, "sql");
  EXPECT_EQ(d[1].host, "fd00::5");
  EXPECT_TRUE(parse("DSN=sales;UID=u").empty());
}

TEST(OdbcEgressTest, ADsnWithoutAHostNeedsStar) {
  const auto attributes = *sql::ParseOdbcConnectionString("DSN=sales");
  const Status refused =
      sql::CheckOdbcEgress(attributes, Egress(Policy({"0.0.0.0/0", "::/0"}), "c", nullptr));
  EXPECT_EQ(refused.code(), StatusCode::kPermissionDenied);
  EXPECT_NE(refused.message().find("ODBC DSN 'sales'"), std::string::npos) << refused.message();
  EXPECT_TRUE(sql::CheckOdbcEgress(attributes, Egress(Policy({"*"}), "c", nullptr)).ok());
  // A host named beside the DSN is checked like any other.
  const auto named = *sql::ParseOdbcConnectionString("DSN=sales;Server=169.254.169.254");
  EXPECT_EQ(sql::CheckOdbcEgress(named, Egress(Policy({"*"}), "c", nullptr)).code(),
            StatusCode::kPermissionDenied);
}

// --- AWS calls (STS, Redshift GetClusterCredentials) ---

TEST(AwsEgressTest, TheEndpointIsCheckedBeforeAnyConnection) {
  SilentListener listener;
  aws::AwsQueryCall call;
  call.endpoint = "http://127.0.0.1:" + std::to_string(listener.port());
  call.scope = {.region = "us-east-1", .service = "sts"};
  call.params = {{"Action", "AssumeRole"}};
  call.connect_timeout_ms = 500;
  call.read_timeout_ms = 200;
  const aws::AwsCredentials credentials{"AKIDEXAMPLE", "secret-example", "", 0};
  call.egress = Egress(Policy({"10.0.0.0/8"}), "iam_role", nullptr);
  auto refused = aws::CallAwsQuery(call, credentials, 0);
  EXPECT_EQ(refused.status().code(), StatusCode::kPermissionDenied) << refused.status().ToString();
  EXPECT_EQ(refused.status().field(), "iam_role");
  EXPECT_EQ(listener.Count(), 0);
  // Positive control: allowed, the call reaches the listener (which never answers).
  call.egress = Egress(Policy(EgressPolicy::DefaultEntries()), "iam_role", nullptr);
  auto reached = aws::CallAwsQuery(call, credentials, 0);
  EXPECT_FALSE(reached.ok());
  EXPECT_EQ(listener.Count(), 1);
}

// --- through the REST API ---

class EgressApiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    server_ = std::make_unique<TestServer>();
    owner_key_ = server_->env().NewUser("olivia").second;
    scientist_key_ = server_->env().NewUser("sam").second;
    ASSERT_EQ(Call("POST", "/api/v1/projects", owner_key_, Json{{"name", "fraud"}}).status, 201);
    ASSERT_EQ(Call("POST", "/api/v1/projects/fraud/members", owner_key_,
                   Json{{"user", "sam"}, {"role", "data_scientist"}})
                  .status,
              201);
  }
  Answer Call(const std::string& method, const std::string& path, const std::string& key,
              const Json& body = Json()) {
    return body.is_null() ? server_->Call(method, path, key)
                          : server_->Call(method, path, key, body);
  }
  Answer SetAllowlist(const std::vector<std::string>& entries) {
    return Call("PUT", kPath, admin(), Json{{"entries", entries}});
  }
  Answer CreateJdbc(const std::string& name, const std::string& url, const Json& arguments) {
    return Call("POST", "/api/v1/projects/fraud/datasources", owner_key_,
                Json{{"name", name},
                     {"type", "jdbc"},
                     {"connection_string", url},
                     {"arguments", arguments}});
  }
  Answer Test(const std::string& name, const std::string& key, int64_t timeout_ms = 2000) {
    return Call("POST", "/api/v1/projects/fraud/datasources/" + name + "/test", key,
                Json{{"connect_timeout_ms", timeout_ms}});
  }
  Json Audit(const std::string& action) {
    return Call("GET", "/api/v1/admin/audit?action=" + action, admin()).body["events"];
  }
  const std::string& admin() const { return server_->env().admin_key; }

  static constexpr char kPath[] = "/api/v1/admin/egress-allowlist";
  std::unique_ptr<TestServer> server_;
  std::string owner_key_, scientist_key_;
};

TEST_F(EgressApiTest, TheSettingIsForAdminsAndValidated) {
  Answer fresh = Call("GET", kPath, admin());
  ASSERT_EQ(fresh.status, 200) << fresh.raw;
  EXPECT_EQ(fresh.body["entries"], Json(EgressPolicy::DefaultEntries()));
  EXPECT_EQ(fresh.body["default"], true);

  for (const std::string& key : {owner_key_, scientist_key_}) {
    EXPECT_EQ(Call("GET", kPath, key).status, 403);
    EXPECT_EQ(Call("PUT", kPath, key, Json{{"entries", {"*"}}}).status, 403);
  }
  EXPECT_EQ(Call("GET", kPath, "").status, 401);

  for (const Json& body :
       {Json{{"entries", {"10.0.0.0/8", "2852039166"}}}, Json{{"entries", "10.0.0.0/8"}},
        Json{{"entries", {1}}}, Json{{"entries", {"*"}}, {"extra", 1}}, Json::object()}) {
    Answer bad = Call("PUT", kPath, admin(), body);
    EXPECT_EQ(bad.status, 400) << body.dump() << ": " << bad.raw;
    EXPECT_TRUE(bad.body["error"]["field"] == "entries" || bad.body["error"]["field"] == "extra")
        << bad.raw;
  }
  Answer named = Call("PUT", kPath, admin(), Json{{"entries", {"10.0.0.0/8", "2852039166"}}});
  EXPECT_NE(named.body["error"]["message"].get<std::string>().find("'2852039166'"),
            std::string::npos)
      << named.raw;
  EXPECT_EQ(Call("GET", kPath, admin()).body["default"], true) << "a bad list changes nothing";
  EXPECT_TRUE(Audit("egress_allowlist.set").empty());

  Answer set = SetAllowlist({"DB.example.com.", "10.0.0.0/8:5432", "db.example.com"});
  ASSERT_EQ(set.status, 200) << set.raw;
  EXPECT_EQ(set.body["entries"], Json({"db.example.com", "10.0.0.0/8:5432"}));
  EXPECT_EQ(Call("GET", kPath, admin()).body["entries"], set.body["entries"]);
  Json audit = Audit("egress_allowlist.set");
  ASSERT_EQ(audit.size(), 1u);
  EXPECT_EQ(audit[0]["actor"], "admin");
  EXPECT_EQ(audit[0]["detail"]["entries"], set.body["entries"]);
}

// A source at a loopback port: refused (403 naming the host, audited, no TCP connection) once
// loopback leaves the allowlist, for every SQL driver; reached while it is allowed.
TEST_F(EgressApiTest, RefusedDestinationsAreNeverContacted) {
  SilentListener listener;
  const std::string port = std::to_string(listener.port());
  const std::vector<std::pair<std::string, std::string>> sources = {
      {"pg", "jdbc:postgresql://127.0.0.1:" + port + "/postgres"},
      {"pg_name", "jdbc:postgresql://localhost:" + port + "/postgres"},
      {"maria", "jdbc:mysql://127.0.0.1:" + port + "/db"},
      {"odbc", "jdbc:odbc:Driver={PostgreSQL Unicode};Server=127.0.0.1;Port=" + port}};
  for (const auto& [name, url] : sources) {
    ASSERT_EQ(CreateJdbc(name, url, Json{{"user", "u"}}).status, 201) << name;
  }
  ASSERT_EQ(SetAllowlist({"10.0.0.0/8"}).status, 200);
  for (const auto& [name, url] : sources) {
    for (const std::string& key : {owner_key_, scientist_key_}) {
      Answer a = Test(name, key);
      EXPECT_EQ(a.status, 403) << name << ": " << a.raw;
      EXPECT_EQ(a.body["error"]["field"], "connection_string") << name;
      const std::string host = name == "pg_name" ? "'localhost'" : "'127.0.0.1'";
      EXPECT_NE(a.raw.find(host), std::string::npos) << name << ": " << a.raw;
      EXPECT_NE(a.raw.find("egress"), std::string::npos) << name << ": " << a.raw;
    }
  }
  EXPECT_EQ(listener.Count(), 0) << "a refused destination was contacted";
  Json audit = Audit("datasource.egress_refused");
  ASSERT_EQ(audit.size(), 2 * sources.size());
  EXPECT_EQ(audit.back()["target"], "pg");  // newest first: the first source last
  EXPECT_EQ(audit.back()["detail"]["host"], "127.0.0.1");
  EXPECT_EQ(audit.back()["detail"]["port"], listener.port());

  // Positive control: with loopback allowed again each driver reaches the listener.
  ASSERT_EQ(Call("PUT", kPath, admin(), Json{{"entries", EgressPolicy::DefaultEntries()}}).status,
            200);
  int reached = 0;
  for (const auto& [name, url] : sources) {
    EXPECT_NE(Test(name, owner_key_, 1000).status, 403) << name;
    EXPECT_GT(listener.Count(), reached) << name << " did not connect";
    reached = listener.Count();
  }
}

// libpq takes the last of repeated keywords: an option must not replace the checked address.
TEST_F(EgressApiTest, PostgresOptionsCannotRedirectTheConnection) {
  SilentListener listener;
  const std::string url = "jdbc:postgresql://127.0.0.1:" + std::to_string(listener.port()) + "/x";
  for (const std::string key : {"hostaddr", "service"}) {
    Answer created = CreateJdbc(key, url, Json{{"user", "u"}, {key, "169.254.169.254"}});
    Answer a = created.status == 201 ? Test(key, owner_key_) : created;
    EXPECT_EQ(a.status, 400) << key << ": " << a.raw;
    EXPECT_NE(a.body["error"]["field"].get<std::string>().find(key), std::string::npos) << a.raw;
  }
  EXPECT_EQ(listener.Count(), 0);
}

class PgEgressApiTest : public EgressApiTest {
 protected:
  void SetUp() override {
    auto db = PgTestDb::FromEnvironment();
    if (!db)
      GTEST_SKIP() << "TRIB_TEST_PG_URL is not set (run under tests/scripts/with_postgres.sh)";
    db_ = *db;
    EgressApiTest::SetUp();
    std::tie(role_, password_) = db_.NewRole("egress");
  }
  PgTestDb db_;
  std::string role_, password_;
};

TEST_F(PgEgressApiTest, ARealServerWorksOnlyWhileAllowed) {
  ASSERT_EQ(db_.host(), "127.0.0.1");
  ASSERT_EQ(
      CreateJdbc("orders", db_.JdbcUrl(), Json{{"user", role_}, {"password", password_}}).status,
      201);
  ASSERT_EQ(CreateJdbc("by_name",
                       "jdbc:postgresql://localhost:" + std::to_string(db_.port()) + "/postgres",
                       Json{{"user", role_}, {"password", password_}})
                .status,
            201);
  EXPECT_EQ(Test("orders", owner_key_).status, 200) << "the default allows loopback";
  EXPECT_EQ(Test("by_name", owner_key_).status, 200);
  Answer read = server_->Post("/api/v1/projects/fraud/datasources/orders/read", scientist_key_,
                              Json{{"query", "SELECT 41 + 1 AS n"}}, "text/csv");
  EXPECT_EQ(read.status, 200) << read.raw;

  // Only a non-loopback range: the server by address and by name ("localhost") are refused.
  ASSERT_EQ(SetAllowlist({"10.0.0.0/8", "fd00::/8"}).status, 200);
  const std::string logins =
      "SELECT count(*) FROM pg_stat_activity WHERE usename = '" + role_ + "'";
  for (const std::string name : {"orders", "by_name"}) {
    Answer a = Test(name, owner_key_);
    EXPECT_EQ(a.status, 403) << a.raw;
    EXPECT_EQ(a.body["error"]["field"], "connection_string");
    EXPECT_EQ(a.raw.find(password_), std::string::npos);
  }
  Answer refused_read = server_->Post("/api/v1/projects/fraud/datasources/orders/read",
                                      scientist_key_, Json{{"query", "SELECT 1 AS n"}}, "text/csv");
  EXPECT_EQ(refused_read.status, 403) << refused_read.raw;
  EXPECT_EQ(db_.Scalar(logins), "0");
  EXPECT_EQ(Audit("datasource.egress_refused").size(), 3u);

  // An entry for the server's port only: allowed again.
  ASSERT_EQ(SetAllowlist({"127.0.0.1:" + std::to_string(db_.port())}).status, 200);
  EXPECT_EQ(Test("orders", owner_key_).status, 200);
  // localhost may also resolve to ::1, which the entry does not allow: only 127.0.0.1 is used.
  EXPECT_EQ(Test("by_name", owner_key_).status, 200);
}

TEST_F(EgressApiTest, MetadataAddressNeedsAnExplicitEntry) {
  ASSERT_EQ(
      CreateJdbc("imds", "jdbc:postgresql://169.254.169.254:80/x", Json{{"user", "u"}}).status,
      201);
  ASSERT_EQ(
      CreateJdbc("imds6", "jdbc:postgresql://[fd00:ec2::254]:80/x", Json{{"user", "u"}}).status,
      201);
  ASSERT_EQ(SetAllowlist({"0.0.0.0/0", "::/0", "*"}).status, 200);
  for (const std::string name : {"imds", "imds6"}) {
    Answer a = Test(name, owner_key_);
    EXPECT_EQ(a.status, 403) << name << ": " << a.raw;
    EXPECT_NE(a.raw.find("metadata"), std::string::npos) << a.raw;
  }
  ASSERT_EQ(SetAllowlist({"0.0.0.0/0", "169.254.169.254:80"}).status, 200);
  // Now it is tried (and fails or times out here: no metadata server on this machine).
  EXPECT_NE(Test("imds", owner_key_, 300).status, 403);
  EXPECT_EQ(Test("imds6", owner_key_, 300).status, 403);
}

}  // namespace
}  // namespace trib::testing
