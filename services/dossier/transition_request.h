#pragma once
// TransitionRequest: one mutating dossier RPC as the TransitionRunner takes it. What every command has (the
// request id, the bytes its fingerprint covers, the dossier, the expected version, a history note) sits in the
// request; what the API adds to a workflow command sits in one small struct per kind of command (api::…), so
// that no command carries a field it does not use.
//
//   TransitionRequest request{.method = "ForwardDossier", .request_id = id, .request_bytes = bytes,
//                             .dossier_id = dossier, .expected_version = 3, .note = "",
//                             .command = api::Forward{.next_level_org_id = "P"}};
//   TDKT_ASSIGN_OR_RETURN(std::string response, runner.Run(caller, std::move(request), render));
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <variant>

#include "absl/time/civil_time.h"
#include "services/dossier/dossier_store.h"
#include "workflow/actor.h"
#include "workflow/command.h"
#include "workflow/dossier_snapshot.h"
#include "workflow/vote_tally.h"

namespace tdkt::dossier::api {

// CreateDossier: a new dossier at `origin_org_id`; the runner picks the chain and award in force.
struct Create {
  std::string origin_org_id{};
  std::string award_code{};
  int year = 0;
  std::string nominee_name{};
  std::string nominee{};  // serialized tdkt.v1.Nominee without its ID number
  std::string nominee_id_number{};
  std::string registration_id{};  // optional: the campaign service's Registration.id
};

// A command the API adds nothing to: Submit, Accept, ReturnForSupplement, Resubmit, SendToCouncil,
// RecordExternalOutcome, Reject, Withdraw, Complain, RemoveDocument (and AttachDocument without a stored file).
struct Plain {
  workflow::Command command{};
};

// OpenVote: the eligible members are the council of the holding organisation, from the directory.
struct OpenVote {};

// DecideDossier: the decision as printed; a given signer_person_id must be a person the directory knows (empty:
// the deciding caller signed it).
struct Decide {
  workflow::cmd::Decide decision{};
};

// CastVote: `vote_id` must name the ballot open now (VoteIdOf).
struct CastVote {
  workflow::Ballot ballot = workflow::Ballot::kAbstain;
  std::string vote_id{};
};

// CloseVote: `vote_id` as for CastVote; `next_level_org_id`, when given, must be the holder's ancestor at the
// next level (empty: the runner resolves it through the directory).
struct CloseVote {
  std::string vote_id{};
  std::string next_level_org_id{};
};

// ForwardDossier: `next_level_org_id` as for CloseVote.
struct Forward {
  std::string next_level_org_id{};
};

// PublishDossier: the publication date (nullopt: today in Vietnam).
struct Publish {
  std::optional<absl::CivilDay> published_on{};
};

// EscalateDossier (the scheduler): refused as stale unless the dossier is still at `level` and its running
// deadline is still due on `due_date`, and refused unless today (the service's clock, in Vietnam) is at least
// `overdue_working_days` working days after that due date.
struct Escalate {
  workflow::OrgLevel level = workflow::OrgLevel::kUnit;
  absl::CivilDay due_date{};
  int overdue_working_days = 1;
};

// UploadDocument: the workflow's AttachDocument and the row to insert with it; the runner fills who, when and
// at which level. The content is shared, not copied (up to the upload limit).
struct UploadDocument {
  DocumentRecord document{};
  std::shared_ptr<const std::string> content{};
};

using Command =
    std::variant<Create, Plain, OpenVote, Decide, CastVote, CloseVote, Forward, Publish, Escalate, UploadDocument>;

}  // namespace tdkt::dossier::api

namespace tdkt::dossier {

struct TransitionRequest {
  std::string method{};         // the RPC name; part of the idempotency fingerprint
  std::string request_id{};
  std::string request_bytes{};  // what the fingerprint covers: the request without anything secret (a ballot)
  std::string dossier_id{};     // empty for CreateDossier
  std::optional<int64_t> expected_version{};  // nullopt: no version check (CastVote, EscalateDossier with 0)
  std::string note{};  // history note (cover note, summary); never personal data
  api::Command command{};
};

// The workflow command kind a request asks for.
workflow::CommandKind KindOf(const api::Command& command);

// The id of a ballot round (VoteSummary.vote_id), derived from where and when it opened: the snapshot keeps
// no separate id.
std::string VoteIdOf(const workflow::CouncilVote& vote);

}  // namespace tdkt::dossier
