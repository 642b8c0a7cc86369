#include "services/notifier/notification_store.h"

#include <pqxx/pqxx>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "services/common/proto_time.h"
#include "services/common/pg_arrays.h"

namespace tdkt::notifier {
namespace {

// Any fixed number: the lock that makes notification ids commit in order ("tdktntf1").
constexpr int64_t kNotificationOrderLock = 0x7464'6b74'6e74'6631;

constexpr char kColumns[] =
    "id, person_id, event_id, event_type, severity, dossier_id, title_vi, body_vi, link, "
    "(extract(epoch FROM created_at) * 1000000)::bigint, (extract(epoch FROM read_at) * 1000000)::bigint";

tdkt::v1::Notification FromRow(const pqxx::row& row) {
  tdkt::v1::Notification n;
  n.set_id(row[0].c_str());
  n.set_person_id(row[1].c_str());
  n.set_event_id(row[2].c_str());
  n.set_event_type(static_cast<tdkt::v1::EventType>(row[3].as<int>()));
  n.set_severity(static_cast<tdkt::v1::NotificationSeverity>(row[4].as<int>()));
  n.set_dossier_id(row[5].c_str());
  n.set_title_vi(row[6].c_str());
  n.set_body_vi(row[7].c_str());
  n.set_link(row[8].c_str());
  *n.mutable_created_at() = common::ProtoTimeFromMicros(row[9].as<int64_t>());
  if (!row[10].is_null()) *n.mutable_read_at() = common::ProtoTimeFromMicros(row[10].as<int64_t>());
  return n;
}

std::vector<tdkt::v1::Notification> Rows(const pqxx::result& result) {
  std::vector<tdkt::v1::Notification> out;
  out.reserve(result.size());
  for (const auto& row : result) out.push_back(FromRow(row));
  return out;
}

}  // namespace

std::vector<InsertedNotification> NotificationStore::Insert(pqxx::transaction_base& txn,
                                                           const std::vector<NewNotification>& notifications) const {
  std::vector<InsertedNotification> ids;
  if (notifications.empty()) return ids;
  txn.exec_params("SELECT pg_advisory_xact_lock($1)", kNotificationOrderLock);
  for (const NewNotification& n : notifications) {
    const pqxx::result r = txn.exec_params(
        "INSERT INTO notifier.notification (person_id, event_id, event_type, severity, dossier_id, title_vi, "
        "body_vi, link) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (event_id, person_id) DO NOTHING "
        "RETURNING id",
        n.person_id, n.event_id, static_cast<int>(n.event_type), static_cast<int>(n.severity), n.dossier_id,
        n.title_vi, n.body_vi, n.link);
    if (!r.empty()) ids.push_back({r[0][0].as<int64_t>(), n.person_id});
  }
  return ids;
}

NotificationPage NotificationStore::List(pqxx::transaction_base& txn, const std::string& person_id, bool unread_only,
                                         const common::Page& page) const {
  // Keyset over (read flag, id DESC): the cursor's sort key is "0" (unread) or "1" (read).
  int after_read = -1;
  int64_t after_id = 0;
  if (page.after) {
    after_read = page.after->sort_key == "1" ? 1 : 0;
    if (!absl::SimpleAtoi(page.after->id, &after_id)) after_id = 0;
  }
  const pqxx::result r = txn.exec_params(
      absl::StrCat("SELECT ", kColumns, " FROM notifier.notification WHERE person_id = $1 ",
                   unread_only ? "AND read_at IS NULL " : "",
                   "AND ($2 < 0 OR (read_at IS NOT NULL)::int > $2 OR ((read_at IS NOT NULL)::int = $2 AND id < $3)) "
                   "ORDER BY (read_at IS NOT NULL), id DESC LIMIT $4"),
      person_id, after_read, after_id, page.size + 1);
  NotificationPage out;
  out.notifications = Rows(r);
  if (static_cast<int>(out.notifications.size()) > page.size) {
    out.notifications.resize(page.size);
    const tdkt::v1::Notification& last = out.notifications.back();
    out.next = common::PageCursor{last.has_read_at() ? "1" : "0", last.id()};
  }
  return out;
}

int NotificationStore::UnreadCount(pqxx::transaction_base& txn, const std::string& person_id) const {
  return txn
      .exec_params1("SELECT count(*) FROM notifier.notification WHERE person_id = $1 AND read_at IS NULL", person_id)[0]
      .as<int>();
}

std::vector<tdkt::v1::Notification> NotificationStore::After(pqxx::transaction_base& txn, const std::string& person_id,
                                                             int64_t after_id, int limit) const {
  return Rows(txn.exec_params(absl::StrCat("SELECT ", kColumns,
                                           " FROM notifier.notification WHERE person_id = $1 AND id > $2 "
                                           "ORDER BY id LIMIT $3"),
                              person_id, after_id, limit));
}

std::vector<tdkt::v1::Notification> NotificationStore::UnreadBetween(pqxx::transaction_base& txn,
                                                                     const std::string& person_id, int64_t after_id,
                                                                     int64_t up_to_id, int limit) const {
  return Rows(txn.exec_params(absl::StrCat("SELECT ", kColumns,
                                           " FROM notifier.notification WHERE person_id = $1 AND read_at IS NULL "
                                           "AND id > $2 AND id <= $3 ORDER BY id LIMIT $4"),
                              person_id, after_id, up_to_id, limit));
}

int64_t NotificationStore::LatestId(pqxx::transaction_base& txn, const std::string& person_id) const {
  return txn.exec_params1("SELECT coalesce(max(id), 0) FROM notifier.notification WHERE person_id = $1", person_id)[0]
      .as<int64_t>();
}

int NotificationStore::MarkRead(pqxx::transaction_base& txn, const std::string& person_id,
                                const std::vector<int64_t>& ids, bool all, int64_t up_to_id, absl::Time now) const {
  const int64_t now_micros = absl::ToUnixMicros(now);
  pqxx::result r;
  if (all) {
    r = txn.exec_params(
        "UPDATE notifier.notification SET read_at = to_timestamp($3::double precision / 1000000) "
        "WHERE person_id = $1 AND read_at IS NULL AND ($2 = 0 OR id <= $2)",
        person_id, up_to_id, now_micros);
  } else {
    if (ids.empty()) return 0;
    r = txn.exec_params(
        "UPDATE notifier.notification SET read_at = to_timestamp($3::double precision / 1000000) "
        "WHERE person_id = $1 AND read_at IS NULL AND id = ANY($2::bigint[])",
        person_id, common::PgBigintArray(ids), now_micros);
  }
  return static_cast<int>(r.affected_rows());
}

}  // namespace tdkt::notifier
