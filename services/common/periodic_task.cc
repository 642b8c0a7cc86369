#include "services/common/periodic_task.h"

#include <spdlog/spdlog.h>

namespace tdkt::common {

PeriodicTask::PeriodicTask(std::string name, absl::Duration period, std::function<absl::Status()> run)
    : name_(std::move(name)), period_(period), run_(std::move(run)) {}

PeriodicTask::~PeriodicTask() { Stop(); }

void PeriodicTask::Start() {
  std::lock_guard<std::mutex> lock(mutex_);
  if (thread_.joinable()) return;
  stopping_ = false;
  thread_ = std::thread([this] { Loop(); });
}

void PeriodicTask::Stop() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void PeriodicTask::Loop() {
  std::unique_lock<std::mutex> lock(mutex_);
  while (!wake_.wait_for(lock, absl::ToChronoMilliseconds(period_), [this] { return stopping_; })) {
    lock.unlock();
    if (absl::Status status = run_(); !status.ok()) {
      spdlog::warn("{}: {}", name_, std::string(status.message()));
    }
    lock.lock();
  }
}

}  // namespace tdkt::common
