#pragma once
// The rules a campaign and a registration must satisfy before anything is written (pure: no I/O). Every
// refusal is INVALID_ARGUMENT with a Vietnamese message naming the field (API path in parentheses), never its
// value, so that bad input changes nothing and the caller knows what to fix.
//
//   TDKT_RETURN_IF_ERROR(CheckCampaign(request.campaign(), catalog));
//   TDKT_RETURN_IF_ERROR(CheckRegistration(request.registration(), campaign, catalog));
#include <optional>

#include "absl/status/status.h"
#include "absl/time/civil_time.h"
#include "tdkt/v1/campaign.pb.h"
#include "workflow/catalog/catalog.h"

namespace tdkt::campaign {

// The longest period a campaign may span (a five-year plan and its last year's review).
inline constexpr int kMaxCampaignDays = 5 * 366;

// The writable fields of a campaign: texts (NFC, bounded), the organisations (identifiers; covers_org_id may be
// empty, meaning the issuer), the period; rounds inside the period, each in order and none overlapping another;
// targets with catalogue codes (an entry valid during the period) and 0 <= min <= max; the share in [0, 1];
// due dates of known kinds, at most one of each, inside the period, opening no later than they are due.
absl::Status CheckCampaign(const tdkt::v1::Campaign& campaign, const workflow::catalog::Catalog& catalog);

// The registration's own fields against its campaign: the nominee (kind, name, no ID number, plausible numbers),
// one to twenty distinct award codes of the catalogue valid during the campaign's period whose subjects include
// the nominee's kind, the pledge text.
absl::Status CheckRegistration(const tdkt::v1::Registration& registration, const tdkt::v1::Campaign& campaign,
                               const workflow::catalog::Catalog& catalog);

// The campaign's period as civil days (both checked by CheckCampaign).
absl::CivilDay PeriodStart(const tdkt::v1::Campaign& campaign);
absl::CivilDay PeriodEnd(const tdkt::v1::Campaign& campaign);

// The due date of `kind`, when the campaign has one.
std::optional<absl::CivilDay> DueOn(const tdkt::v1::Campaign& campaign, tdkt::v1::PlanDueKind kind);

// Whether a registration made on `day` is late: after the registration due date (inclusive last day).
bool IsLateRegistration(const tdkt::v1::Campaign& campaign, absl::CivilDay day);

}  // namespace tdkt::campaign
