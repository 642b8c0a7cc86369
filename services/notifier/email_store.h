#pragma once
// EmailStore: the SQL of e-mail preferences and of the messages to send (migrations/003_email.sql). Every
// function runs in the caller's transaction.
//
// A notification of a person who wants mail immediately (the default) becomes one message at once; of a person
// who wants a digest it waits in digest_item until the day's digest run gathers it into one message; of a person
// who wants none, nothing.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "tdkt/v1/notifier.pb.h"

namespace pqxx {
class transaction_base;
}

namespace tdkt::notifier {

// A message a sender has leased, with the notifications it carries (oldest first).
struct DueEmail {
  int64_t id = 0;
  std::string person_id;
  std::optional<absl::CivilDay> digest_day;
  int attempts = 0;
  std::vector<tdkt::v1::Notification> notifications;
};

class EmailStore {
 public:
  // EMAIL_DELIVERY_IMMEDIATE when never set.
  tdkt::v1::EmailDelivery Preference(pqxx::transaction_base& txn, const std::string& person_id) const;
  void SetPreference(pqxx::transaction_base& txn, const std::string& person_id, tdkt::v1::EmailDelivery delivery) const;

  // Queues what the people's preferences ask for the new notifications (id, person); returns the immediate
  // messages and digest items made.
  int QueueFor(pqxx::transaction_base& txn, const std::vector<std::pair<int64_t, std::string>>& notifications) const;

  // Gathers every waiting digest item into one message per person for `day`; returns the messages made. Runs at
  // most once per day across replicas (digest_run).
  int BuildDigests(pqxx::transaction_base& txn, absl::CivilDay day) const;

  // Takes up to `limit` due messages and moves their next attempt `lease` ahead.
  std::vector<DueEmail> LeaseDue(pqxx::transaction_base& txn, int limit, absl::Time now, absl::Duration lease) const;
  void MarkSent(pqxx::transaction_base& txn, int64_t id, absl::Time now) const;
  void MarkSkipped(pqxx::transaction_base& txn, int64_t id, const std::string& reason) const;
  void MarkRetry(pqxx::transaction_base& txn, int64_t id, int attempts, absl::Time next, const std::string& error) const;
};

}  // namespace tdkt::notifier
