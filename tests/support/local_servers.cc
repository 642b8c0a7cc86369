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

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
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
  if (const char* url = std::getenv("TDKT_TEST_PG_URL")) return Adopt(url);
  absl::Status status;
  for (int attempt = 0; attempt < 3; ++attempt) {  // another process may take the free port first
    status = TryStart();
    if (status.ok()) return status;
    Stop();
  }
  return status;
}

absl::Status PostgresServer::Adopt(const std::string& admin_url) {
  external_ = true;
  admin_url_ = admin_url;
  if (!PostgresAccepts(admin_url_)) {
    return absl::UnavailableError(absl::StrCat("the test PostgreSQL at ", admin_url, " does not accept connections"));
  }
  PGconn* connection = PQconnectdb(admin_url_.c_str());
  port_ = std::atoi(PQport(connection));
  PQfinish(connection);
  return absl::OkStatus();
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
  std::vector<std::string> command = {
      bin + "/postgres", "-D", dir_ + "/data", "-p", absl::StrCat(port_), "-k", dir_, "-c",
      "listen_addresses=127.0.0.1", "-c", "synchronous_commit=on", "-c", "max_connections=200", "-c",
      "shared_buffers=64MB", "-c", absl::StrCat("fsync=", options_.fsync ? "on" : "off"), "-c",
      absl::StrCat("full_page_writes=", options_.fsync ? "on" : "off")};
  for (const std::string& setting : options_.settings) command.insert(command.end(), {"-c", setting});
  auto process = ChildProcess::Start(command, log, *run_as);
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
  // SIGINT: PostgreSQL's fast shutdown, which writes a checkpoint; SIGQUIT (immediate) when nothing is kept.
  process_.Stop(options_.fsync ? SIGINT : SIGQUIT, absl::Seconds(10));
  if (!dir_.empty()) {
    std::error_code ignored;
    fs::remove_all(dir_, ignored);
    dir_.clear();
  }
}

std::string PostgresServer::DatabaseUrl(const std::string& name) const {
  // postgresql://user@host:port/<database>[?options]
  const size_t query = admin_url_.find('?');
  const size_t slash = admin_url_.rfind('/', query);
  return absl::StrCat(admin_url_.substr(0, slash + 1), name,
                      query == std::string::npos ? "" : admin_url_.substr(query));
}

absl::Status PostgresServer::Execute(const std::string& sql) {
  PGconn* connection = PQconnectdb(admin_url_.c_str());
  if (PQstatus(connection) != CONNECTION_OK) {
    std::string why = PQerrorMessage(connection);
    PQfinish(connection);
    return absl::UnavailableError(absl::StrCat("cannot connect to the test PostgreSQL: ", why));
  }
  PGresult* result = PQexec(connection, sql.c_str());
  const bool ok = PQresultStatus(result) == PGRES_COMMAND_OK || PQresultStatus(result) == PGRES_TUPLES_OK;
  std::string why = PQerrorMessage(connection);
  PQclear(result);
  PQfinish(connection);
  if (!ok) return absl::InternalError(absl::StrCat(sql, " failed: ", why));
  return absl::OkStatus();
}

absl::StatusOr<std::string> PostgresServer::CreateDatabase(const std::string& name, const std::string& template_name) {
  std::string sql = absl::StrCat("CREATE DATABASE \"", name, "\"");
  if (!template_name.empty()) absl::StrAppend(&sql, " TEMPLATE \"", template_name, "\"");
  if (absl::Status status = Execute(sql); !status.ok()) return status;
  return DatabaseUrl(name);
}

absl::StatusOr<std::string> PostgresServer::CreateDatabase() {
  static std::atomic<int> counter{0};
  return CreateDatabase(absl::StrCat("db_", getpid(), "_", counter++));
}

absl::Status PostgresServer::DropDatabase(const std::string& name) {
  return Execute(absl::StrCat("DROP DATABASE IF EXISTS \"", name, "\" WITH (FORCE)"));
}

RedisServer::~RedisServer() { Stop(); }

std::string RedisServer::url() const {
  return external_ ? external_url_ : absl::StrCat("redis://127.0.0.1:", port_);
}

absl::Status RedisServer::Start() {
  if (const char* url = std::getenv("TDKT_TEST_REDIS_URL")) return Adopt(url);
  return StartLocal();
}

absl::Status RedisServer::Adopt(const std::string& url) {
  // redis://[user:password@]host[:port][/database]
  const std::string scheme = "redis://";
  if (!absl::StartsWith(url, scheme)) {
    return absl::InvalidArgumentError(absl::StrCat("the test Redis URL must start with redis://: ", url));
  }
  std::string authority = url.substr(scheme.size());
  authority = authority.substr(0, authority.find('/'));
  if (const size_t at = authority.rfind('@'); at != std::string::npos) authority = authority.substr(at + 1);
  const size_t colon = authority.rfind(':');
  int port = 6379;
  if (colon != std::string::npos && (!absl::SimpleAtoi(authority.substr(colon + 1), &port) || port <= 0)) {
    return absl::InvalidArgumentError(absl::StrCat("bad port in the test Redis URL ", url));
  }
  host_ = authority.substr(0, colon);
  if (host_.empty()) return absl::InvalidArgumentError(absl::StrCat("no host in the test Redis URL ", url));
  port_ = port;
  external_ = true;
  external_url_ = url;
  return absl::OkStatus();
}

absl::Status RedisServer::StartLocal() {
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
                                      "--save", "", "--appendonly", options_.append_only ? "yes" : "no",
                                      "--appendfsync", options_.appendfsync, "--dir", dir_, "--daemonize", "no",
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
  if (dir_.empty()) return absl::FailedPreconditionError("cannot restart a Redis that was not started");
  process_.Stop(SIGTERM, absl::Seconds(10));
  return Launch();
}

absl::Status RedisServer::Kill() {
  if (external_) return absl::FailedPreconditionError("cannot kill an external Redis");
  if (dir_.empty()) return absl::FailedPreconditionError("cannot kill a Redis that was not started");
  process_.Stop(SIGKILL, absl::Seconds(10));  // waits for the exit
  return absl::OkStatus();
}

absl::Status RedisServer::Shutdown() {
  if (external_) return absl::FailedPreconditionError("cannot shut down an external Redis");
  if (dir_.empty()) return absl::FailedPreconditionError("cannot shut down a Redis that was not started");
  process_.Stop(SIGTERM, absl::Seconds(10));  // waits for the exit
  return absl::OkStatus();
}

absl::Status RedisServer::StartAgain() {
  if (external_) return absl::FailedPreconditionError("cannot start an external Redis");
  if (dir_.empty()) return absl::FailedPreconditionError("cannot start again a Redis that was not started");
  if (process_.Running()) return absl::FailedPreconditionError("Redis is still running");
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
