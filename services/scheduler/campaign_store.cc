#include "services/scheduler/campaign_store.h"

#include <pqxx/pqxx>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "base/iso_date.h"
#include "services/common/proto_conversions.h"
#include "services/common/proto_time.h"
#include "services/common/pg_arrays.h"

namespace tdkt::scheduler {
namespace {

std::string IsoOf(const tdkt::v1::Date& date) {
  return base::FormatIsoDate(absl::CivilDay(date.year(), date.month(), date.day()));
}

// "{3,1}" ↔ repeated int32.
std::string IntArray(const google::protobuf::RepeatedField<int32_t>& values) {
  return "{" + absl::StrJoin(values, ",") + "}";
}

constexpr char kColumns[] =
    "id, org_id, kind, name_vi, year, array_to_string(award_codes, ','), applies_to_level, opens_on::text, "
    "due_on::text, array_to_string(remind_days, ','), cancelled, version, "
    "(extract(epoch FROM created_at) * 1000000)::bigint, (extract(epoch FROM updated_at) * 1000000)::bigint";

tdkt::v1::CampaignDeadline DeadlineOf(const pqxx::row& r) {
  tdkt::v1::CampaignDeadline d;
  d.set_id(r[0].as<std::string>());
  d.set_org_id(r[1].as<std::string>());
  d.set_kind(static_cast<tdkt::v1::CampaignDeadlineKind>(r[2].as<int>()));
  d.set_name_vi(r[3].as<std::string>());
  d.set_year(r[4].as<int>());
  for (const absl::string_view code : absl::StrSplit(r[5].as<std::string>(), ',', absl::SkipEmpty())) {
    d.add_award_codes(std::string(code));
  }
  d.set_applies_to_level(static_cast<tdkt::v1::OrgLevel>(r[6].as<int>()));
  if (!r[7].is_null()) *d.mutable_opens_on() = common::ToProtoDate(*base::ParseIsoDate(r[7].as<std::string>()));
  *d.mutable_due_on() = common::ToProtoDate(*base::ParseIsoDate(r[8].as<std::string>()));
  for (const absl::string_view day : absl::StrSplit(r[9].as<std::string>(), ',', absl::SkipEmpty())) {
    int value = 0;
    if (absl::SimpleAtoi(day, &value)) d.add_remind_working_days_before(value);
  }
  d.set_cancelled(r[10].as<bool>());
  d.set_version(r[11].as<int64_t>());
  *d.mutable_created_at() = common::ProtoTimeFromMicros(r[12].as<int64_t>());
  *d.mutable_updated_at() = common::ProtoTimeFromMicros(r[13].as<int64_t>());
  return d;
}

std::optional<std::string> OpensOn(const tdkt::v1::CampaignDeadline& d) {
  if (!d.has_opens_on()) return std::nullopt;
  return IsoOf(d.opens_on());
}

}  // namespace

void CampaignStore::Insert(pqxx::transaction_base& txn, const tdkt::v1::CampaignDeadline& d,
                           const std::string& created_by) {
  txn.exec_params(
      "INSERT INTO scheduler.campaign_deadline (id, org_id, kind, name_vi, year, award_codes, applies_to_level, "
      "opens_on, due_on, remind_days, created_by, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6::text[], $7, "
      "$8::date, $9::date, $10::int[], $11, timestamptz 'epoch' + $12::bigint * interval '1 microsecond', "
      "timestamptz 'epoch' + $12::bigint * interval '1 microsecond')",
      d.id(), d.org_id(), static_cast<int>(d.kind()), d.name_vi(), d.year(),
      common::PgTextArray({d.award_codes().begin(), d.award_codes().end()}), static_cast<int>(d.applies_to_level()),
      OpensOn(d), IsoOf(d.due_on()), IntArray(d.remind_working_days_before()), created_by,
      absl::ToUnixMicros(common::FromProtoTime(d.created_at())));
}

std::optional<tdkt::v1::CampaignDeadline> CampaignStore::Load(pqxx::transaction_base& txn, const std::string& id,
                                                              bool for_update) {
  const pqxx::result r =
      txn.exec_params(absl::StrCat("SELECT ", kColumns, " FROM scheduler.campaign_deadline WHERE id = $1",
                                   for_update ? " FOR UPDATE" : ""),
                      id);
  if (r.empty()) return std::nullopt;
  return DeadlineOf(r[0]);
}

std::vector<tdkt::v1::CampaignDeadline> CampaignStore::List(pqxx::transaction_base& txn, const ListQuery& q) {
  const pqxx::result r = txn.exec_params(
      absl::StrCat("SELECT ", kColumns,
                   " FROM scheduler.campaign_deadline WHERE org_id = ANY($1::text[]) AND ($2 = 0 OR year = $2) "
                   "AND ($3 OR NOT cancelled) AND ($4::date IS NULL OR (due_on, id) > ($4::date, $5)) "
                   "ORDER BY due_on, id LIMIT $6"),
      common::PgTextArray(q.setter_org_ids), q.year, q.include_cancelled,
      q.after ? std::optional<std::string>(q.after->first) : std::nullopt,
      q.after ? q.after->second : std::string(), q.limit);
  std::vector<tdkt::v1::CampaignDeadline> out;
  for (const pqxx::row& row : r) out.push_back(DeadlineOf(row));
  return out;
}

absl::Status CampaignStore::Update(pqxx::transaction_base& txn, const tdkt::v1::CampaignDeadline& d,
                                   int64_t expected_version) {
  const pqxx::result r = txn.exec_params(
      "UPDATE scheduler.campaign_deadline SET kind = $3, name_vi = $4, year = $5, award_codes = $6::text[], "
      "applies_to_level = $7, opens_on = $8::date, due_on = $9::date, remind_days = $10::int[], cancelled = $11, "
      "version = $12, updated_at = timestamptz 'epoch' + $13::bigint * interval '1 microsecond' "
      "WHERE id = $1 AND version = $2",
      d.id(), expected_version, static_cast<int>(d.kind()), d.name_vi(), d.year(),
      common::PgTextArray({d.award_codes().begin(), d.award_codes().end()}), static_cast<int>(d.applies_to_level()),
      OpensOn(d), IsoOf(d.due_on()), IntArray(d.remind_working_days_before()), d.cancelled(), d.version(),
      absl::ToUnixMicros(common::FromProtoTime(d.updated_at())));
  if (r.affected_rows() == 1) return absl::OkStatus();
  return absl::AbortedError(absl::StrCat("Hạn đã được cập nhật bởi người khác (phiên bản yêu cầu ", expected_version,
                                         "); hãy tải lại và thử lại (version conflict)"));
}

std::vector<std::string> CampaignStore::DoneOrgs(pqxx::transaction_base& txn, const std::string& id) {
  std::vector<std::string> orgs;
  for (const pqxx::row& row :
       txn.exec_params("SELECT org_id FROM scheduler.campaign_done WHERE campaign_deadline_id = $1", id)) {
    orgs.push_back(row[0].as<std::string>());
  }
  return orgs;
}

int CampaignStore::CancelPendingReminders(pqxx::transaction_base& txn, const std::string& id) {
  return static_cast<int>(
      txn.exec_params("UPDATE scheduler.timer SET status = 4, updated_at = now() WHERE campaign_deadline_id = $1 "
                      "AND status IN (1, 2)",
                      id)
          .affected_rows());
}

int CampaignStore::MarkDone(pqxx::transaction_base& txn, const std::string& id, const std::string& org_id,
                            const std::string& done_by) {
  txn.exec_params(
      "INSERT INTO scheduler.campaign_done (campaign_deadline_id, org_id, done_by) VALUES ($1, $2, $3) "
      "ON CONFLICT DO NOTHING",
      id, org_id, done_by);
  return static_cast<int>(
      txn.exec_params("UPDATE scheduler.timer SET status = 4, updated_at = now() WHERE campaign_deadline_id = $1 "
                      "AND org_id = $2 AND status IN (1, 2)",
                      id, org_id)
          .affected_rows());
}

}  // namespace tdkt::scheduler
