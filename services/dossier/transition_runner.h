#pragma once
// TransitionRunner: the one pipeline every mutating dossier RPC goes through, in ONE PostgreSQL transaction
// (DossierStore::InTransition), in named steps:
//   claim    the request id (common::Idempotency): a repeated id returns the first response, the same id with
//            another request is ALREADY_EXISTS;
//   load     the dossier row locked (SELECT … FOR UPDATE), its pinned chain and award, the caller bound to it
//            (BindActor with the holder's ancestors from the OrgDirectory);
//   guard    what the API adds per command: the next level's organisation, the council that votes, the open
//            ballot's id, a decision's signer, the escalation's level, due date and days overdue by the calendar;
//   apply    the state machine (ApplyCommand), who acted (the authorising grant, the person's name in the
//            directory now, kept as it is in what the command writes) and the calendar (PlanDeadlines);
//   build    the write, pure (BuildTransitionWrite, transition_write.h), and the response from it;
//   awards   the rules on the award history: earlier awards at submission, the caps and the plan targets at send
//            to council and decision (under their lock rows; the targets asked of the campaign service before the
//            transaction opened), the history row of a decision (award_rules.h);
//   write    the dossier row (version checked), the hash-chained history entry, deadlines, outbox and document
//            rows, and the idempotency record; commit.
// The row lock serialises the commands on one dossier, so a command without expected_version (a ballot, an
// escalation) never loses a race to another: it applies to whatever version it finds. A transition takes ONE
// snapshot of the working-day calendar (CalendarHolder::Current) for every step, so that a calendar swapped in
// meanwhile never mixes two calendars in one transition; the deadline rows it writes keep that version.
//
//   TransitionRequest request{.method = "AcceptDossier", .request_id = id, .request_bytes = bytes,
//                             .dossier_id = dossier, .expected_version = 3, .command = api::Plain{cmd::Accept{}}};
//   TDKT_ASSIGN_OR_RETURN(std::string response, runner.Run(caller, std::move(request), render));
#include <functional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "base/clock.h"
#include "services/auth/token_verifier.h"
#include "services/dossier/campaign_link.h"
#include "services/dossier/dossier_store.h"
#include "services/dossier/org_directory.h"
#include "services/dossier/transition_request.h"
#include "services/dossier/transition_write.h"
#include "workflow/actor_context.h"
#include "workflow/calendar/calendar_snapshot.h"
#include "workflow/catalog/catalog.h"
#include "workflow/command.h"
#include "workflow/transition_policy.h"
#include "workflow/visibility.h"

namespace tdkt::dossier {

// The service account name whose tokens act as the system actor (EscalateDossier).
inline constexpr char kSchedulerService[] = "scheduler";

// The system actor of the recomputation of deadlines after a calendar change (RecalculateDeadline): no token
// names it, only the dossier service itself acts as it.
inline constexpr char kCalendarActor[] = "calendar";

// The history note of a recomputed deadline; the note adds the old and new due dates and the calendar version.
inline constexpr char kRecalculationNote[] = "hạn xử lý được tính lại do thay đổi lịch nghỉ";

// What a response is rendered from: the dossier after the command, and what the caller sees of it (the same
// rule as every read: the response shows what GetDossier would show the caller now).
struct DossierView {
  const DossierRow& row;
  const std::optional<DeadlineRecord>& deadline;
  const DocumentRecord* document = nullptr;  // UploadDocument: the document as stored
  workflow::Visibility sees{};
};
using ResponseRenderer = std::function<std::string(const DossierView&)>;

// A caller bound to one dossier for a read: the relations the transition table checks (allowed actions) and
// what the visibility rule (workflow/visibility.h) lets it see.
struct BoundReader {
  workflow::ActorContext actor;
  workflow::Visibility sees;
};

// The dossier's path and state as the visibility rule reads them; `holder_ancestors` must outlive the result.
workflow::DossierWhereabouts WhereaboutsOf(const DossierRow& row, const std::vector<std::string>& holder_ancestors);

struct TransitionRunnerOptions {
  workflow::TransitionPolicy policy{};
  // The secret of the idempotency fingerprints (common::RequestFingerprint): a subkey of the service's PII key
  // (DossierServer), so that the stored fingerprint of a request carrying an ID number cannot be checked against
  // guesses. Empty: plain SHA-256 (tests of the runner alone).
  std::string fingerprint_key{};
  // The campaign service (plan targets), asked before the transaction of a SendToCouncil, DecideDossier or
  // RecordExternalOutcome; null: plan targets are not checked (no campaign service configured).
  const CampaignLink* campaigns = nullptr;
};

class TransitionRunner {
 public:
  // `calendars` is the process's current working-day calendar (it may be swapped while the runner runs).
  TransitionRunner(const DossierStore& store, const OrgDirectory& directory, const workflow::catalog::Catalog& catalog,
                   const workflow::calendar::CalendarHolder& calendars, const base::Clock& clock,
                   TransitionRunnerOptions options = {});

  // The serialized response (the first one for a repeated request_id).
  absl::StatusOr<std::string> Run(const auth::Identity& caller, TransitionRequest request,
                                  const ResponseRenderer& render) const;

  // RECALCULATE_DEADLINE on `dossier_id` as the system actor kCalendarActor, counted with `calendar` (not
  // necessarily the holder's current one): a transition like any other — version bump, hash-chained history entry
  // noted kRecalculationNote, the deadline's new due date as DEADLINE_SET (DEADLINE_PAUSED for a paused deadline)
  // in the outbox. `expected_version` is the dossier version the caller read the deadline at (ABORTED when the
  // dossier changed since). The request id names the dossier, that version and the calendar version, so that a
  // second call for the same state changes nothing more. FAILED_PRECONDITION without a live deadline.
  absl::Status RecalculateDeadline(const std::string& dossier_id, int64_t expected_version,
                                   std::shared_ptr<const workflow::calendar::CalendarSnapshot> calendar,
                                   const std::string& note) const;

  // The caller bound to a dossier's holder, origin and the holder's ancestors today (for reads).
  absl::StatusOr<workflow::ActorContext> ResolveActor(const auth::Identity& caller,
                                                      const workflow::DossierSnapshot& dossier) const;

  // The caller bound to a stored dossier for a read (and for a command's response). The scheduler's account is
  // the system actor; any other service account is PERMISSION_DENIED.
  absl::StatusOr<BoundReader> BindReader(const auth::Identity& caller, const DossierRow& row) const;

  // The ancestors of the dossier's holder, nearest first: from the dossier's stored origin path when the holder is
  // on it (always, unless the organisation tree changed since), else from the directory.
  absl::StatusOr<std::vector<std::string>> HolderAncestors(const DossierRow& row) const;

  // The commands the caller may issue now (a hint for GetDossier).
  std::vector<workflow::CommandKind> AllowedActions(const workflow::ActorContext& actor,
                                                    const workflow::DossierSnapshot& dossier) const;

  // OK when the caller may attach a document to the dossier now (UploadDocument asks before it receives the
  // content; Run checks again).
  absl::Status MayAttachDocument(const auth::Identity& caller, const std::string& dossier_id) const;

  const workflow::TransitionPolicy& policy() const { return options_.policy; }
  const workflow::catalog::Catalog& catalog() const { return catalog_; }
  const base::Clock& clock() const { return clock_; }
  // The current calendar snapshot: hold it for the whole piece of work that counts with it.
  std::shared_ptr<const workflow::calendar::CalendarSnapshot> calendar() const { return calendars_.Current(); }
  const OrgDirectory& directory() const { return directory_; }

 private:
  // Who runs a transition: a token's caller, or the service itself as a system actor (internal: `caller` then
  // names the actor in service_name, and no response is rendered).
  struct Initiator {
    const auth::Identity& caller;
    bool internal = false;
  };
  // Claim → Transit → record, in one transaction, with `calendar` for every step.
  absl::StatusOr<std::string> Execute(const Initiator& who, TransitionRequest request, const ResponseRenderer& render,
                                      const workflow::calendar::CalendarSnapshot& calendar) const;
  // What the transition needs from the campaign service, asked before its transaction opens (no network call
  // while the dossier's row is locked): UNAVAILABLE when it does not answer.
  absl::StatusOr<CampaignFacts> AskCampaigns(const TransitionRequest& request) const;
  // Every step after the claim; the response to record.
  absl::StatusOr<std::string> Transit(TransitionTransaction& txn, const Initiator& who, const TransitionRequest& request,
                                      const ResponseRenderer& render,
                                      const workflow::calendar::CalendarSnapshot& calendar,
                                      const CampaignFacts& campaigns) const;
  absl::StatusOr<TransitionState> LoadNew(const auth::Identity& caller, const api::Create& create) const;
  absl::StatusOr<TransitionState> LoadExisting(TransitionTransaction& txn, const Initiator& who,
                                               const std::string& dossier_id) const;
  // The name, role and organisation the history records for the accepted command (ActingAs).
  absl::StatusOr<ActingAs> Acting(const TransitionState& state, workflow::CommandKind kind) const;
  absl::StatusOr<workflow::Transition> Apply(const TransitionState& state, const workflow::Command& command,
                                             const std::string& next_level_org_id,
                                             const std::optional<int64_t>& expected_version) const;

  const DossierStore& store_;
  const OrgDirectory& directory_;
  const workflow::catalog::Catalog& catalog_;
  const workflow::calendar::CalendarHolder& calendars_;
  const base::Clock& clock_;
  const TransitionRunnerOptions options_;
};

}  // namespace tdkt::dossier
