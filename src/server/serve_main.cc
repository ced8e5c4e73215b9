#include "server/serve_main.h"

#include "engine/duckdb_engine.h"

#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include <spdlog/spdlog.h>
#include <CLI/CLI.hpp>

#include <cstdlib>
#include <filesystem>
#include <thread>

#include "connectors/builtin_types.h"
#include "server/file_modes.h"
#include "server/rest_server.h"
#include "service/tributary.h"

namespace trib {

namespace {

struct ServeFlags {
  std::string data_dir = "data";
  std::string listen = "127.0.0.1:8470";
  std::string catalog;  // default: SQLite file in the data dir
  std::string demo_project;
  std::string log_level = "info";
  int threads = 64;
};

Status ParseListen(const std::string& listen, RestServerOptions& options) {
  const size_t colon = listen.rfind(':');
  if (colon == std::string::npos || colon == 0) {
    return Status::InvalidArgument("listen", "--listen must be HOST:PORT, e.g. 127.0.0.1:8470");
  }
  options.host = listen.substr(0, colon);
  try {
    options.port = std::stoi(listen.substr(colon + 1));
  } catch (const std::exception&) {
    options.port = -1;
  }
  if (options.port < 0 || options.port > 65535) {
    return Status::InvalidArgument("listen", "--listen has no valid port (0-65535)");
  }
  return Status::Ok();
}

// Written once, readable by its owner only; never logged.
Status WriteAdminKey(const std::filesystem::path& path, const std::string& key) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) return Status::Unavailable("cannot write " + path.string());
  ::fchmod(fd, 0600);
  const std::string line = key + "\n";
  const bool ok = ::write(fd, line.data(), line.size()) == static_cast<ssize_t>(line.size()) &&
                  ::fsync(fd) == 0;
  ::close(fd);
  return ok ? Status::Ok() : Status::Unavailable("cannot write " + path.string());
}

Result<std::unique_ptr<Tributary>> OpenService(const ServeFlags& flags) {
  namespace fs = std::filesystem;
  // The DuckDB library found at run time must be the pinned one the build used.
  TRIB_RETURN_IF_ERROR(engine::DuckDbEngine::CheckVersion());
  std::error_code ec;
  fs::create_directories(flags.data_dir, ec);
  if (ec)
    return Status::Unavailable("cannot create data dir " + flags.data_dir + ": " + ec.message());
  fs::permissions(flags.data_dir, fs::perms::owner_all, ec);

  VaultOptions vault_options;
  vault_options.key_file = (fs::path(flags.data_dir) / "master.key").string();
  if (const char* env = std::getenv("TRIB_MASTER_KEY"); env != nullptr && *env != '\0') {
    vault_options.env_key = env;
  }
  TRIB_ASSIGN_OR_RETURN(auto vault, Vault::Open(vault_options));
  const std::string location = flags.catalog.empty()
                                   ? "sqlite:" + (fs::path(flags.data_dir) / "catalog.db").string()
                                   : flags.catalog;
  CreatePrivateFileIfMissing(CatalogFilePath(location));
  TRIB_ASSIGN_OR_RETURN(auto catalog, OpenCatalog(location));
  TributaryOptions options;
  options.data_dir = fs::absolute(flags.data_dir).string();
  // The server's own AWS identity (AWS_* variables), used to assume data sources' IAM roles.
  options.environment.aws = aws::AwsEnvironmentFromProcess();
  // Its Azure settings (TRIB_AZURE_*): where IMDS and Azure AD are, for adls sources' tokens.
  options.environment.azure = azure::AzureEnvironmentFromProcess();
  // The administrator's GCP endpoints besides Google's (TRIB_GCP_TOKEN_ENDPOINT,
  // TRIB_GCS_ENDPOINT) and CA bundle (TRIB_GCP_CA_FILE).
  options.environment.gcp = gcp::GcpEnvironmentFromProcess();
  return std::make_unique<Tributary>(std::move(catalog), std::move(vault), BuiltinTypes(),
                                     std::move(options));
}

int Fail(const Status& status) {
  spdlog::critical("cannot start: {}", status.ToString());
  return 1;
}

}  // namespace

int ServeMain(int argc, char** argv) {
  ServeFlags flags;
  CLI::App app{"Run the tributary server (REST API)", "trib serve"};
  app.add_option("--data-dir", flags.data_dir,
                 "Directory for the catalog, master key and project files")
      ->capture_default_str();
  app.add_option("--listen", flags.listen, "HOST:PORT to serve on (port 0 picks a free one)")
      ->capture_default_str();
  app.add_option("--catalog", flags.catalog,
                 "Catalog location: postgresql://... for a shared PostgreSQL catalog "
                 "(default: SQLite file DATA_DIR/catalog.db)");
  app.add_option("--demo-project", flags.demo_project,
                 "Create this project (owned by admin) with its default data sources when absent");
  app.add_option("--log-level", flags.log_level, "trace, debug, info, warn, error")
      ->capture_default_str();
  app.add_option("--threads", flags.threads, "HTTP worker threads")
      ->capture_default_str()
      ->check(CLI::Range(2, 1024));
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }
  spdlog::set_level(spdlog::level::from_str(flags.log_level));

  RestServerOptions server_options;
  server_options.threads = flags.threads;
  if (Status st = ParseListen(flags.listen, server_options); !st.ok()) return Fail(st);

  auto service = OpenService(flags);
  if (!service.ok()) return Fail(service.status());
  auto admin_key = (*service)->BootstrapAdmin();
  if (!admin_key.ok()) return Fail(admin_key.status());
  if (*admin_key) {
    const auto path = std::filesystem::path(flags.data_dir) / "admin-api-key";
    if (Status st = WriteAdminKey(path, **admin_key); !st.ok()) return Fail(st);
    spdlog::info("created user 'admin'; its API key is in {} (mode 0600)", path.string());
  }
  {
    // Reported, not refused: the catalog holds key hashes and sealed secrets, the key file the
    // admin's key; both should be the server account's alone.
    const std::string catalog =
        flags.catalog.empty() ? (std::filesystem::path(flags.data_dir) / "catalog.db").string()
                              : CatalogFilePath(flags.catalog);
    const std::string key_file = (std::filesystem::path(flags.data_dir) / "admin-api-key").string();
    for (const std::string& warning : LooseFileModeWarnings({catalog, key_file})) {
      spdlog::warn("{}", warning);
    }
  }
  if (Status st = (*service)->RemoveLeftovers(); !st.ok()) return Fail(st);
  if (Status st = (*service)->UpgradeDefaultSources(); !st.ok()) return Fail(st);
  if (!flags.demo_project.empty()) {
    if (Status st = (*service)->EnsureDemoProject(flags.demo_project); !st.ok()) return Fail(st);
  }

  // File reads hold their files open while they run: take every descriptor the system allows.
  if (rlimit limit{}; ::getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur < limit.rlim_max) {
    limit.rlim_cur = limit.rlim_max;
    ::setrlimit(RLIMIT_NOFILE, &limit);
  }

  // Signals go to a dedicated thread that stops the server; worker threads never see them.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  RestServer server(**service, server_options);
  if (Status st = server.Bind(); !st.ok()) return Fail(st);
  spdlog::info("tributary {} listening on http://{}:{} (data dir {})", TRIB_VERSION,
               server_options.host, server.port(), flags.data_dir);
  std::thread stopper([&server, signals] {
    int received = 0;
    sigwait(&signals, &received);
    spdlog::info("signal {}: shutting down", received);
    server.Stop();
  });
  server.Run();
  ::kill(::getpid(), SIGTERM);  // wakes the stopper if the server ended on its own
  stopper.join();
  spdlog::info("stopped");
  return 0;
}

}  // namespace trib
