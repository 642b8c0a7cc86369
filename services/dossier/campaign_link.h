#pragma once
// CampaignLink: what a dossier transition needs from the campaign service, asked over gRPC as the dossier
// service account (services may read every campaign: services/campaign/campaign_access.h) BEFORE the
// transition's transaction opens, so that no network call is made while the dossier's row is locked:
//   the plan targets with an upper bound (AwardTargetSpec.max) that count an award in the campaigns covering an
//   organisation in a year (ListCampaigns, every page), checked at SendToCouncil and at the decision
//   (award_rules.h).
// Anything but an answer (the service down or late, a refusal) is UNAVAILABLE: the transition fails closed.
//
//   CampaignLink link(channel, token);
//   TDKT_ASSIGN_OR_RETURN(std::vector<PlanTarget> targets, link.TargetsFor("U", 2026, "TAP_THE_LDTT"));
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"

namespace grpc {
class Channel;
class ClientContext;
}

namespace tdkt::dossier {

// One target of a campaign (kế hoạch, phong trào thi đua) with an upper bound: at most `max` awards of
// `award_codes` (counted together) decided for the dossiers of years `first_year`..`last_year` (the campaign's
// period) originated in the subtree of `covers_org_id`.
struct PlanTarget {
  std::string campaign_id;
  std::string campaign_name_vi;
  std::string document_number;  // may be empty
  std::string covers_org_id;
  int first_year = 0;
  int last_year = 0;
  std::string label_vi;
  std::vector<std::string> award_codes;  // sorted
  int max = 0;

  // The key of the target's lock row: the award codes joined with "+" (dossier.plan_target_lock).
  std::string LockKey() const;
};

// A registration for titles (đăng ký thi đua) as the campaign service has it, with its campaign's period.
struct RegistrationFact {
  std::string id;
  std::vector<std::string> award_codes;
  // The nominee registered: tdkt.v1.NomineeKind as a number, the directory person or organisation (may be empty),
  // the name and birth year.
  int nominee_kind = 0;
  std::string person_id;
  std::string org_id;
  std::string name;
  int birth_year = 0;
  bool late = false;
  std::string campaign_name_vi;
  int first_year = 0;  // the campaign's period
  int last_year = 0;
};

// What a transition learnt from the campaign service before its transaction opened (TransitionRunner), for the
// rules inside it (award_rules.h).
struct CampaignFacts {
  // A campaign service is configured: a transition to COUNCIL_VOTING or DECIDED checks the plan targets, a
  // submission the registration.
  bool configured = false;
  // The dossier as it was when the targets were asked (set when they were): the award, year and origin the
  // targets were asked for. The locked row must still say the same.
  struct Asked {
    std::string award_code;
    int year = 0;
    std::string origin_org_id;
  };
  std::optional<Asked> asked;
  std::vector<PlanTarget> targets;  // when asked: those TargetsFor gave
  // Submission of an award that requires a registration, the dossier referring to one: the id asked, and what
  // the campaign service has under it (nullopt: no such registration).
  std::optional<std::string> registration_asked;
  std::optional<RegistrationFact> registration;
};

class CampaignLink {
 public:
  // Gives the token sent as `authorization: Bearer …` with each call (the service account's session).
  using TokenSource = std::function<absl::StatusOr<std::string>()>;
  CampaignLink(std::shared_ptr<grpc::Channel> channel, TokenSource access_token);
  ~CampaignLink();

  // The targets with a max that count `award_code`, of the campaigns whose covered root is `org_id` or one of its
  // ancestors and whose period touches `year`; sorted by (campaign_id, LockKey()), the order their rows are locked.
  absl::StatusOr<std::vector<PlanTarget>> TargetsFor(const std::string& org_id, int year,
                                                     const std::string& award_code) const;
  // The registration `registration_id` with its campaign's period (GetRegistration, GetCampaign); nullopt when
  // the campaign service has none.
  absl::StatusOr<std::optional<RegistrationFact>> Registration(const std::string& registration_id) const;

 private:
  // A call's context: the deadline and the bearer token (UNAVAILABLE without one).
  absl::StatusOr<std::unique_ptr<grpc::ClientContext>> NewContext() const;

  struct Stub;
  std::unique_ptr<Stub> stub_;
  TokenSource access_token_;
};

}  // namespace tdkt::dossier
