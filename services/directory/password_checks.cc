// PasswordChecks (password_checks.h).
#include "services/directory/password_checks.h"

#include <sodium.h>

#include <algorithm>
#include <thread>

namespace tdkt::directory {

PasswordChecks::PasswordChecks(int slots)
    : slots_(slots > 0 ? slots : std::max(1, static_cast<int>(std::thread::hardware_concurrency()))) {}

bool PasswordChecks::Verify(const std::string& hash, const std::string& password) {
  {
    std::unique_lock lock(mutex_);
    freed_.wait(lock, [&] { return running_ < slots_; });
    ++running_;
    peak_ = std::max(peak_, running_);
  }
  const bool ok = crypto_pwhash_str_verify(hash.c_str(), password.data(), password.size()) == 0;
  {
    std::lock_guard lock(mutex_);
    --running_;
  }
  freed_.notify_one();
  return ok;
}

int PasswordChecks::peak() const {
  std::lock_guard lock(mutex_);
  return peak_;
}

}  // namespace tdkt::directory
