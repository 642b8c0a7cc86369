#pragma once
// Private PostgreSQL and Redis servers for tests: each in a fresh temporary directory, on a free port, run
// as an unprivileged user, stopped and removed when the object is destroyed (and killed with the test
// process if it dies). Setting TDKT_TEST_PG_URL / TDKT_TEST_REDIS_URL makes the tests use those servers
// instead (nothing is started then).
//
//   PostgresServer pg;
//   ASSERT_TRUE(pg.Start().ok());
//   std::string url = *pg.CreateDatabase();  // a fresh, empty database for one test
#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "tests/support/child_process.h"

namespace tdkt::testing {

// The directory layout and settings shared with deploy/local/pg (same flags, same user rule).
class PostgresServer {
 public:
  PostgresServer() = default;
  ~PostgresServer();

  absl::Status Start();  // initdb + postgres; or adopt TDKT_TEST_PG_URL
  void Stop();

  // postgresql://tdkt@127.0.0.1:<port>/postgres — the maintenance database.
  std::string admin_url() const { return admin_url_; }
  // A new database with a unique name; returns its URL.
  absl::StatusOr<std::string> CreateDatabase();
  int port() const { return port_; }
  bool external() const { return external_; }

 private:
  absl::Status TryStart();

  std::string dir_;
  std::string admin_url_;
  int port_ = 0;
  bool external_ = false;
  ChildProcess process_;
};

class RedisServer {
 public:
  RedisServer() = default;
  ~RedisServer();

  absl::Status Start();  // on a free port, or adopt TDKT_TEST_REDIS_URL
  void Stop();
  // Stops and starts again on the same port (for reconnect tests). Not available for an external server.
  absl::Status Restart();

  std::string url() const;
  std::string host() const { return "127.0.0.1"; }
  int port() const { return port_; }
  bool external() const { return external_; }

 private:
  absl::Status Launch();

  std::string dir_;
  std::string external_url_;
  int port_ = 0;
  bool external_ = false;
  ChildProcess process_;
};

// Where PostgreSQL's server binaries are: TDKT_PG_BINDIR, else /usr/lib/postgresql/<newest>/bin.
std::string PostgresBinDir();

// Waits until something accepts TCP connections on 127.0.0.1:port.
bool WaitForPort(int port, absl::Duration timeout);

}  // namespace tdkt::testing
