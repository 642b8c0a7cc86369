#include "services/campaign/campaign_store.h"

#include <pqxx/pqxx>

#include "absl/strings/str_cat.h"
#include "services/campaign/store_sql.h"
#include "services/common/proto_time.h"

namespace tdkt::campaign {
namespace {

std::string Columns() {
  return absl::StrCat(
      "id, plan_id, document_number, document_date::text, name_vi, theme_vi, issuer_vi, issuing_org_id, "
      "covers_org_id, array_to_json(covers_path)::text, valid_from::text, valid_until::text, share_label_vi, "
      "share_min, share_strictly_above, array_to_json(share_award_codes)::text, version, ",
      MicrosOf("created_at"), ", ", MicrosOf("updated_at"));
}

std::vector<std::string> Codes(const google::protobuf::RepeatedPtrField<std::string>& codes) {
  return {codes.begin(), codes.end()};
}

StoredCampaign CampaignOf(const pqxx::row& r) {
  StoredCampaign stored;
  tdkt::v1::Campaign& c = stored.campaign;
  c.set_id(r[0].as<std::string>());
  if (!r[1].is_null()) c.set_plan_id(r[1].as<std::string>());
  c.set_document_number(r[2].as<std::string>());
  if (!ReadDate(r[3], c.mutable_document_date())) c.clear_document_date();
  c.set_name_vi(r[4].as<std::string>());
  c.set_theme_vi(r[5].as<std::string>());
  c.set_issuer_vi(r[6].as<std::string>());
  c.set_issuing_org_id(r[7].as<std::string>());
  c.set_covers_org_id(r[8].as<std::string>());
  stored.covers_path = TextsOfJsonArray(r[9]);
  ReadDate(r[10], c.mutable_valid_from());
  ReadDate(r[11], c.mutable_valid_until());
  if (!r[12].is_null()) {
    tdkt::v1::RecipientShareSpec* share = c.mutable_direct_worker_share();
    share->set_label_vi(r[12].as<std::string>());
    share->set_min_share(r[13].as<double>());
    share->set_strictly_above(r[14].as<bool>());
    for (const std::string& code : TextsOfJsonArray(r[15])) share->add_award_codes(code);
  }
  c.set_version(r[16].as<int64_t>());
  *c.mutable_created_at() = common::ProtoTimeFromMicros(r[17].as<int64_t>());
  *c.mutable_updated_at() = common::ProtoTimeFromMicros(r[18].as<int64_t>());
  return stored;
}

void WriteRoundsAndTargets(pqxx::transaction_base& txn, const tdkt::v1::Campaign& c) {
  txn.exec_params("DELETE FROM campaign.round WHERE campaign_id = $1", c.id());
  txn.exec_params("DELETE FROM campaign.target WHERE campaign_id = $1", c.id());
  for (int i = 0; i < c.rounds_size(); ++i) {
    const tdkt::v1::PlanRoundSpec& round = c.rounds(i);
    txn.exec_params(
        "INSERT INTO campaign.round (campaign_id, round_no, name_vi, starts_on, ends_on) "
        "VALUES ($1, $2, $3, $4::date, $5::date)",
        c.id(), i + 1, round.name_vi(), IsoOf(round.starts_on()), IsoOf(round.ends_on()));
  }
  for (int i = 0; i < c.targets_size(); ++i) {
    const tdkt::v1::AwardTargetSpec& target = c.targets(i);
    txn.exec_params(
        "INSERT INTO campaign.target (campaign_id, target_no, label_vi, award_codes, min_count, max_count) "
        "VALUES ($1, $2, $3, $4::text[], $5, $6)",
        c.id(), i + 1, target.label_vi(), TextArray(Codes(target.award_codes())), target.min(),
        target.has_max() ? std::optional<int>(target.max()) : std::nullopt);
  }
}

// The share rule's four columns as parameters (all NULL without a rule).
struct ShareParams {
  std::optional<std::string> label;
  std::optional<double> min;
  std::optional<bool> strictly_above;
  std::optional<std::string> codes;
};
ShareParams ShareOf(const tdkt::v1::Campaign& c) {
  if (!c.has_direct_worker_share()) return {};
  const tdkt::v1::RecipientShareSpec& s = c.direct_worker_share();
  return {s.label_vi(), s.min_share(), s.strictly_above(), TextArray(Codes(s.award_codes()))};
}

void LoadChildren(pqxx::transaction_base& txn, StoredCampaign& stored) {
  tdkt::v1::Campaign& c = stored.campaign;
  for (const pqxx::row& r : txn.exec_params("SELECT name_vi, starts_on::text, ends_on::text FROM campaign.round "
                                            "WHERE campaign_id = $1 ORDER BY round_no",
                                            c.id())) {
    tdkt::v1::PlanRoundSpec* round = c.add_rounds();
    round->set_name_vi(r[0].as<std::string>());
    ReadDate(r[1], round->mutable_starts_on());
    ReadDate(r[2], round->mutable_ends_on());
  }
  for (const pqxx::row& r :
       txn.exec_params("SELECT label_vi, array_to_json(award_codes)::text, min_count, max_count FROM campaign.target "
                       "WHERE campaign_id = $1 ORDER BY target_no",
                       c.id())) {
    tdkt::v1::AwardTargetSpec* target = c.add_targets();
    target->set_label_vi(r[0].as<std::string>());
    for (const std::string& code : TextsOfJsonArray(r[1])) target->add_award_codes(code);
    target->set_min(r[2].as<int>());
    if (!r[3].is_null()) target->set_max(r[3].as<int>());
  }
  for (const DueDateRow& row : CampaignStore::DueDates(txn, c.id())) {
    if (row.removed) continue;
    tdkt::v1::CampaignDueDate* due = c.add_due_dates();
    *due->mutable_due() = row.due;
    due->set_handoff_state(row.handoff_state);
    due->set_scheduler_deadline_id(row.scheduler_deadline_id);
    due->set_last_error(row.last_error);
  }
}

}  // namespace

void CampaignStore::Insert(pqxx::transaction_base& txn, const tdkt::v1::Campaign& c,
                           const std::vector<std::string>& covers_path, const std::string& created_by) {
  const ShareParams share = ShareOf(c);
  txn.exec_params(
      absl::StrCat(
          "INSERT INTO campaign.campaign (id, plan_id, document_number, document_date, name_vi, theme_vi, issuer_vi, "
          "issuing_org_id, covers_org_id, covers_path, valid_from, valid_until, share_label_vi, share_min, "
          "share_strictly_above, share_award_codes, version, created_by, created_at, updated_at) VALUES ($1, $2, $3, "
          "$4::date, $5, $6, $7, $8, $9, $10::text[], $11::date, $12::date, $13, $14, $15, $16::text[], 1, $17, ",
          TimestampFromMicros(18), ", ", TimestampFromMicros(18), ")"),
      c.id(), c.plan_id().empty() ? std::nullopt : std::optional<std::string>(c.plan_id()), c.document_number(),
      OptionalIsoOf(c.has_document_date(), c.document_date()), c.name_vi(), c.theme_vi(), c.issuer_vi(),
      c.issuing_org_id(), c.covers_org_id(), TextArray(covers_path), IsoOf(c.valid_from()), IsoOf(c.valid_until()),
      share.label, share.min, share.strictly_above, share.codes, created_by,
      absl::ToUnixMicros(common::FromProtoTime(c.created_at())));
  WriteRoundsAndTargets(txn, c);
  std::vector<DueDateRow> rows;
  for (int i = 0; i < c.due_dates_size(); ++i) {
    DueDateRow row;
    row.due = c.due_dates(i).due();
    row.due_no = i + 1;
    row.handoff_state = c.due_dates(i).handoff_state();
    rows.push_back(std::move(row));
  }
  WriteDueDates(txn, c.id(), rows);
}

std::optional<StoredCampaign> CampaignStore::Load(pqxx::transaction_base& txn, const std::string& id,
                                                  bool for_update) {
  const pqxx::result r = txn.exec_params(
      absl::StrCat("SELECT ", Columns(), " FROM campaign.campaign WHERE id = $1", for_update ? " FOR UPDATE" : ""), id);
  if (r.empty()) return std::nullopt;
  StoredCampaign stored = CampaignOf(r[0]);
  LoadChildren(txn, stored);
  return stored;
}

bool CampaignStore::PlanLoaded(pqxx::transaction_base& txn, const std::string& plan_id) {
  return !txn.exec_params("SELECT 1 FROM campaign.campaign WHERE plan_id = $1", plan_id).empty();
}

absl::Status CampaignStore::Update(pqxx::transaction_base& txn, const tdkt::v1::Campaign& c,
                                   int64_t expected_version) {
  const ShareParams share = ShareOf(c);
  const pqxx::result r = txn.exec_params(
      absl::StrCat("UPDATE campaign.campaign SET document_number = $3, document_date = $4::date, name_vi = $5, "
                   "theme_vi = $6, issuer_vi = $7, valid_from = $8::date, valid_until = $9::date, share_label_vi = $10, "
                   "share_min = $11, share_strictly_above = $12, share_award_codes = $13::text[], version = $14, "
                   "updated_at = ",
                   TimestampFromMicros(15), " WHERE id = $1 AND version = $2"),
      c.id(), expected_version, c.document_number(), OptionalIsoOf(c.has_document_date(), c.document_date()),
      c.name_vi(), c.theme_vi(), c.issuer_vi(), IsoOf(c.valid_from()), IsoOf(c.valid_until()), share.label, share.min,
      share.strictly_above, share.codes, c.version(), absl::ToUnixMicros(common::FromProtoTime(c.updated_at())));
  if (r.affected_rows() != 1) {
    return absl::AbortedError(absl::StrCat("Phong trào đã được cập nhật bởi người khác (phiên bản yêu cầu ",
                                           expected_version, "); hãy tải lại và thử lại (version conflict)"));
  }
  WriteRoundsAndTargets(txn, c);
  return absl::OkStatus();
}

std::vector<DueDateRow> CampaignStore::DueDates(pqxx::transaction_base& txn, const std::string& campaign_id) {
  std::vector<DueDateRow> rows;
  for (const pqxx::row& r : txn.exec_params(
           "SELECT kind, due_no, due_on::text, opens_on::text, applies_to_level, note_vi, removed, handoff_state, "
           "scheduler_deadline_id, scheduler_version, last_error FROM campaign.due_date WHERE campaign_id = $1 "
           "ORDER BY due_no, kind",
           campaign_id)) {
    DueDateRow row;
    row.due.set_kind(static_cast<tdkt::v1::PlanDueKind>(r[0].as<int>()));
    row.due_no = r[1].as<int>();
    ReadDate(r[2], row.due.mutable_due_on());
    if (!ReadDate(r[3], row.due.mutable_opens_on())) row.due.clear_opens_on();
    row.due.set_applies_to_level(static_cast<tdkt::v1::OrgLevel>(r[4].as<int>()));
    row.due.set_note_vi(r[5].as<std::string>());
    row.removed = r[6].as<bool>();
    row.handoff_state = static_cast<tdkt::v1::HandoffState>(r[7].as<int>());
    if (!r[8].is_null()) row.scheduler_deadline_id = r[8].as<std::string>();
    if (!r[9].is_null()) row.scheduler_version = r[9].as<int64_t>();
    row.last_error = r[10].as<std::string>();
    rows.push_back(std::move(row));
  }
  return rows;
}

void CampaignStore::WriteDueDates(pqxx::transaction_base& txn, const std::string& campaign_id,
                                  const std::vector<DueDateRow>& rows) {
  for (const DueDateRow& row : rows) {
    txn.exec_params(
        "INSERT INTO campaign.due_date (campaign_id, kind, due_no, due_on, opens_on, applies_to_level, note_vi, "
        "removed, handoff_state) VALUES ($1, $2, $3, $4::date, $5::date, $6, $7, $8, $9) "
        "ON CONFLICT (campaign_id, kind) DO UPDATE SET due_no = $3, due_on = $4::date, opens_on = $5::date, "
        "applies_to_level = $6, note_vi = $7, removed = $8, handoff_state = $9, "
        "last_error = CASE WHEN $9 = 1 THEN '' ELSE campaign.due_date.last_error END",
        campaign_id, static_cast<int>(row.due.kind()), row.due_no, IsoOf(row.due.due_on()),
        OptionalIsoOf(row.due.has_opens_on(), row.due.opens_on()), static_cast<int>(row.due.applies_to_level()),
        row.due.note_vi(), row.removed, static_cast<int>(row.handoff_state));
  }
}

std::vector<tdkt::v1::Campaign> CampaignStore::List(pqxx::transaction_base& txn, const ListQuery& q) {
  const std::optional<std::string> year_start =
      q.year == 0 ? std::nullopt : std::optional<std::string>(absl::StrCat(q.year, "-01-01"));
  const std::optional<std::string> year_end =
      q.year == 0 ? std::nullopt : std::optional<std::string>(absl::StrCat(q.year, "-12-31"));
  const pqxx::result r = txn.exec_params(
      absl::StrCat("SELECT ", Columns(),
                   " FROM campaign.campaign WHERE ($9::boolean OR covers_org_id = ANY($1::text[]) OR covers_path && $2::text[]) "
                   "AND (cardinality($3::text[]) = 0 OR covers_org_id = ANY($3::text[])) "
                   "AND ($4::date IS NULL OR (valid_from <= $5::date AND valid_until >= $4::date)) "
                   "AND ($6::date IS NULL OR valid_from < $6::date OR (valid_from = $6::date AND id > $7)) "
                   "ORDER BY valid_from DESC, id LIMIT $8"),
      TextArray(q.root_in), TextArray(q.path_has), TextArray(q.covering), year_start, year_end,
      q.after ? std::optional<std::string>(q.after->first) : std::nullopt, q.after ? q.after->second : std::string(),
      q.limit, q.everything);
  std::vector<tdkt::v1::Campaign> out;
  for (const pqxx::row& row : r) {
    StoredCampaign stored = CampaignOf(row);
    LoadChildren(txn, stored);
    out.push_back(std::move(stored.campaign));
  }
  return out;
}

}  // namespace tdkt::campaign
