#include "tests/support/shared_servers.h"

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"

namespace tdkt::testing {

std::string SharedServersStatePath(const std::string& dir, pid_t ctest_pid) {
  return absl::StrCat(dir, "/servers-", ctest_pid, ".state");
}

absl::Status WriteSharedServers(const std::string& path, const SharedServers& servers) {
  const std::string partial = absl::StrCat(path, ".", getpid(), ".tmp");
  {
    std::ofstream out(partial, std::ios::trunc);
    out << "postgres_url=" << servers.postgres_url << "\n"
        << "redis_url=" << servers.redis_url << "\n"
        << "supervisor=" << servers.supervisor << "\n";
    if (!out.flush()) return absl::InternalError(absl::StrCat("cannot write ", partial));
  }
  if (std::rename(partial.c_str(), path.c_str()) != 0) {
    std::remove(partial.c_str());
    return absl::InternalError(absl::StrCat("cannot rename ", partial, " to ", path));
  }
  return absl::OkStatus();
}

absl::StatusOr<SharedServers> ReadSharedServers(const std::string& path) {
  std::ifstream in(path);
  if (!in) return absl::NotFoundError(absl::StrCat("no test servers state at ", path));
  std::map<std::string, std::string> values;
  std::string line;
  while (std::getline(in, line)) {
    const size_t equals = line.find('=');
    if (equals != std::string::npos) values[line.substr(0, equals)] = line.substr(equals + 1);
  }
  SharedServers servers{values["postgres_url"], values["redis_url"], 0};
  int supervisor = 0;
  if (servers.postgres_url.empty() || servers.redis_url.empty() ||
      !absl::SimpleAtoi(values["supervisor"], &supervisor) || supervisor <= 0) {
    return absl::DataLossError(absl::StrCat("incomplete test servers state in ", path));
  }
  servers.supervisor = supervisor;
  return servers;
}

std::optional<SharedServers> SharedServersOfThisRun() {
  const char* dir = std::getenv("TDKT_TEST_SERVERS_DIR");
  if (dir == nullptr || *dir == '\0') return std::nullopt;
  absl::StatusOr<SharedServers> servers = ReadSharedServers(SharedServersStatePath(dir, getppid()));
  if (!servers.ok()) return std::nullopt;
  return *servers;
}

}  // namespace tdkt::testing
