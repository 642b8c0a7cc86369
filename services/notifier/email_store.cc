#include "services/notifier/email_store.h"

#include <pqxx/pqxx>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "base/iso_date.h"
#include "services/common/proto_time.h"

namespace tdkt::notifier {
namespace {

namespace v1 = tdkt::v1;

std::vector<int64_t> BigintArray(const std::string& text) {
  std::vector<int64_t> out;
  const std::string inner = text.size() >= 2 ? text.substr(1, text.size() - 2) : "";
  for (absl::string_view part : absl::StrSplit(inner, ',', absl::SkipEmpty())) {
    int64_t value = 0;
    if (absl::SimpleAtoi(part, &value)) out.push_back(value);
  }
  return out;
}

}  // namespace

v1::EmailDelivery EmailStore::Preference(pqxx::transaction_base& txn, const std::string& person_id) const {
  const pqxx::result r =
      txn.exec_params("SELECT delivery FROM notifier.email_preference WHERE person_id = $1", person_id);
  if (r.empty()) return v1::EMAIL_DELIVERY_IMMEDIATE;
  return static_cast<v1::EmailDelivery>(r[0][0].as<int>());
}

void EmailStore::SetPreference(pqxx::transaction_base& txn, const std::string& person_id,
                               v1::EmailDelivery delivery) const {
  txn.exec_params(
      "INSERT INTO notifier.email_preference (person_id, delivery) VALUES ($1, $2) "
      "ON CONFLICT (person_id) DO UPDATE SET delivery = excluded.delivery, updated_at = now()",
      person_id, static_cast<int>(delivery));
}

int EmailStore::QueueFor(pqxx::transaction_base& txn,
                         const std::vector<std::pair<int64_t, std::string>>& notifications) const {
  int queued = 0;
  for (const auto& [id, person] : notifications) {
    switch (Preference(txn, person)) {
      case v1::EMAIL_DELIVERY_DAILY_DIGEST:
        txn.exec_params("INSERT INTO notifier.digest_item (notification_id, person_id) VALUES ($1, $2) "
                        "ON CONFLICT DO NOTHING",
                        id, person);
        ++queued;
        break;
      case v1::EMAIL_DELIVERY_OFF:
        break;
      default:
        txn.exec_params("INSERT INTO notifier.email_message (person_id, notification_ids) VALUES ($1, $2::bigint[])",
                        person, absl::StrCat("{", id, "}"));
        ++queued;
        break;
    }
  }
  return queued;
}

int EmailStore::BuildDigests(pqxx::transaction_base& txn, absl::CivilDay day) const {
  const std::string iso = base::FormatIsoDate(day);
  if (txn.exec_params("INSERT INTO notifier.digest_run (day) VALUES ($1::date) ON CONFLICT DO NOTHING RETURNING 1",
                      iso)
          .empty()) {
    return 0;  // another replica (or an earlier run) did today's
  }
  const pqxx::result r = txn.exec_params(
      "WITH taken AS (DELETE FROM notifier.digest_item RETURNING notification_id, person_id) "
      "INSERT INTO notifier.email_message (person_id, notification_ids, digest_day) "
      "SELECT person_id, array_agg(notification_id ORDER BY notification_id), $1::date FROM taken GROUP BY person_id",
      iso);
  return static_cast<int>(r.affected_rows());
}

std::vector<DueEmail> EmailStore::LeaseDue(pqxx::transaction_base& txn, int limit, absl::Time now,
                                           absl::Duration lease) const {
  const pqxx::result r = txn.exec_params(
      "UPDATE notifier.email_message SET next_attempt_at = to_timestamp($3::double precision / 1000000) "
      "WHERE id IN (SELECT id FROM notifier.email_message WHERE state = 'pending' "
      "             AND next_attempt_at <= to_timestamp($2::double precision / 1000000) "
      "             ORDER BY next_attempt_at LIMIT $1 FOR UPDATE SKIP LOCKED) "
      "RETURNING id, person_id, notification_ids::text, digest_day::text, attempts",
      limit, absl::ToUnixMicros(now), absl::ToUnixMicros(now + lease));
  std::vector<DueEmail> out;
  for (const auto& row : r) {
    DueEmail email;
    email.id = row[0].as<int64_t>();
    email.person_id = row[1].c_str();
    if (!row[3].is_null()) email.digest_day = base::ParseIsoDate(row[3].c_str());
    email.attempts = row[4].as<int>();
    const pqxx::result notes = txn.exec_params(
        "SELECT id, event_type, severity, dossier_id, title_vi, body_vi, link, "
        "(extract(epoch FROM created_at) * 1000000)::bigint FROM notifier.notification "
        "WHERE id = ANY($1::bigint[]) ORDER BY id",
        absl::StrCat("{", absl::StrJoin(BigintArray(row[2].c_str()), ","), "}"));
    for (const auto& n : notes) {
      v1::Notification note;
      note.set_id(n[0].c_str());
      note.set_person_id(email.person_id);
      note.set_event_type(static_cast<v1::EventType>(n[1].as<int>()));
      note.set_severity(static_cast<v1::NotificationSeverity>(n[2].as<int>()));
      note.set_dossier_id(n[3].c_str());
      note.set_title_vi(n[4].c_str());
      note.set_body_vi(n[5].c_str());
      note.set_link(n[6].c_str());
      *note.mutable_created_at() = common::ProtoTimeFromMicros(n[7].as<int64_t>());
      email.notifications.push_back(std::move(note));
    }
    out.push_back(std::move(email));
  }
  return out;
}

void EmailStore::MarkSent(pqxx::transaction_base& txn, int64_t id, absl::Time now) const {
  txn.exec_params(
      "UPDATE notifier.email_message SET state = 'sent', attempts = attempts + 1, last_error = '', "
      "sent_at = to_timestamp($2::double precision / 1000000) WHERE id = $1",
      id, absl::ToUnixMicros(now));
}

void EmailStore::MarkSkipped(pqxx::transaction_base& txn, int64_t id, const std::string& reason) const {
  txn.exec_params("UPDATE notifier.email_message SET state = 'skipped', last_error = $2 WHERE id = $1", id, reason);
}

void EmailStore::MarkRetry(pqxx::transaction_base& txn, int64_t id, int attempts, absl::Time next,
                           const std::string& error) const {
  txn.exec_params(
      "UPDATE notifier.email_message SET attempts = $2, last_error = $4, "
      "next_attempt_at = to_timestamp($3::double precision / 1000000) WHERE id = $1",
      id, attempts, absl::ToUnixMicros(next), error);
}

}  // namespace tdkt::notifier
