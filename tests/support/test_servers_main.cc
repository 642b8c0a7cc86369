// tdkt-test-servers start|stop <dir>: the test_servers_start and test_servers_stop fixtures of a ctest run
// (cmake/TdktTesting.cmake), so that all its integration tests share one PostgreSQL and one Redis.
//
// `start` forks a supervisor that starts the servers (local_servers.h: private temporary directories, free
// ports, the unprivileged user when root; or TDKT_TEST_PG_URL / TDKT_TEST_REDIS_URL), writes their URLs to
// <dir>/servers-<ctest pid>.state (shared_servers.h) and returns once they accept connections. The supervisor
// keeps them until `stop` sends it SIGTERM — or until ctest is gone (a run interrupted before its cleanup
// fixture), so that nothing outlives the run. The servers die with the supervisor (PR_SET_PDEATHSIG).
#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "tests/support/local_servers.h"
#include "tests/support/shared_servers.h"

namespace tdkt::testing {
namespace {

volatile sig_atomic_t g_stop_requested = 0;

void RequestStop(int) { g_stop_requested = 1; }

// Alive and not a zombie (a zombie ctest whose parent does not reap it has ended all the same).
bool ProcessAlive(pid_t pid) {
  if (kill(pid, 0) != 0 && errno != EPERM) return false;
  std::ifstream stat(absl::StrCat("/proc/", pid, "/stat"));
  std::string line;
  std::getline(stat, line);
  const size_t paren = line.rfind(')');
  return paren == std::string::npos || paren + 2 >= line.size() || line[paren + 2] != 'Z';
}

void WriteAll(int fd, const std::string& text) {
  size_t done = 0;
  while (done < text.size()) {
    const ssize_t n = write(fd, text.data() + done, text.size() - done);
    if (n <= 0) return;
    done += static_cast<size_t>(n);
  }
}

// Detaches from ctest's output pipes (ctest waits for them to close) and from every other inherited descriptor.
void DetachOutput(const std::string& log_path, int keep_fd) {
  const int null_in = open("/dev/null", O_RDONLY);
  const int log = open(log_path.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
  dup2(null_in, STDIN_FILENO);
  dup2(log, STDOUT_FILENO);
  dup2(log, STDERR_FILENO);
  for (int fd = 3; fd < 1024; ++fd) {
    if (fd != keep_fd) close(fd);
  }
}

// The supervisor: reports "ok …" or "error: …" on `ready_fd`, then holds the servers until told to stop.
int Supervise(const std::string& state_path, const std::string& log_path, pid_t ctest, int ready_fd) {
  struct sigaction stop {};
  stop.sa_handler = RequestStop;
  for (int signal : {SIGTERM, SIGINT, SIGHUP}) sigaction(signal, &stop, nullptr);

  int exit_code = 0;
  {
    PostgresServer postgres({.fsync = false});
    RedisServer redis;
    absl::Status status = postgres.Start();
    if (status.ok()) status = redis.Start();
    if (status.ok()) status = WriteSharedServers(state_path, {postgres.admin_url(), redis.url(), getpid()});
    if (!status.ok()) {
      WriteAll(ready_fd, absl::StrCat("error: ", status.message(), "\n"));
      close(ready_fd);
      return 1;
    }
    WriteAll(ready_fd, absl::StrCat("ok: PostgreSQL ", postgres.admin_url(), ", Redis ", redis.url(), "; state in ",
                                    state_path, "\n"));
    close(ready_fd);
    while (!g_stop_requested && ProcessAlive(ctest)) std::this_thread::sleep_for(std::chrono::milliseconds(200));
    if (!g_stop_requested) {
      std::fprintf(stderr, "ctest (pid %d) is gone without the cleanup fixture: stopping the servers\n", ctest);
      exit_code = 1;
    }
  }  // the servers stop here; then the state file goes, which is what `stop` waits for
  std::remove(state_path.c_str());
  std::error_code error;
  if (std::filesystem::file_size(log_path, error) == 0 && !error) std::filesystem::remove(log_path, error);
  // The supervisor is an orphan; where PID 1 does not reap orphans its zombie stays, under its last name. A
  // name without "tdkt-test" keeps tests/run's check for leftover servers (pgrep -af tdkt-test) true.
  prctl(PR_SET_NAME, "tdkt-ended");
  return exit_code;
}

int StartServers(const std::string& dir) {
  std::error_code error;
  std::filesystem::create_directories(dir, error);
  const pid_t ctest = getppid();
  const std::string state_path = SharedServersStatePath(dir, ctest);
  std::remove(state_path.c_str());  // left by an earlier run whose ctest had the same pid
  int ready[2];  // close-on-exec: the servers must not hold the write end, or `start` never sees it close
  if (pipe2(ready, O_CLOEXEC) != 0) {
    std::perror("pipe");
    return 1;
  }
  const pid_t supervisor = fork();
  if (supervisor < 0) {
    std::perror("fork");
    return 1;
  }
  if (supervisor == 0) {
    close(ready[0]);
    const std::string log_path = absl::StrCat(dir, "/servers-", ctest, ".log");  // kept only when not empty
    DetachOutput(log_path, ready[1]);
    _exit(Supervise(state_path, log_path, ctest, ready[1]));
  }
  close(ready[1]);
  std::string report;
  char buffer[512];
  for (ssize_t n; report.find('\n') == std::string::npos && (n = read(ready[0], buffer, sizeof buffer)) > 0;) {
    report.append(buffer, static_cast<size_t>(n));
  }
  close(ready[0]);
  if (report.empty()) report = "error: the supervisor ended without a word\n";
  std::fputs(report.c_str(), absl::StartsWith(report, "ok") ? stdout : stderr);
  return absl::StartsWith(report, "ok") ? 0 : 1;
}

int StopServers(const std::string& dir) {
  const std::string state_path = SharedServersStatePath(dir, getppid());
  absl::StatusOr<SharedServers> servers = ReadSharedServers(state_path);
  if (!servers.ok()) {
    std::fprintf(stderr, "%s\n", std::string(servers.status().message()).c_str());
    return servers.status().code() == absl::StatusCode::kNotFound ? 0 : 1;
  }
  if (kill(servers->supervisor, SIGTERM) != 0) {
    std::fprintf(stderr, "the test servers' supervisor (pid %d) had already ended\n", servers->supervisor);
    std::remove(state_path.c_str());
    return 1;
  }
  const absl::Time give_up = absl::Now() + absl::Seconds(60);
  while (std::filesystem::exists(state_path)) {
    if (!ProcessAlive(servers->supervisor)) {
      std::fprintf(stderr, "the test servers' supervisor (pid %d) ended without cleaning up\n", servers->supervisor);
      std::remove(state_path.c_str());
      return 1;
    }
    if (absl::Now() > give_up) {
      std::fprintf(stderr, "the test servers did not stop within 60 s: killing them\n");
      kill(servers->supervisor, SIGKILL);
      std::remove(state_path.c_str());
      return 1;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  std::printf("test servers stopped\n");
  return 0;
}

}  // namespace
}  // namespace tdkt::testing

int main(int argc, char** argv) {
  const std::string command = argc == 3 ? argv[1] : "";
  if (command == "start") return tdkt::testing::StartServers(argv[2]);
  if (command == "stop") return tdkt::testing::StopServers(argv[2]);
  std::fprintf(stderr, "usage: tdkt-test-servers start|stop <state folder>\n");
  return 2;
}
