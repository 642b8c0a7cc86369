#pragma once
// PeriodicTask: runs a function on its own thread every `period` until stopped — key rotation checks, purges,
// digests. Start/Stop like the outbox relay; Stop wakes the thread at once and joins it. A run that fails logs
// its status (as a warning, prefixed by the task's name) and the task goes on.
//
//   PeriodicTask refresh("directory: signing keys", absl::Minutes(1), [&] { return keys.Refresh(); });
//   refresh.Start();
//   …
//   refresh.Stop();  // also done by the destructor
#include <condition_variable>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

#include "absl/status/status.h"
#include "absl/time/time.h"

namespace tdkt::common {

class PeriodicTask {
 public:
  PeriodicTask(std::string name, absl::Duration period, std::function<absl::Status()> run);
  ~PeriodicTask();
  PeriodicTask(const PeriodicTask&) = delete;
  PeriodicTask& operator=(const PeriodicTask&) = delete;

  // The first run is one period after Start.
  void Start();
  void Stop();

 private:
  void Loop();

  const std::string name_;
  const absl::Duration period_;
  const std::function<absl::Status()> run_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace tdkt::common
