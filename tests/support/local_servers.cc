#include "tests/support/local_servers.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <thread>

#include <libpq-fe.h>

#include "absl/strings/str_cat.h"

namespace tdkt::testing {
namespace {

namespace fs = std::filesystem;

absl::StatusOr<std::string> MakeTempDir(const std::string& prefix) {
  std::string pattern = (fs::temp_directory_path() / (prefix + "XXXXXX")).string();
  if (mkdtemp(pattern.data()) == nullptr) return absl::InternalError("cannot create a temporary directory");
  fs::permissions(pattern, fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec |
                               fs::perms::others_read | fs::perms::others_exec);
  return pattern;
}

bool PostgresAccepts(const std::string& url) { return PQping(url.c_str()) == PQPING_OK; }

}  // namespace

std::string PostgresBinDir() {
  if (const char* dir = std::getenv("TDKT_PG_BINDIR")) return dir;
  for (const char* version : {"17", "16", "15"}) {
    std::string dir = absl::StrCat("/usr/lib/postgresql/", version, "/bin");
    if (fs::exists(dir + "/postgres")) return dir;
  }
  return "/usr/lib/postgresql/15/bin";
}

bool WaitForPort(int port, absl::Duration timeout) {
  const absl::Time give_up = absl::Now() + timeout;
  while (absl::Now() < give_up) {
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(port);
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    const bool connected = connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0;
    close(fd);
    if (connected) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return false;
}

PostgresServer::~PostgresServer() { Stop(); }

absl::Status PostgresServer::Start() {
  if (const char* url = std::getenv("TDKT_TEST_PG_URL")) {
    external_ = true;
    admin_url_ = url;
    if (!PostgresAccepts(admin_url_)) {
      return absl::UnavailableError(absl::StrCat("TDKT_TEST_PG_URL=", url, " does not accept connections"));
    }
    return absl::OkStatus();
  }
  absl::Status status;
  for (int attempt = 0; attempt < 3; ++attempt) {  // another process may take the free port first
    status = TryStart();
    if (status.ok()) return status;
    Stop();
  }
  return status;
}

absl::Status PostgresServer::TryStart() {
  auto run_as = UnprivilegedUser();
  if (!run_as.ok()) return run_as.status();
  auto dir = MakeTempDir("tdkt-test-pg-");
  if (!dir.ok()) return dir.status();
  dir_ = *dir;
  if (run_as->change && chown(dir_.c_str(), run_as->uid, run_as->gid) != 0) {
    return absl::InternalError(absl::StrCat("cannot give ", dir_, " to the PostgreSQL user"));
  }
  const std::string bin = PostgresBinDir();
  const std::string log = dir_ + "/server.log";
  absl::Status init = RunToCompletion({bin + "/initdb", "-D", dir_ + "/data", "-U", "tdkt", "-A", "trust",
                                       "-E", "UTF8", "--locale=C.UTF-8", "--no-sync", "--no-instructions"},
                                      log, *run_as);
  if (!init.ok()) return init;
  port_ = FreeLocalPort();
  auto process = ChildProcess::Start(
      {bin + "/postgres", "-D", dir_ + "/data", "-p", absl::StrCat(port_), "-k", dir_, "-c",
       "listen_addresses=127.0.0.1", "-c", "synchronous_commit=on", "-c", "max_connections=200", "-c",
       "shared_buffers=64MB"},
      log, *run_as);
  if (!process.ok()) return process.status();
  process_ = *std::move(process);
  admin_url_ = absl::StrCat("postgresql://tdkt@127.0.0.1:", port_, "/postgres");
  const absl::Time give_up = absl::Now() + absl::Seconds(30);
  while (!PostgresAccepts(admin_url_)) {
    if (!process_.Running() || absl::Now() > give_up) {
      return absl::UnavailableError(absl::StrCat("PostgreSQL did not start on port ", port_, "; see ", log));
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return absl::OkStatus();
}

void PostgresServer::Stop() {
  process_.Stop(SIGINT, absl::Seconds(10));  // SIGINT: PostgreSQL's fast shutdown
  if (!dir_.empty()) {
    std::error_code ignored;
    fs::remove_all(dir_, ignored);
    dir_.clear();
  }
}

absl::StatusOr<std::string> PostgresServer::CreateDatabase() {
  static std::atomic<int> counter{0};
  const std::string name = absl::StrCat("test_", getpid(), "_", counter++);
  PGconn* connection = PQconnectdb(admin_url_.c_str());
  if (PQstatus(connection) != CONNECTION_OK) {
    std::string why = PQerrorMessage(connection);
    PQfinish(connection);
    return absl::UnavailableError(absl::StrCat("cannot connect to the test PostgreSQL: ", why));
  }
  PGresult* result = PQexec(connection, absl::StrCat("CREATE DATABASE ", name).c_str());
  const bool ok = PQresultStatus(result) == PGRES_COMMAND_OK;
  std::string why = PQerrorMessage(connection);
  PQclear(result);
  PQfinish(connection);
  if (!ok) return absl::InternalError(absl::StrCat("CREATE DATABASE failed: ", why));
  std::string url = admin_url_;
  url.replace(url.rfind('/') + 1, std::string::npos, name);
  return url;
}

RedisServer::~RedisServer() { Stop(); }

std::string RedisServer::url() const {
  return external_ ? external_url_ : absl::StrCat("redis://127.0.0.1:", port_);
}

absl::Status RedisServer::Start() {
  if (const char* url = std::getenv("TDKT_TEST_REDIS_URL")) {
    external_ = true;
    external_url_ = url;
    return absl::OkStatus();
  }
  auto dir = MakeTempDir("tdkt-test-redis-");
  if (!dir.ok()) return dir.status();
  dir_ = *dir;
  absl::Status status;
  for (int attempt = 0; attempt < 3; ++attempt) {
    port_ = FreeLocalPort();
    status = Launch();
    if (status.ok()) return status;
    process_.Stop(SIGKILL, absl::Seconds(1));
  }
  return status;
}

absl::Status RedisServer::Launch() {
  auto process = ChildProcess::Start({"/usr/bin/redis-server", "--port", absl::StrCat(port_), "--bind", "127.0.0.1",
                                      "--save", "", "--appendonly", "no", "--dir", dir_, "--daemonize", "no",
                                      "--proc-title-template", "{title} {listen-addr} tdkt-test"},
                                     dir_ + "/server.log");
  if (!process.ok()) return process.status();
  process_ = *std::move(process);
  if (!WaitForPort(port_, absl::Seconds(10)) || !process_.Running()) {
    return absl::UnavailableError(absl::StrCat("Redis did not start on port ", port_, "; see ", dir_, "/server.log"));
  }
  return absl::OkStatus();
}

absl::Status RedisServer::Restart() {
  if (external_) return absl::FailedPreconditionError("cannot restart an external Redis");
  process_.Stop(SIGTERM, absl::Seconds(10));
  return Launch();
}

void RedisServer::Stop() {
  process_.Stop(SIGTERM, absl::Seconds(10));
  if (!dir_.empty()) {
    std::error_code ignored;
    fs::remove_all(dir_, ignored);
    dir_.clear();
  }
}

}  // namespace tdkt::testing
