#pragma once
// ProjectEvent: how one dossier event moves the reports' counters (migrations/002_reports.sql), without I/O. The
// dossier's stored situation (ReportDossier) says where it counts now; the event's after-values say where it
// counts next; the difference is a set of counter deltas. Idempotent by dossier version: an event older than the
// version applied, or of a type already applied at that version, is a redelivery and changes nothing (one command
// produces several events with the same version, e.g. VOTE_CLOSED + DOSSIER_FORWARDED + DEADLINE_CLEARED +
// DEADLINE_SET, so the version alone does not tell them apart).
//
//   std::optional<ReportDossier> stored = …;   // none for a dossier not seen yet
//   ReportDeltas deltas;
//   if (ProjectEvent(envelope, stored, deltas) == ProjectOutcome::kApplied) { … write *stored and deltas … }
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "absl/time/civil_time.h"

namespace tdkt::v1 {
class EventEnvelope;
}

namespace tdkt::campaign {

// Appraisal lengths above this many working days share its histogram bucket.
inline constexpr int kAppraisalDaysCap = 60;

struct ReportDossier {
  std::string dossier_id;
  int64_t applied_version = 0;
  uint64_t applied_types = 0;  // bit (1 << tdkt.v1.EventType value) per type applied at applied_version
  std::vector<std::string> org_path;  // the origin unit and its ancestors: every counter change goes to each
  absl::CivilMonth opened_month;
  std::string award_code;
  int state = 0;  // tdkt.v1.DossierState
  int level = 0;  // tdkt.v1.OrgLevel
  bool individual = false;
  bool female = false;
  bool direct_worker = false;
  std::optional<absl::CivilMonth> decided_month;
  std::string live_deadline_id;
  std::string overdue_deadline_id;
  bool complaint_open = false;
};

struct AwardDelta {
  int64_t decided = 0, to_individuals = 0, to_women = 0, to_direct_workers = 0;
};
struct AppraisalDelta {
  int64_t appraisals = 0, days_sum = 0;
};
struct ComplaintDelta {
  int64_t received = 0, resolved = 0;
};

// Counter changes, summed over a batch of events, for each organisation of the dossiers' paths; keys sort so that
// writers lock rows in one order.
struct ReportDeltas {
  // (org, month, level, award, state)
  std::map<std::tuple<std::string, absl::CivilMonth, int, std::string, int>, int64_t> dossiers;
  // (org, month, award)
  std::map<std::tuple<std::string, absl::CivilMonth, std::string>, AwardDelta> awards;
  // (org, month, level, working days)
  std::map<std::tuple<std::string, absl::CivilMonth, int, int>, AppraisalDelta> appraisals;
  // (org, month, level)
  std::map<std::tuple<std::string, absl::CivilMonth, int>, int64_t> overdue;
  // (org, month)
  std::map<std::pair<std::string, absl::CivilMonth>, ComplaintDelta> complaints;
};

enum class ProjectOutcome { kApplied, kDuplicate, kStale, kIgnored };

// `stored`: the dossier's situation, updated in place (created for a dossier not seen yet). kIgnored for events
// that are not the dossier service's dossier events (reminders, calendar changes).
ProjectOutcome ProjectEvent(const tdkt::v1::EventEnvelope& event, std::optional<ReportDossier>& stored,
                            ReportDeltas& deltas);

}  // namespace tdkt::campaign
