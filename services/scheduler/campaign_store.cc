#include "services/scheduler/campaign_store.h"

#include <pqxx/pqxx>

#include "absl/strings/numbers.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "base/iso_date.h"
#include "services/common/proto_conversions.h"
#include "services/common/proto_time.h"

namespace tdkt::scheduler {
namespace {

std::string IsoOf(const tdkt::v1::Date& date) {
  return base::FormatIsoDate(absl::CivilDay(date.year(), date.month(), date.day()));
}

// "{3,1}" ↔ repeated int32.
std::string IntArray(const google::protobuf::RepeatedField<int32_t>& values) {
  return "{" + absl::StrJoin(values, ",") + "}";
}

}  // namespace

void CampaignStore::Insert(pqxx::transaction_base& txn, const tdkt::v1::CampaignDeadline& d,
                           const std::string& created_by) {
  std::optional<std::string> opens_on;
  if (d.has_opens_on()) opens_on = IsoOf(d.opens_on());
  std::string awards = "{";
  for (const std::string& code : d.award_codes())
    absl::StrAppend(&awards, awards.size() > 1 ? "," : "", "\"", code, "\"");
  awards += "}";
  txn.exec_params(
      "INSERT INTO scheduler.campaign_deadline (id, org_id, kind, name_vi, year, award_codes, applies_to_level, "
      "opens_on, due_on, remind_days, created_by, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6::text[], $7, "
      "$8::date, $9::date, $10::int[], $11, timestamptz 'epoch' + $12::bigint * interval '1 microsecond', "
      "timestamptz 'epoch' + $12::bigint * interval '1 microsecond')",
      d.id(), d.org_id(), static_cast<int>(d.kind()), d.name_vi(), d.year(), awards,
      static_cast<int>(d.applies_to_level()), opens_on, IsoOf(d.due_on()), IntArray(d.remind_working_days_before()),
      created_by, absl::ToUnixMicros(common::FromProtoTime(d.created_at())));
}

std::optional<tdkt::v1::CampaignDeadline> CampaignStore::Load(pqxx::transaction_base& txn, const std::string& id) {
  const pqxx::result r = txn.exec_params(
      "SELECT org_id, kind, name_vi, year, array_to_string(award_codes, ','), applies_to_level, opens_on::text, "
      "due_on::text, array_to_string(remind_days, ','), cancelled, version, "
      "(extract(epoch FROM created_at) * 1000000)::bigint, (extract(epoch FROM updated_at) * 1000000)::bigint "
      "FROM scheduler.campaign_deadline WHERE id = $1",
      id);
  if (r.empty()) return std::nullopt;
  tdkt::v1::CampaignDeadline d;
  d.set_id(id);
  d.set_org_id(r[0][0].as<std::string>());
  d.set_kind(static_cast<tdkt::v1::CampaignDeadlineKind>(r[0][1].as<int>()));
  d.set_name_vi(r[0][2].as<std::string>());
  d.set_year(r[0][3].as<int>());
  for (const absl::string_view code : absl::StrSplit(r[0][4].as<std::string>(), ',', absl::SkipEmpty())) {
    d.add_award_codes(std::string(code));
  }
  d.set_applies_to_level(static_cast<tdkt::v1::OrgLevel>(r[0][5].as<int>()));
  if (!r[0][6].is_null()) *d.mutable_opens_on() = common::ToProtoDate(*base::ParseIsoDate(r[0][6].as<std::string>()));
  *d.mutable_due_on() = common::ToProtoDate(*base::ParseIsoDate(r[0][7].as<std::string>()));
  for (const absl::string_view day : absl::StrSplit(r[0][8].as<std::string>(), ',', absl::SkipEmpty())) {
    int value = 0;
    if (absl::SimpleAtoi(day, &value)) d.add_remind_working_days_before(value);
  }
  d.set_cancelled(r[0][9].as<bool>());
  d.set_version(r[0][10].as<int64_t>());
  *d.mutable_created_at() = common::ProtoTimeFromMicros(r[0][11].as<int64_t>());
  *d.mutable_updated_at() = common::ProtoTimeFromMicros(r[0][12].as<int64_t>());
  return d;
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
