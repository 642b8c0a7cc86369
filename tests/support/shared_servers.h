#pragma once
// The PostgreSQL and Redis that all the tests of one ctest run share. The test_servers_start fixture
// (tdkt-test-servers, test_servers_main.cc) starts them and writes their URLs to a state file named after the
// ctest process, in the folder TDKT_TEST_SERVERS_DIR names (set by ctest on every integration test, see
// cmake/TdktTesting.cmake); a test process finds the file through its parent, ctest. A test binary run by hand
// has no such file and starts servers of its own.
//
//   std::optional<SharedServers> shared = SharedServersOfThisRun();
//   if (shared) postgres.Adopt(shared->postgres_url);
#include <sys/types.h>

#include <optional>
#include <string>

#include "absl/status/statusor.h"

namespace tdkt::testing {

struct SharedServers {
  std::string postgres_url;  // the maintenance database
  std::string redis_url;
  pid_t supervisor = 0;  // the process that owns the servers and stops them on SIGTERM
};

// <dir>/servers-<ctest pid>.state
std::string SharedServersStatePath(const std::string& dir, pid_t ctest_pid);

// Writes the state file whole (a reader never sees half of it).
absl::Status WriteSharedServers(const std::string& path, const SharedServers& servers);
// NOT_FOUND when there is no state file.
absl::StatusOr<SharedServers> ReadSharedServers(const std::string& path);

// The servers of the ctest run this process belongs to; nullopt outside ctest (or without the fixture).
std::optional<SharedServers> SharedServersOfThisRun();

}  // namespace tdkt::testing
