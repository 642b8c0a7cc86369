#pragma once
// The directory's transactions: one Tx type that every store method takes, one InTransaction that opens it,
// and the one mapping of constraint violations to statuses. A service call (idempotency claim, authorisation
// reads, the change, the stored response) runs in one Tx and commits as one.
//
//   DirectoryStores stores(pool.get(), &cipher);
//   absl::Status status = stores.db.InTransaction([&](Tx& tx) -> absl::Status {
//     TDKT_ASSIGN_OR_RETURN(Organization org, stores.organisations.Find(tx, OrgKey::ByCode("PT"), "2024-05-01"));
//     …
//   });
//
// libpqxx exceptions never leave InTransaction: constraint violations become INVALID_ARGUMENT /
// ALREADY_EXISTS with messages that never echo row values (they may be personal data), the rest goes through
// PgErrorToStatus.
#include <functional>
#include <optional>
#include <vector>

#include "absl/status/status.h"
#include "services/common/paging.h"

namespace pqxx {
class transaction_base;
}

namespace tdkt::common {
class PgPool;
}

namespace tdkt::directory {

// A transaction on schema `directory` in progress. Stores run their SQL on work(); the service hands it to
// common::Idempotency.
class Tx {
 public:
  explicit Tx(pqxx::transaction_base& work) : work_(work) {}
  pqxx::transaction_base& work() const { return work_; }

 private:
  pqxx::transaction_base& work_;
};

class DirectoryDb {
 public:
  explicit DirectoryDb(common::PgPool* pool) : pool_(pool) {}

  // Runs `body` in one transaction: commits when it returns OK, rolls back otherwise.
  absl::Status InTransaction(const std::function<absl::Status(Tx&)>& body) const;

  // Runs `body` inside a savepoint: on an error (status or constraint violation) only its changes are undone
  // and the transaction stays usable; with `discard` they are undone even on success (dry runs, peeks).
  absl::Status Savepoint(Tx& tx, const std::function<absl::Status()>& body, bool discard = false) const;

 private:
  common::PgPool* pool_;
};

// One keyset page of a list (services/common/paging.h): up to page.size items and, when more follow, the
// cursor of the last one (where the next page starts).
template <typename T>
struct Listed {
  std::vector<T> items;
  std::optional<common::PageCursor> next;
};

}  // namespace tdkt::directory
