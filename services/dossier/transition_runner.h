#pragma once
// TransitionRunner: the one pipeline every mutating dossier RPC goes through (DESIGN §3 "Rules that keep it
// correct"):
//   idempotency check → load the dossier → resolve the actor (BindActor with the holder's ancestors from the
//   OrgDirectory) → ApplyCommand → deadlines with the calendar → ONE transaction: idempotency row, dossier row
//   (UPDATE … WHERE version = expected, else ABORTED), hash-chained history entry, deadline rows, outbox rows.
// A repeated request_id returns the first response; the same id with another request is ALREADY_EXISTS.
//
//   CommandRequest request{.method = "AcceptDossier", .request_id = id, .request_bytes = bytes,
//                          .dossier_id = dossier, .expected_version = 3, .command = cmd::Accept{}};
//   TDKT_ASSIGN_OR_RETURN(std::string response, runner.Run(caller, std::move(request), render));
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "services/auth/token_verifier.h"
#include "services/dossier/deadline_calculator.h"
#include "services/dossier/dossier_store.h"
#include "services/dossier/org_directory.h"
#include "workflow/actor_context.h"
#include "workflow/calendar/working_day_calendar.h"
#include "workflow/catalog/catalog.h"
#include "base/clock.h"
#include "workflow/command.h"
#include "workflow/transition_policy.h"

namespace tdkt::dossier {

// The service account name whose tokens act as the system actor (EscalateDossier).
inline constexpr char kSchedulerService[] = "scheduler";

struct NewDossierFields {  // CreateDossier only
  std::string award_code;
  int year = 0;
  std::string nominee_name;
  std::string nominee;  // serialized tdkt.v1.Nominee
};

struct CommandRequest {
  std::string method;         // the RPC name; part of the idempotency fingerprint
  std::string request_id;
  std::string request_bytes;  // the request as bytes, without anything that must not be stored (a ballot)
  std::string dossier_id;     // empty for CreateDossier
  std::optional<int64_t> expected_version;  // nullopt: no check (cast vote / escalate with 0); retried on races
  workflow::Command command;
  std::string note;  // history note (cover note, summary); never personal data
  std::string next_level_org_id;  // Forward / CloseVote; empty = resolve through the directory
  std::string vote_id;            // CastVote / CloseVote: must name the open ballot
  std::optional<absl::CivilDay> published_on;  // Publish; nullopt = today
  std::optional<workflow::OrgLevel> escalation_level;      // Escalate: must be the current level
  std::optional<absl::CivilDay> escalation_due_date;       // Escalate: must be the running deadline's due date
  NewDossierFields new_dossier;
  // UploadDocument (command AttachDocument): the row to insert with the transition; the runner fills who, when
  // and at which level. The content is shared, not copied, across retries.
  std::optional<DocumentRecord> new_document;
  std::shared_ptr<const std::string> new_document_content;
};

// What a response is rendered from: the dossier after the command.
struct DossierView {
  const DossierRow& row;
  const std::optional<DeadlineRecord>& deadline;
  const DocumentRecord* document = nullptr;  // UploadDocument: the document as stored
};
using ResponseRenderer = std::function<std::string(const DossierView&)>;

// The id of a ballot round, derived from where and when it opened (the snapshot keeps no separate id).
std::string VoteIdOf(const workflow::CouncilVote& vote);

class TransitionRunner {
 public:
  TransitionRunner(const DossierStore& store, const OrgDirectory& directory, const workflow::catalog::Catalog& catalog,
                   const workflow::calendar::WorkingDayCalendar& calendar, const base::Clock& clock,
                   workflow::TransitionPolicy policy = {});

  // The serialized response (the first one for a repeated request_id).
  absl::StatusOr<std::string> Run(const auth::Identity& caller, CommandRequest request,
                                  const ResponseRenderer& render) const;

  // The caller bound to a dossier's holder, origin and the holder's ancestors today (for reads).
  absl::StatusOr<workflow::ActorContext> ResolveActor(const auth::Identity& caller,
                                                      const workflow::DossierSnapshot& dossier) const;

  // The commands the caller may issue now (a hint for GetDossier).
  std::vector<workflow::CommandKind> AllowedActions(const workflow::ActorContext& actor,
                                                    const workflow::DossierSnapshot& dossier) const;

  const workflow::TransitionPolicy& policy() const { return policy_; }
  const workflow::catalog::Catalog& catalog() const { return catalog_; }
  const base::Clock& clock() const { return clock_; }
  const workflow::calendar::WorkingDayCalendar& calendar() const { return calendar_; }
  const OrgDirectory& directory() const { return directory_; }

 private:
  struct Prepared;
  absl::StatusOr<Prepared> Prepare(const auth::Identity& caller, const CommandRequest& request,
                                   const ResponseRenderer& render) const;

  const DossierStore& store_;
  const OrgDirectory& directory_;
  const workflow::catalog::Catalog& catalog_;
  const workflow::calendar::WorkingDayCalendar& calendar_;
  const base::Clock& clock_;
  const workflow::TransitionPolicy policy_;
};

}  // namespace tdkt::dossier
