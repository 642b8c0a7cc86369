#include "services/common/pg_pool.h"


#include <pqxx/except>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "services/common/pg_errors.h"

namespace tdkt::common {
namespace {

// libpq waits for the OS TCP timeout by default; a service should report an unreachable database fast.
std::string WithConnectTimeout(const std::string& url) {
  if (absl::StrContains(url, "connect_timeout=")) return url;
  return absl::StrCat(url, absl::StrContains(url, "?") ? "&" : "?", "connect_timeout=5");
}

}  // namespace

std::string RedactPostgresUrl(const std::string& url) {
  // postgresql://user:password@host/db → postgresql://user:***@host/db
  const auto scheme_end = url.find("://");
  if (scheme_end == std::string::npos) return url;
  const auto authority_start = scheme_end + 3;
  const auto at = url.find('@', authority_start);
  if (at == std::string::npos) return url;
  const auto colon = url.find(':', authority_start);
  if (colon == std::string::npos || colon > at || url.find('/', authority_start) < at) return url;
  return url.substr(0, colon + 1) + "***" + url.substr(at);
}

PgPool::Lease::Lease(PgPool* pool, std::unique_ptr<pqxx::connection> connection)
    : pool_(pool), connection_(std::move(connection)) {}

PgPool::Lease::~Lease() {
  if (pool_ != nullptr && connection_ != nullptr) pool_->Return(std::move(connection_));
}

PgPool::PgPool(std::string url, int size, absl::Duration acquire_timeout)
    : url_(WithConnectTimeout(url)),
      redacted_url_(RedactPostgresUrl(url)),
      size_(size),
      acquire_timeout_(acquire_timeout) {}

absl::StatusOr<std::unique_ptr<PgPool>> PgPool::Connect(const std::string& url, int size,
                                                       absl::Duration acquire_timeout) {
  if (size <= 0) return absl::InvalidArgumentError("PostgreSQL pool size must be positive");
  std::unique_ptr<PgPool> pool(new PgPool(url, size, acquire_timeout));
  for (int i = 0; i < size; ++i) {
    auto connection = pool->Open();
    if (!connection.ok()) return connection.status();
    pool->idle_.push_back(*std::move(connection));
    ++pool->open_or_lent_;
  }
  return pool;
}

absl::StatusOr<std::unique_ptr<pqxx::connection>> PgPool::Open() const {
  try {
    return std::make_unique<pqxx::connection>(url_);
  } catch (const std::exception& error) {
    return PgErrorToStatus(error, absl::StrCat("cannot connect to ", redacted_url_,
                                               " (check --pg-url / TDKT_PG_URL)"));
  }
}

absl::StatusOr<PgPool::Lease> PgPool::Acquire() {
  std::unique_lock lock(mutex_);
  const bool ready = available_.wait_for(lock, absl::ToChronoMilliseconds(acquire_timeout_), [&] {
    return !idle_.empty() || open_or_lent_ < size_;
  });
  if (!ready) return absl::UnavailableError("all PostgreSQL connections are busy; try again");
  if (!idle_.empty()) {
    auto connection = std::move(idle_.back());
    idle_.pop_back();
    return Lease(this, std::move(connection));
  }
  ++open_or_lent_;  // reserve the slot, then open outside the lock
  lock.unlock();
  auto connection = Open();
  if (!connection.ok()) {
    std::lock_guard relock(mutex_);
    --open_or_lent_;
    available_.notify_one();
    return connection.status();
  }
  return Lease(this, *std::move(connection));
}

void PgPool::Return(std::unique_ptr<pqxx::connection> connection) {
  std::lock_guard lock(mutex_);
  if (connection->is_open()) {
    idle_.push_back(std::move(connection));
  } else {
    --open_or_lent_;  // a broken connection is dropped; the next Acquire opens a fresh one
  }
  available_.notify_one();
}

absl::Status PgPool::InTransaction(const std::function<absl::Status(pqxx::work&)>& body) {
  auto lease = Acquire();
  if (!lease.ok()) return lease.status();
  try {
    pqxx::work txn(**lease);
    absl::Status status = body(txn);
    if (!status.ok()) return status;  // pqxx::work rolls back in its destructor
    txn.commit();
    return absl::OkStatus();
  } catch (const std::exception& error) {
    return PgErrorToStatus(error, "transaction");
  }
}

}  // namespace tdkt::common
