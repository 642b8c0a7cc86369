#pragma once
// PostgreSQL and Redis servers for tests: each in a fresh temporary directory, on a free port, run as an
// unprivileged user, stopped and removed when the object is destroyed (and killed with the process that started
// them if it dies). An object can instead adopt a server that runs elsewhere (Adopt): the servers one ctest run
// shares (shared_servers.h), or those named by TDKT_TEST_PG_URL / TDKT_TEST_REDIS_URL; nothing is started or
// stopped then.
//
//   PostgresServer pg;
//   ASSERT_TRUE(pg.Start().ok());
//   std::string url = *pg.CreateDatabase();  // a fresh, empty database
#include <memory>
#include <string>
#include <vector>
#include <utility>

#include "absl/status/statusor.h"
#include "tests/support/child_process.h"

namespace tdkt::testing {

struct PostgresOptions {
  // true: durable commits, as deploy/local/pg (benchmarks). false: PostgreSQL never waits for the disk — for
  // tests, whose data is thrown away; CREATE and DROP DATABASE take milliseconds instead of a second.
  bool fsync = true;
  // More "name=value" settings, after (and so over) the ones above, e.g. a benchmark's shared_buffers.
  std::vector<std::string> settings = {};
};

// The directory layout and settings shared with deploy/local/pg (same flags, same user rule).
class PostgresServer {
 public:
  explicit PostgresServer(PostgresOptions options = {}) : options_(options) {}
  ~PostgresServer();

  absl::Status Start();  // adopts TDKT_TEST_PG_URL when set; else initdb + postgres
  // Uses the server whose maintenance database is at `admin_url`; UNAVAILABLE when it does not answer.
  absl::Status Adopt(const std::string& admin_url);
  void Stop();

  // postgresql://tdkt@127.0.0.1:<port>/postgres — the maintenance database.
  std::string admin_url() const { return admin_url_; }
  // The URL of database `name` on this server.
  std::string DatabaseUrl(const std::string& name) const;
  // Creates database `name` (a copy of `template_name` when given); returns its URL.
  absl::StatusOr<std::string> CreateDatabase(const std::string& name, const std::string& template_name = "");
  // A new database with a unique name ("db_<pid>_<n>"); returns its URL.
  absl::StatusOr<std::string> CreateDatabase();
  // Drops database `name`, ending any session still connected to it.
  absl::Status DropDatabase(const std::string& name);
  // Runs one statement on the maintenance database.
  absl::Status Execute(const std::string& sql);
  int port() const { return port_; }
  bool external() const { return external_; }  // adopted, not started here

 private:
  absl::Status TryStart();

  PostgresOptions options_;
  std::string dir_;
  std::string admin_url_;
  int port_ = 0;
  bool external_ = false;
  ChildProcess process_;
};

struct RedisServerOptions {
  // false: no persistence at all (the tests' default: a restart wipes every key). true: an append-only file
  // (AOF) in the server's directory, fsynced as `appendfsync` says ("everysec": what production runs), so that
  // a restart, or a kill and a start, finds what the file holds.
  bool append_only = false;
  std::string appendfsync = "everysec";
};

class RedisServer {
 public:
  explicit RedisServer(RedisServerOptions options = {}) : options_(std::move(options)) {}
  ~RedisServer();

  absl::Status Start();       // adopts TDKT_TEST_REDIS_URL when set; else StartLocal()
  absl::Status StartLocal();  // a server of its own on a free port, whatever the environment says
  // Uses the server at `url` (redis://host:port); INVALID_ARGUMENT when the URL has no usable host and port.
  absl::Status Adopt(const std::string& url);
  void Stop();
  // Stops and starts again on the same port and directory (for reconnect tests). Not available for an adopted
  // server.
  absl::Status Restart();
  // Kills the server with SIGKILL (no shutdown, no final fsync) and waits for it to be gone; StartAgain()
  // starts it again. Not available for an adopted server.
  absl::Status Kill();
  // Stops the server as an operator does (SIGTERM: Redis writes out its append-only file and exits) and waits
  // for it to be gone, keeping its directory; StartAgain() starts it again. Not available for an adopted server.
  absl::Status Shutdown();
  // Starts a killed or shut-down server again on the same port and directory.
  absl::Status StartAgain();

  std::string url() const;
  std::string host() const { return host_; }
  int port() const { return port_; }
  bool external() const { return external_; }  // adopted, not started here
  // The server's working directory (its AOF files are in appendonlydir/); empty for an adopted server.
  const std::string& dir() const { return dir_; }

 private:
  absl::Status Launch();

  RedisServerOptions options_;
  std::string dir_;
  std::string external_url_;
  std::string host_ = "127.0.0.1";
  int port_ = 0;
  bool external_ = false;
  ChildProcess process_;
};

// Where PostgreSQL's server binaries are: TDKT_PG_BINDIR, else /usr/lib/postgresql/<newest>/bin.
std::string PostgresBinDir();

// Waits until something accepts TCP connections on 127.0.0.1:port.
bool WaitForPort(int port, absl::Duration timeout);

}  // namespace tdkt::testing
