#pragma once
// BlocStore: the SQL of emulation blocs (migrations/003_blocs.sql) — the bloc, its members and their signatures,
// the scorings, the fixed ranking and the bloc's event rows — in the caller's transaction.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "services/campaign/bloc_rules.h"
#include "tdkt/v1/bloc.pb.h"

namespace pqxx {
class transaction_base;
}

namespace tdkt::campaign {

enum class RowLock { kNone, kShare, kUpdate };

class BlocStore {
 public:
  // `bloc` has its id, version 1, timestamps and no members (AddMembers adds them).
  static void Insert(pqxx::transaction_base& txn, const tdkt::v1::Bloc& bloc, const std::string& created_by);
  // The bloc with its members by position; with a lock, the bloc row stays locked until the transaction ends.
  static std::optional<tdkt::v1::Bloc> Load(pqxx::transaction_base& txn, const std::string& id,
                                            RowLock lock = RowLock::kNone);
  // The blocs of a manager in a year, by id.
  static std::vector<tdkt::v1::Bloc> List(pqxx::transaction_base& txn, const std::string& manager_org_id, int year);

  // Writes head, criteria, pledge_version, state, version and updated_at of `bloc` over the row at
  // `expected_version`; ABORTED when the row has moved on.
  static absl::Status Update(pqxx::transaction_base& txn, const tdkt::v1::Bloc& bloc, int64_t expected_version);

  // Appends `org_ids` after the bloc's last position. FAILED_PRECONDITION (naming the organisation) when one is
  // already in a bloc of the same manager and year, this one included.
  static absl::Status AddMembers(pqxx::transaction_base& txn, const tdkt::v1::Bloc& bloc,
                                 const std::vector<std::string>& org_ids);
  // Records the member's signature; ALREADY_EXISTS when it has signed already.
  static absl::Status Sign(pqxx::transaction_base& txn, const std::string& bloc_id, const std::string& org_id,
                           const std::string& person_id, absl::Time at);
  // Withdraws every signature (the pledge changed); how many there were.
  static int ClearSignatures(pqxx::transaction_base& txn, const std::string& bloc_id);

  // ALREADY_EXISTS when the scorer has scored that member already.
  static absl::Status InsertScoring(pqxx::transaction_base& txn, const std::string& bloc_id,
                                    const tdkt::v1::BlocScoring& scoring, const std::vector<int>& ordered_scores);
  // Every scoring of the bloc, by scored then scorer, its scores named by the pledge's criteria; with `rows`, also
  // as the rows RankBloc takes.
  static std::vector<tdkt::v1::BlocScoring> Scorings(pqxx::transaction_base& txn, const tdkt::v1::Bloc& bloc,
                                                     std::vector<ScoringRow>* rows);

  static void SaveRanking(pqxx::transaction_base& txn, const std::string& bloc_id, const tdkt::v1::BlocRanking& ranking);
  static std::optional<tdkt::v1::BlocRanking> Ranking(pqxx::transaction_base& txn, const std::string& bloc_id);

  // One event row: `kind` (CREATED, MEMBERS_ADDED, HEAD_SET, PLEDGE_SET, SIGNED, FROZEN, SCORED, CLOSED) for the
  // member `org_id` (may be empty) by `actor` at `at`.
  static void AddEvent(pqxx::transaction_base& txn, const std::string& bloc_id, const std::string& kind,
                       const std::string& org_id, const std::string& actor, absl::Time at);
};

}  // namespace tdkt::campaign
