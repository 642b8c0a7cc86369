#pragma once
// PasswordChecks: argon2id password verification (crypto_pwhash_str_verify) with at most `slots` running at
// once; the others wait their turn. A verification takes ~150 ms of a core and 64 MiB (bench/RESULTS.md):
// running more at once than there are cores only adds memory under a login storm (16 gRPC threads × 64 MiB),
// not throughput. One per DirectoryServer, shared by Login and ChangePassword. Thread-safe.
//
//   PasswordChecks checks(0);                 // one slot per core
//   if (!checks.Verify(record.password_hash, password)) …
#include <condition_variable>
#include <mutex>
#include <string>

namespace tdkt::directory {

class PasswordChecks {
 public:
  // slots <= 0: one per core (std::thread::hardware_concurrency, at least 1).
  explicit PasswordChecks(int slots);
  PasswordChecks(const PasswordChecks&) = delete;
  PasswordChecks& operator=(const PasswordChecks&) = delete;

  // True when `password` matches the argon2id `hash`; waits for a free slot first.
  bool Verify(const std::string& hash, const std::string& password);

  int slots() const { return slots_; }
  // The most verifications that ever ran at the same time (measured inside the slot): tests and benchmarks
  // check the bound with it.
  int peak() const;

 private:
  const int slots_;
  mutable std::mutex mutex_;
  std::condition_variable freed_;
  int running_ = 0;
  int peak_ = 0;
};

}  // namespace tdkt::directory
