#include "services/campaign/bloc_store.h"

#include <nlohmann/json.hpp>
#include <pqxx/binarystring>
#include <pqxx/pqxx>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "services/campaign/store_sql.h"
#include "services/common/proto_time.h"

namespace tdkt::campaign {
namespace {

std::string Columns() {
  return absl::StrCat("id, name_vi, manager_org_id, year, head_org_id, award_code, award_places, state, pledge_version, "
                      "criteria, coalesce(previous_bloc_id, ''), version, ",
                      MicrosOf("created_at"), ", ", MicrosOf("updated_at"));
}

tdkt::v1::Bloc BlocOf(const pqxx::row& row) {
  tdkt::v1::Bloc bloc;
  (void)bloc.ParseFromString(pqxx::binarystring(row[9]).str());  // the criteria
  bloc.set_id(row[0].as<std::string>());
  bloc.set_name_vi(row[1].as<std::string>());
  bloc.set_manager_org_id(row[2].as<std::string>());
  bloc.set_year(row[3].as<int>());
  bloc.set_head_org_id(row[4].as<std::string>());
  bloc.set_award_code(row[5].as<std::string>());
  bloc.set_award_places(row[6].as<int>());
  bloc.set_state(static_cast<tdkt::v1::BlocState>(row[7].as<int>()));
  bloc.set_pledge_version(row[8].as<int>());
  bloc.set_previous_bloc_id(row[10].as<std::string>());
  bloc.set_version(row[11].as<int64_t>());
  *bloc.mutable_created_at() = common::ProtoTimeFromMicros(row[12].as<int64_t>());
  *bloc.mutable_updated_at() = common::ProtoTimeFromMicros(row[13].as<int64_t>());
  return bloc;
}

pqxx::binarystring CriteriaBytes(const tdkt::v1::Bloc& bloc) {
  tdkt::v1::Bloc criteria;
  *criteria.mutable_criteria() = bloc.criteria();
  return pqxx::binarystring(criteria.SerializeAsString());
}

void LoadMembers(pqxx::transaction_base& txn, tdkt::v1::Bloc& bloc) {
  for (const pqxx::row& row : txn.exec_params(
           absl::StrCat("SELECT org_id, position, coalesce(signed_by, ''), ", MicrosOf("signed_at"),
                        " FROM campaign.bloc_member WHERE bloc_id = $1 ORDER BY position"),
           bloc.id())) {
    tdkt::v1::BlocMember* m = bloc.add_members();
    m->set_org_id(row[0].as<std::string>());
    m->set_position(row[1].as<int>());
    m->set_signed_by(row[2].as<std::string>());
    if (!row[3].is_null()) *m->mutable_signed_at() = common::ProtoTimeFromMicros(row[3].as<int64_t>());
  }
}

}  // namespace

void BlocStore::Insert(pqxx::transaction_base& txn, const tdkt::v1::Bloc& b, const std::string& created_by) {
  txn.exec_params(
      absl::StrCat("INSERT INTO campaign.bloc (id, name_vi, manager_org_id, year, head_org_id, award_code, award_places, "
                   "state, pledge_version, criteria, previous_bloc_id, version, created_by, created_at, updated_at) "
                   "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, nullif($11, ''), 1, $12, ",
                   TimestampFromMicros(13), ", ", TimestampFromMicros(13), ")"),
      b.id(), b.name_vi(), b.manager_org_id(), b.year(), b.head_org_id(), b.award_code(), b.award_places(),
      static_cast<int>(b.state()), b.pledge_version(), CriteriaBytes(b), b.previous_bloc_id(), created_by,
      absl::ToUnixMicros(common::FromProtoTime(b.created_at())));
}

std::optional<tdkt::v1::Bloc> BlocStore::Load(pqxx::transaction_base& txn, const std::string& id, RowLock lock) {
  const char* suffix = lock == RowLock::kUpdate ? " FOR UPDATE" : lock == RowLock::kShare ? " FOR SHARE" : "";
  const pqxx::result r =
      txn.exec_params(absl::StrCat("SELECT ", Columns(), " FROM campaign.bloc WHERE id = $1", suffix), id);
  if (r.empty()) return std::nullopt;
  tdkt::v1::Bloc bloc = BlocOf(r[0]);
  LoadMembers(txn, bloc);
  return bloc;
}

std::vector<tdkt::v1::Bloc> BlocStore::List(pqxx::transaction_base& txn, const std::string& manager_org_id, int year) {
  std::vector<tdkt::v1::Bloc> out;
  for (const pqxx::row& row :
       txn.exec_params(absl::StrCat("SELECT ", Columns(),
                                    " FROM campaign.bloc WHERE manager_org_id = $1 AND year = $2 ORDER BY id"),
                       manager_org_id, year)) {
    out.push_back(BlocOf(row));
    LoadMembers(txn, out.back());
  }
  return out;
}

absl::Status BlocStore::Update(pqxx::transaction_base& txn, const tdkt::v1::Bloc& b, int64_t expected_version) {
  const pqxx::result r = txn.exec_params(
      absl::StrCat("UPDATE campaign.bloc SET head_org_id = $2, criteria = $3, pledge_version = $4, state = $5, "
                   "version = $6, updated_at = ", TimestampFromMicros(7), " WHERE id = $1 AND version = $8"),
      b.id(), b.head_org_id(), CriteriaBytes(b), b.pledge_version(), static_cast<int>(b.state()), b.version(),
      absl::ToUnixMicros(common::FromProtoTime(b.updated_at())), expected_version);
  if (r.affected_rows() == 1) return absl::OkStatus();
  return absl::AbortedError("Khối thi đua đã được cập nhật bởi người khác; hãy tải lại và thử lại");
}

absl::Status BlocStore::AddMembers(pqxx::transaction_base& txn, const tdkt::v1::Bloc& bloc,
                                   const std::vector<std::string>& org_ids) {
  int position = bloc.members_size() == 0 ? 0 : bloc.members(bloc.members_size() - 1).position();
  for (const std::string& org : org_ids) {
    // Any conflict — this bloc's key or the one-bloc-per-manager-and-year key — is the same refusal; a concurrent
    // insert of the same member waits here for the other transaction, then conflicts.
    const pqxx::result r = txn.exec_params(
        "INSERT INTO campaign.bloc_member (bloc_id, org_id, position, manager_org_id, year) VALUES ($1, $2, $3, $4, $5) "
        "ON CONFLICT DO NOTHING",
        bloc.id(), org, ++position, bloc.manager_org_id(), bloc.year());
    if (r.affected_rows() == 0) {
      return absl::FailedPreconditionError(absl::StrCat(
          "Đơn vị ", org, " đã là thành viên của một khối thi đua của cùng đơn vị quản lý trong năm ", bloc.year(),
          " (a member of one bloc per manager and year)"));
    }
  }
  return absl::OkStatus();
}

absl::Status BlocStore::Sign(pqxx::transaction_base& txn, const std::string& bloc_id, const std::string& org_id,
                             const std::string& person_id, absl::Time at) {
  const pqxx::result r = txn.exec_params(
      absl::StrCat("UPDATE campaign.bloc_member SET signed_by = $3, signed_at = ", TimestampFromMicros(4),
                   " WHERE bloc_id = $1 AND org_id = $2 AND signed_by IS NULL"),
      bloc_id, org_id, person_id, absl::ToUnixMicros(at));
  if (r.affected_rows() == 1) return absl::OkStatus();
  return absl::AlreadyExistsError("Đơn vị này đã ký giao ước thi đua (a member signs once)");
}

int BlocStore::ClearSignatures(pqxx::transaction_base& txn, const std::string& bloc_id) {
  return static_cast<int>(
      txn.exec_params("UPDATE campaign.bloc_member SET signed_by = NULL, signed_at = NULL "
                      "WHERE bloc_id = $1 AND signed_by IS NOT NULL",
                      bloc_id)
          .affected_rows());
}

absl::Status BlocStore::InsertScoring(pqxx::transaction_base& txn, const std::string& bloc_id,
                                      const tdkt::v1::BlocScoring& s, const std::vector<int>& ordered_scores) {
  const pqxx::result r = txn.exec_params(
      absl::StrCat("INSERT INTO campaign.bloc_scoring (bloc_id, scorer_org_id, scored_org_id, scores, scored_by, "
                   "scored_at) VALUES ($1, $2, $3, $4::integer[], $5, ", TimestampFromMicros(6),
                   ") ON CONFLICT DO NOTHING"),
      bloc_id, s.scorer_org_id(), s.scored_org_id(), absl::StrCat("{", absl::StrJoin(ordered_scores, ","), "}"),
      s.scored_by(), absl::ToUnixMicros(common::FromProtoTime(s.scored_at())));
  if (r.affected_rows() == 1) return absl::OkStatus();
  return absl::AlreadyExistsError(
      "Đơn vị này đã chấm điểm đơn vị thành viên kia; mỗi cặp chỉ chấm một lần (one scoring per pair)");
}

std::vector<tdkt::v1::BlocScoring> BlocStore::Scorings(pqxx::transaction_base& txn, const tdkt::v1::Bloc& bloc,
                                                       std::vector<ScoringRow>* rows) {
  std::vector<tdkt::v1::BlocScoring> out;
  for (const pqxx::row& row : txn.exec_params(
           absl::StrCat("SELECT scorer_org_id, scored_org_id, array_to_json(scores)::text, scored_by, ",
                        MicrosOf("scored_at"),
                        " FROM campaign.bloc_scoring WHERE bloc_id = $1 ORDER BY scored_org_id, scorer_org_id"),
           bloc.id())) {
    ScoringRow scoring{row[0].as<std::string>(), row[1].as<std::string>(), {}};
    for (const auto& value : nlohmann::json::parse(row[2].as<std::string>())) scoring.scores.push_back(value.get<int>());
    tdkt::v1::BlocScoring& s = out.emplace_back();
    s.set_scorer_org_id(scoring.scorer_org_id);
    s.set_scored_org_id(scoring.scored_org_id);
    for (size_t c = 0; c < scoring.scores.size() && c < static_cast<size_t>(bloc.criteria_size()); ++c) {
      tdkt::v1::CriterionScore* score = s.add_scores();
      score->set_criterion_code(bloc.criteria(static_cast<int>(c)).code());
      score->set_score(scoring.scores[c]);
    }
    s.set_scored_by(row[3].as<std::string>());
    *s.mutable_scored_at() = common::ProtoTimeFromMicros(row[4].as<int64_t>());
    if (rows != nullptr) rows->push_back(std::move(scoring));
  }
  return out;
}

void BlocStore::SaveRanking(pqxx::transaction_base& txn, const std::string& bloc_id,
                            const tdkt::v1::BlocRanking& ranking) {
  txn.exec_params("INSERT INTO campaign.bloc_result (bloc_id, ranking) VALUES ($1, $2)", bloc_id,
                  pqxx::binarystring(ranking.SerializeAsString()));
}

std::optional<tdkt::v1::BlocRanking> BlocStore::Ranking(pqxx::transaction_base& txn, const std::string& bloc_id) {
  const pqxx::result r = txn.exec_params("SELECT ranking FROM campaign.bloc_result WHERE bloc_id = $1", bloc_id);
  if (r.empty()) return std::nullopt;
  tdkt::v1::BlocRanking ranking;
  (void)ranking.ParseFromString(pqxx::binarystring(r[0][0]).str());
  return ranking;
}

void BlocStore::AddEvent(pqxx::transaction_base& txn, const std::string& bloc_id, const std::string& kind,
                         const std::string& org_id, const std::string& actor, absl::Time at) {
  txn.exec_params(absl::StrCat("INSERT INTO campaign.bloc_event (bloc_id, kind, org_id, actor, at) VALUES ($1, $2, $3, "
                               "$4, ", TimestampFromMicros(5), ")"),
                  bloc_id, kind, org_id, actor, absl::ToUnixMicros(at));
}

}  // namespace tdkt::campaign
