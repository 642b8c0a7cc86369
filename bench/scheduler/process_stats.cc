#include "bench/scheduler/process_stats.h"

#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <iterator>
#include <sstream>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"

namespace tdkt::bench {

double ResidentMegabytes(pid_t pid) {
  std::ifstream status(absl::StrCat("/proc/", pid, "/status"));
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind("VmRSS:", 0) != 0) continue;
    double kilobytes = 0;
    if (absl::SimpleAtod(line.substr(6, line.size() - 6 - 3), &kilobytes)) return kilobytes / 1024.0;
  }
  return 0;
}

double CpuSeconds(pid_t pid) {
  std::ifstream in(absl::StrCat("/proc/", pid, "/stat"));
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const size_t close = text.rfind(')');
  if (close == std::string::npos) return 0;
  std::istringstream fields(text.substr(close + 2));
  std::string skip;
  for (int i = 3; i < 14; ++i) fields >> skip;  // fields 14 and 15: utime, stime
  double user = 0, system = 0;
  fields >> user >> system;
  return (user + system) / static_cast<double>(sysconf(_SC_CLK_TCK));
}

std::string LoadAverage() {
  std::ifstream in("/proc/loadavg");
  std::string one, five, fifteen;
  in >> one >> five >> fifteen;
  return absl::StrCat(one, " ", five, " ", fifteen);
}

PeakRss::PeakRss(std::vector<pid_t> pids) : pids_(std::move(pids)) {
  thread_ = std::thread([this] {
    while (!stop_) {
      for (const pid_t pid : pids_) {
        const double mb = ResidentMegabytes(pid);
        std::lock_guard lock(mutex_);
        max_mb_ = std::max(max_mb_, mb);
      }
      absl::SleepFor(absl::Milliseconds(100));
    }
  });
}

PeakRss::~PeakRss() {
  stop_ = true;
  thread_.join();
}

double PeakRss::MaxMegabytes() const {
  std::lock_guard lock(mutex_);
  return max_mb_;
}

}  // namespace tdkt::bench
