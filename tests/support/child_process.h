#pragma once
// ChildProcess: a server or tool started by a test, run as an unprivileged user when the test runs as root
// (PostgreSQL refuses root), killed when the test process dies (PR_SET_PDEATHSIG), so that nothing started
// by a test outlives it.
#include <sys/types.h>

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"

namespace tdkt::testing {

struct RunAs {
  uid_t uid = 0;
  gid_t gid = 0;
  bool change = false;  // false: keep the current user
};

// The user to run PostgreSQL as: the current one, or TDKT_TEST_PG_USER / "postgres" when running as root.
absl::StatusOr<RunAs> UnprivilegedUser();

class ChildProcess {
 public:
  ChildProcess() = default;
  ChildProcess(ChildProcess&& other) noexcept;
  ChildProcess& operator=(ChildProcess&& other) noexcept;
  ~ChildProcess();

  // Starts argv[0] (an absolute path) with stdout and stderr appended to `log_path`.
  static absl::StatusOr<ChildProcess> Start(const std::vector<std::string>& argv, const std::string& log_path,
                                            RunAs run_as = {});

  // Sends `signal` and waits up to `grace` for the exit, then SIGKILL. Returns the wait status.
  int Stop(int signal, absl::Duration grace);
  bool Running();
  // Waits for the exit and returns the wait status.
  int Wait();
  pid_t pid() const { return pid_; }

 private:
  pid_t pid_ = -1;
};

// Runs a command to completion; INTERNAL with the log's tail when it exits non-zero.
absl::Status RunToCompletion(const std::vector<std::string>& argv, const std::string& log_path, RunAs run_as = {});

// A TCP port on 127.0.0.1 that was free a moment ago.
int FreeLocalPort();

}  // namespace tdkt::testing
