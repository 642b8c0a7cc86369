#pragma once
// What /proc says about a process (resident memory, CPU time) and the machine (load average), and PeakRss, which
// samples a few processes' resident memory on a thread of its own while a run goes on.
#include <sys/types.h>

#include <atomic>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace tdkt::bench {

// VmRSS of `pid` in MB (0 when it is gone).
double ResidentMegabytes(pid_t pid);
// User + system CPU seconds `pid` has used.
double CpuSeconds(pid_t pid);
// "1.23 0.98 0.77"
std::string LoadAverage();

class PeakRss {
 public:
  // Samples every 100 ms until destroyed.
  explicit PeakRss(std::vector<pid_t> pids);
  ~PeakRss();
  PeakRss(const PeakRss&) = delete;
  PeakRss& operator=(const PeakRss&) = delete;
  // The largest resident size any of the processes had, in MB.
  double MaxMegabytes() const;

 private:
  const std::vector<pid_t> pids_;
  mutable std::mutex mutex_;
  double max_mb_ = 0;
  std::atomic<bool> stop_{false};
  std::thread thread_;
};

}  // namespace tdkt::bench
