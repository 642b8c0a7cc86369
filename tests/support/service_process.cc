#include "tests/support/service_process.h"

#include <signal.h>

#include <fstream>
#include <sstream>
#include <thread>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"

namespace tdkt::testing {
namespace {

// What the file holds after its first `offset` bytes (what the process wrote; the file may have older lines).
std::string ReadFrom(const std::string& path, std::streamoff offset) {
  std::ifstream in(path, std::ios::binary);
  in.seekg(offset);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

std::streamoff FileSize(const std::string& path) {
  std::ifstream in(path, std::ios::binary | std::ios::ate);
  return in ? static_cast<std::streamoff>(in.tellg()) : 0;
}

// The N of "listening on port N", 0 while there is none.
int ListeningPort(const std::string& log) {
  const std::string marker = "listening on port ";
  const size_t at = log.find(marker);
  if (at == std::string::npos) return 0;
  const size_t begin = at + marker.size();
  size_t end = begin;
  while (end < log.size() && absl::ascii_isdigit(static_cast<unsigned char>(log[end]))) ++end;
  int port = 0;
  return absl::SimpleAtoi(log.substr(begin, end - begin), &port) ? port : 0;
}

}  // namespace

absl::StatusOr<ServiceProcess> StartServiceOnAnyPort(std::vector<std::string> argv, const std::string& log_path,
                                                     absl::Duration timeout) {
  argv.insert(argv.end(), {"--listen", "127.0.0.1:0"});
  const std::streamoff offset = FileSize(log_path);
  absl::StatusOr<ChildProcess> started = ChildProcess::Start(argv, log_path);
  if (!started.ok()) return started.status();
  ServiceProcess service{*std::move(started), 0};
  const absl::Time give_up = absl::Now() + timeout;
  while (true) {
    const std::string log = ReadFrom(log_path, offset);
    service.port = ListeningPort(log);
    if (service.port > 0 && log.find(" ready on ") != std::string::npos) return service;
    const bool running = service.process.Running();
    if (!running || absl::Now() > give_up) {
      if (running) service.process.Stop(SIGTERM, absl::Seconds(10));
      return absl::UnavailableError(absl::StrCat(argv[0], running ? " was not ready in time" : " exited",
                                                 "; its log:\n", ReadFrom(log_path, offset)));
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
}

}  // namespace tdkt::testing
