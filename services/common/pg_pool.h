#pragma once
// PgPool: a small, fixed set of PostgreSQL connections shared by a service's handler threads.
// Keep it small (2–4 on a 2-core machine); more concurrent transactions commit fewer per second.
//
//   TDKT_ASSIGN_OR_RETURN(auto pool, PgPool::Connect(url, /*size=*/4));
//   absl::Status status = pool->InTransaction([&](pqxx::work& txn) -> absl::Status {
//     txn.exec_params("UPDATE …", id);
//     return absl::OkStatus();
//   });
//
// Every libpqxx exception is turned into an absl::Status by PgErrorToStatus (pg_errors.h); a broken
// connection is dropped and reopened on the next Acquire.
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include <pqxx/connection>
#include <pqxx/transaction>

#include "absl/status/statusor.h"
#include "absl/time/time.h"

namespace tdkt::common {

class PgPool {
 public:
  // Opens `size` connections now, so that a wrong URL or a database that is down is reported at start
  // (UNAVAILABLE, with the URL's password hidden).
  static absl::StatusOr<std::unique_ptr<PgPool>> Connect(const std::string& url, int size,
                                                        absl::Duration acquire_timeout = absl::Seconds(5));

  // A connection on loan; it goes back to the pool when the lease is destroyed.
  class Lease {
   public:
    Lease(PgPool* pool, std::unique_ptr<pqxx::connection> connection);
    Lease(Lease&&) noexcept = default;
    Lease& operator=(Lease&&) noexcept = default;
    ~Lease();
    pqxx::connection& operator*() const { return *connection_; }
    pqxx::connection* operator->() const { return connection_.get(); }

   private:
    PgPool* pool_;
    std::unique_ptr<pqxx::connection> connection_;
  };

  // Waits up to the acquire timeout for a free connection (UNAVAILABLE after it).
  absl::StatusOr<Lease> Acquire();

  // Runs `body` in one transaction: commits when it returns OK, rolls back otherwise or on an exception
  // (mapped by PgErrorToStatus).
  absl::Status InTransaction(const std::function<absl::Status(pqxx::work&)>& body);

  const std::string& redacted_url() const { return redacted_url_; }

 private:
  PgPool(std::string url, int size, absl::Duration acquire_timeout);
  absl::StatusOr<std::unique_ptr<pqxx::connection>> Open() const;
  void Return(std::unique_ptr<pqxx::connection> connection);

  const std::string url_;
  const std::string redacted_url_;
  const int size_;
  const absl::Duration acquire_timeout_;
  std::mutex mutex_;
  std::condition_variable available_;
  std::vector<std::unique_ptr<pqxx::connection>> idle_;
  int open_or_lent_ = 0;  // connections that exist (idle or lent); below size_ a new one may be opened
};

// The URL with any password replaced by "***", for messages and logs.
std::string RedactPostgresUrl(const std::string& url);

}  // namespace tdkt::common
