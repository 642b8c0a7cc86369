#pragma once
// NotificationStore: the SQL of notifier.notification — writing the notifications an event makes (inside the
// event's transaction) and reading and marking a person's own.
//
// Order: Insert takes a transaction-level advisory lock before it draws ids and holds it until the caller's
// transaction ends, so notifications commit in id order. A reader that has seen id n therefore finds every
// later notification with "id > n" (WatchNotifications' replay and resume rely on it).
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "services/common/paging.h"
#include "tdkt/v1/notifier.pb.h"

namespace pqxx {
class transaction_base;
}

namespace tdkt::notifier {

struct NewNotification {
  std::string person_id;
  std::string event_id;
  tdkt::v1::EventType event_type = tdkt::v1::EVENT_TYPE_UNSPECIFIED;
  tdkt::v1::NotificationSeverity severity = tdkt::v1::NOTIFICATION_SEVERITY_INFO;
  std::string dossier_id;
  std::string title_vi;
  std::string body_vi;
  std::string link;
};

struct InsertedNotification {
  int64_t id = 0;
  std::string person_id;
};

struct NotificationPage {
  std::vector<tdkt::v1::Notification> notifications;
  std::optional<common::PageCursor> next;  // where the next page starts; nullopt on the last page
};

class NotificationStore {
 public:
  // Inserts in the given order; returns the new rows (a person already told about the event is skipped).
  std::vector<InsertedNotification> Insert(pqxx::transaction_base& txn,
                                           const std::vector<NewNotification>& notifications) const;

  // Unread first, then read; newest first within each (page.after from a previous page's `next`).
  NotificationPage List(pqxx::transaction_base& txn, const std::string& person_id, bool unread_only,
                        const common::Page& page) const;
  int UnreadCount(pqxx::transaction_base& txn, const std::string& person_id) const;

  // Oldest first: every notification with id > after_id, at most `limit`.
  std::vector<tdkt::v1::Notification> After(pqxx::transaction_base& txn, const std::string& person_id, int64_t after_id,
                                            int limit) const;
  // Oldest first: the unread ones with after_id < id ≤ up_to_id, at most `limit`.
  std::vector<tdkt::v1::Notification> UnreadBetween(pqxx::transaction_base& txn, const std::string& person_id,
                                                    int64_t after_id, int64_t up_to_id, int limit) const;
  // The person's greatest notification id, 0 when none.
  int64_t LatestId(pqxx::transaction_base& txn, const std::string& person_id) const;

  // Marks read the person's unread notifications among `ids` (empty + all: every one up to `up_to_id`, or every
  // one when up_to_id is 0). Returns how many changed.
  int MarkRead(pqxx::transaction_base& txn, const std::string& person_id, const std::vector<int64_t>& ids, bool all,
               int64_t up_to_id, absl::Time now) const;
};

}  // namespace tdkt::notifier
