#include "services/notifier/webhook_store.h"

#include <pqxx/pqxx>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "services/common/proto_time.h"

namespace tdkt::notifier {
namespace {

namespace v1 = tdkt::v1;

std::string Micros(const char* column) {
  return absl::StrCat("(extract(epoch FROM ", column, ") * 1000000)::bigint");
}

const std::string& SubscriptionColumns() {
  static const std::string* const kColumns =
      new std::string(absl::StrCat("id, org_id, url, event_types::text, active, description, version, ",
                                   Micros("created_at"), ", ", Micros("updated_at")));
  return *kColumns;
}

// "{4,12}" → [4, 12]
std::vector<int> IntArray(const std::string& text) {
  std::vector<int> out;
  std::string inner = text.size() >= 2 ? text.substr(1, text.size() - 2) : "";
  for (absl::string_view part : absl::StrSplit(inner, ',', absl::SkipEmpty())) {
    int value = 0;
    if (absl::SimpleAtoi(part, &value)) out.push_back(value);
  }
  return out;
}

v1::WebhookSubscription SubscriptionFrom(const pqxx::row& row) {
  v1::WebhookSubscription s;
  s.set_id(row[0].c_str());
  s.set_org_id(row[1].c_str());
  s.set_url(row[2].c_str());
  for (int type : IntArray(row[3].c_str())) s.add_event_types(static_cast<v1::EventType>(type));
  s.set_active(row[4].as<bool>());
  s.set_secret_set(true);
  s.set_description(row[5].c_str());
  s.set_version(row[6].as<int64_t>());
  *s.mutable_created_at() = common::ProtoTimeFromMicros(row[7].as<int64_t>());
  *s.mutable_updated_at() = common::ProtoTimeFromMicros(row[8].as<int64_t>());
  return s;
}

std::string TypesArray(const v1::WebhookSubscription& s) {
  std::vector<int> types(s.event_types().begin(), s.event_types().end());
  return absl::StrCat("{", absl::StrJoin(types, ","), "}");
}

std::string TextArray(const std::vector<std::string>& values) {
  // Organisation ids are identifiers (no quotes, commas or braces: request_checks), quoted anyway.
  std::vector<std::string> quoted;
  for (const std::string& v : values) quoted.push_back(absl::StrCat("\"", v, "\""));
  return absl::StrCat("{", absl::StrJoin(quoted, ","), "}");
}

pqxx::binarystring Bytes(const std::string& value) { return pqxx::binarystring(value.data(), value.size()); }

int64_t Id(const std::string& text) {
  int64_t id = 0;
  return absl::SimpleAtoi(text, &id) ? id : 0;
}

}  // namespace

bool IsDossierEvent(v1::EventType type) {
  return type >= v1::EVENT_TYPE_DOSSIER_CREATED && type <= v1::EVENT_TYPE_DOSSIER_FORWARDED_EXTERNAL;
}

v1::WebhookSubscription WebhookStore::Create(pqxx::transaction_base& txn, const v1::WebhookSubscription& s,
                                             const std::string& secret) const {
  return SubscriptionFrom(txn.exec_params1(
      absl::StrCat("INSERT INTO notifier.webhook_subscription (org_id, url, event_types, active, secret, description) "
                   "VALUES ($1, $2, $3::integer[], $4, $5, $6) RETURNING ",
                   SubscriptionColumns()),
      s.org_id(), s.url(), TypesArray(s), s.active(), Bytes(secret), s.description()));
}

absl::StatusOr<v1::WebhookSubscription> WebhookStore::Get(pqxx::transaction_base& txn, int64_t id) const {
  const pqxx::result r = txn.exec_params(
      absl::StrCat("SELECT ", SubscriptionColumns(), " FROM notifier.webhook_subscription WHERE id = $1"), id);
  if (r.empty()) return absl::NotFoundError("Không tìm thấy đăng ký webhook (subscription not found)");
  return SubscriptionFrom(r[0]);
}

StorePage<v1::WebhookSubscription> WebhookStore::List(pqxx::transaction_base& txn, const std::string& org_id,
                                                      const common::Page& page) const {
  const int64_t after = page.after ? Id(page.after->id) : 0;
  const pqxx::result r = txn.exec_params(
      absl::StrCat("SELECT ", SubscriptionColumns(),
                   " FROM notifier.webhook_subscription WHERE org_id = $1 AND id > $2 ORDER BY id LIMIT $3"),
      org_id, after, page.size + 1);
  StorePage<v1::WebhookSubscription> out;
  for (const auto& row : r) out.items.push_back(SubscriptionFrom(row));
  if (static_cast<int>(out.items.size()) > page.size) {
    out.items.resize(page.size);
    out.next = common::PageCursor{"", out.items.back().id()};
  }
  return out;
}

absl::StatusOr<v1::WebhookSubscription> WebhookStore::Update(pqxx::transaction_base& txn,
                                                             const v1::WebhookSubscription& s, int64_t expected_version,
                                                             const std::optional<std::string>& new_secret) const {
  const int64_t id = Id(s.id());
  const pqxx::result r = txn.exec_params(
      absl::StrCat("UPDATE notifier.webhook_subscription SET url = $3, event_types = $4::integer[], active = $5, "
                   "description = $6, secret = CASE WHEN $7 THEN $8 ELSE secret END, version = version + 1, "
                   "updated_at = now() WHERE id = $1 AND version = $2 RETURNING ",
                   SubscriptionColumns()),
      id, expected_version, s.url(), TypesArray(s), s.active(), s.description(), new_secret.has_value(),
      Bytes(new_secret.value_or("")));
  if (!r.empty()) return SubscriptionFrom(r[0]);
  if (absl::StatusOr<v1::WebhookSubscription> existing = Get(txn, id); !existing.ok()) return existing.status();
  return absl::AbortedError("Đăng ký webhook đã được thay đổi; hãy tải lại (version mismatch)");
}

absl::Status WebhookStore::Delete(pqxx::transaction_base& txn, int64_t id, int64_t expected_version) const {
  const pqxx::result r =
      txn.exec_params("DELETE FROM notifier.webhook_subscription WHERE id = $1 AND version = $2", id, expected_version);
  if (r.affected_rows() > 0) return absl::OkStatus();
  if (absl::StatusOr<v1::WebhookSubscription> existing = Get(txn, id); !existing.ok()) return existing.status();
  return absl::AbortedError("Đăng ký webhook đã được thay đổi; hãy tải lại (version mismatch)");
}

int WebhookStore::Enqueue(pqxx::transaction_base& txn, const std::vector<std::string>& org_chain, v1::EventType type,
                          const std::string& event_id, const std::string& payload) const {
  if (org_chain.empty()) return 0;
  const pqxx::result r = txn.exec_params(
      "INSERT INTO notifier.webhook_delivery (subscription_id, event_id, event_type, payload) "
      "SELECT id, $3, $2, $5 FROM notifier.webhook_subscription "
      "WHERE active AND org_id = ANY($1::text[]) AND "
      "((cardinality(event_types) = 0 AND $4) OR $2 = ANY(event_types)) "
      "ON CONFLICT (subscription_id, event_id) DO NOTHING",
      TextArray(org_chain), static_cast<int>(type), event_id, IsDossierEvent(type), Bytes(payload));
  return static_cast<int>(r.affected_rows());
}

std::vector<DueDelivery> WebhookStore::LeaseDue(pqxx::transaction_base& txn, int limit, absl::Time now,
                                                absl::Duration lease) const {
  const pqxx::result r = txn.exec_params(
      "UPDATE notifier.webhook_delivery d SET next_attempt_at = to_timestamp($3::double precision / 1000000) "
      "FROM notifier.webhook_subscription s "
      "WHERE d.id IN (SELECT d2.id FROM notifier.webhook_delivery d2 JOIN notifier.webhook_subscription s2 "
      "               ON s2.id = d2.subscription_id "
      "               WHERE d2.state = 'pending' AND s2.active "
      "               AND d2.next_attempt_at <= to_timestamp($2::double precision / 1000000) "
      "               ORDER BY d2.next_attempt_at LIMIT $1 FOR UPDATE OF d2 SKIP LOCKED) "
      "AND s.id = d.subscription_id "
      "RETURNING d.id, d.subscription_id, s.url, s.secret, d.event_id, d.payload, d.attempts",
      limit, absl::ToUnixMicros(now), absl::ToUnixMicros(now + lease));
  std::vector<DueDelivery> out;
  for (const auto& row : r) {
    out.push_back({row[0].as<int64_t>(), row[1].as<int64_t>(), row[2].c_str(), pqxx::binarystring(row[3]).str(),
                   row[4].c_str(), pqxx::binarystring(row[5]).str(), row[6].as<int>()});
  }
  return out;
}

void WebhookStore::RecordAttempt(pqxx::transaction_base& txn, const AttemptRecord& a) const {
  const bool has_next = a.next_attempt_at.has_value();
  const int64_t next = has_next ? absl::ToUnixMicros(*a.next_attempt_at) : 0;
  const std::string state = a.delivered ? "delivered" : has_next ? "pending" : "dead";
  txn.exec_params(
      "INSERT INTO notifier.webhook_attempt (delivery_id, attempt, started_at, latency_ms, http_status, error, "
      "delivered, next_attempt_at) VALUES ($1, $2, to_timestamp($3::double precision / 1000000), $4, $5, $6, $7, "
      "CASE WHEN $8 THEN to_timestamp($9::double precision / 1000000) END)",
      a.delivery_id, a.attempt, absl::ToUnixMicros(a.started_at), a.latency_ms, a.http_status, a.error, a.delivered,
      has_next, next);
  txn.exec_params(
      "UPDATE notifier.webhook_delivery SET state = $2, attempts = $3, "
      "first_attempt_at = coalesce(first_attempt_at, to_timestamp($4::double precision / 1000000)), "
      "last_attempt_at = to_timestamp($4::double precision / 1000000), last_http_status = $5, last_error = $6, "
      "next_attempt_at = CASE WHEN $7 THEN to_timestamp($8::double precision / 1000000) ELSE next_attempt_at END "
      "WHERE id = $1",
      a.delivery_id, state, a.attempt, absl::ToUnixMicros(a.started_at), a.http_status, a.error, has_next, next);
}

StorePage<v1::DeadLetter> WebhookStore::ListDeadLetters(pqxx::transaction_base& txn, const std::string& org_id,
                                                        int64_t subscription_id, const common::Page& page) const {
  int64_t after_micros = 0;
  int64_t after_id = 0;
  if (page.after) {
    absl::SimpleAtoi(page.after->sort_key, &after_micros);
    after_id = Id(page.after->id);
  }
  const pqxx::result r = txn.exec_params(
      absl::StrCat("SELECT d.id, d.subscription_id, d.event_id, d.event_type, d.attempts, d.last_http_status, "
                   "d.last_error, ", Micros("d.first_attempt_at"), ", ", Micros("d.last_attempt_at"),
                   " FROM notifier.webhook_delivery d JOIN notifier.webhook_subscription s ON s.id = d.subscription_id "
                   "WHERE d.state = 'dead' AND s.org_id = $1 AND ($2::bigint = 0 OR d.subscription_id = $2::bigint) "
                   "AND ($3::bigint = 0 OR (", Micros("d.last_attempt_at"), ", -d.id) < ($3::bigint, -$4::bigint)) "
                   "ORDER BY d.last_attempt_at DESC, d.id DESC LIMIT $5"),
      org_id, subscription_id, after_micros, after_id, page.size + 1);
  StorePage<v1::DeadLetter> out;
  std::vector<int64_t> last_micros;
  for (const auto& row : r) {
    v1::DeadLetter d;
    d.set_id(row[0].c_str());
    d.set_subscription_id(row[1].c_str());
    d.set_event_id(row[2].c_str());
    d.set_event_type(static_cast<v1::EventType>(row[3].as<int>()));
    d.set_attempts(row[4].as<int>());
    d.set_last_http_status(row[5].as<int>());
    d.set_last_error(row[6].c_str());
    const int64_t first = row[7].is_null() ? 0 : row[7].as<int64_t>();
    const int64_t last = row[8].is_null() ? 0 : row[8].as<int64_t>();
    *d.mutable_first_attempt_at() = common::ProtoTimeFromMicros(first);
    *d.mutable_last_attempt_at() = common::ProtoTimeFromMicros(last);
    out.items.push_back(std::move(d));
    last_micros.push_back(last);
  }
  if (static_cast<int>(out.items.size()) > page.size) {
    out.items.resize(page.size);
    out.next = common::PageCursor{absl::StrCat(last_micros[page.size - 1]), out.items.back().id()};
  }
  return out;
}

absl::StatusOr<std::string> WebhookStore::DeliveryOrg(pqxx::transaction_base& txn, int64_t delivery_id,
                                                      bool dead_only) const {
  const pqxx::result r = txn.exec_params(
      "SELECT s.org_id FROM notifier.webhook_delivery d JOIN notifier.webhook_subscription s "
      "ON s.id = d.subscription_id WHERE d.id = $1 AND (NOT $2 OR d.state = 'dead')",
      delivery_id, dead_only);
  if (r.empty()) return absl::NotFoundError("Không tìm thấy lần gửi webhook (delivery not found)");
  return std::string(r[0][0].c_str());
}

absl::Status WebhookStore::Requeue(pqxx::transaction_base& txn, int64_t delivery_id, absl::Time now) const {
  const pqxx::result r = txn.exec_params(
      "UPDATE notifier.webhook_delivery SET state = 'pending', attempts = 0, "
      "next_attempt_at = to_timestamp($2::double precision / 1000000) WHERE id = $1 AND state = 'dead'",
      delivery_id, absl::ToUnixMicros(now));
  if (r.affected_rows() == 0) return absl::NotFoundError("Không tìm thấy thư chết (dead letter not found)");
  // The earlier attempts stay in the log; the new ones continue their numbering.
  return absl::OkStatus();
}

std::vector<v1::DeliveryAttempt> WebhookStore::Attempts(pqxx::transaction_base& txn, int64_t delivery_id) const {
  const pqxx::result r = txn.exec_params(
      absl::StrCat("SELECT attempt, ", Micros("started_at"), ", latency_ms, http_status, error, delivered, ",
                   Micros("next_attempt_at"),
                   " FROM notifier.webhook_attempt WHERE delivery_id = $1 ORDER BY started_at, attempt"),
      delivery_id);
  std::vector<v1::DeliveryAttempt> out;
  for (const auto& row : r) {
    v1::DeliveryAttempt a;
    a.set_attempt(row[0].as<int>());
    *a.mutable_started_at() = common::ProtoTimeFromMicros(row[1].as<int64_t>());
    a.set_latency_ms(row[2].as<int>());
    a.set_http_status(row[3].as<int>());
    a.set_error(row[4].c_str());
    a.set_delivered(row[5].as<bool>());
    if (!row[6].is_null()) *a.mutable_next_attempt_at() = common::ProtoTimeFromMicros(row[6].as<int64_t>());
    out.push_back(std::move(a));
  }
  return out;
}

}  // namespace tdkt::notifier
