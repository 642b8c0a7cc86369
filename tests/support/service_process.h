#pragma once
// StartServiceOnAnyPort: a tdkt service binary (tdkt-directory, tdkt-dossier) started by a test with
// --listen 127.0.0.1:0, so the kernel picks the port and no other process can take it first (a port from
// FreeLocalPort() can be gone by the time the binary binds it). The port is read from the log line every
// service writes when its gRPC server is up (services/common/grpc_server.cc: "gRPC listening on port N"),
// and the start is complete at its "<service> ready on …" line.
//
//   auto directory = StartServiceOnAnyPort({TDKT_DIRECTORY_BINARY, "--pg-url", url}, log_path);
//   ASSERT_TRUE(directory.ok()) << directory.status();
//   Connect(absl::StrCat("127.0.0.1:", directory->port));
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "tests/support/child_process.h"

namespace tdkt::testing {

struct ServiceProcess {
  ChildProcess process;
  int port = 0;
};

// Starts `argv` (argv[0] an absolute path; no --listen) with output appended to `log_path` and waits up to
// `timeout` for it to be ready. UNAVAILABLE, with the log's new lines, when it exits or is not ready in time
// (the process is stopped then).
absl::StatusOr<ServiceProcess> StartServiceOnAnyPort(std::vector<std::string> argv, const std::string& log_path,
                                                     absl::Duration timeout = absl::Seconds(60));

}  // namespace tdkt::testing
