#pragma once
// AwardHistoryRecord: one award a person or a collective received (dossier.award_history, migration 013), from a
// dossier decided in tdkt or imported by CSV (award_history_csv.h). The prior-award rules and the caps read them
// (award_rules.h); AwardHistoryService lists them.
#include <cstdint>
#include <optional>
#include <string>

#include "absl/time/civil_time.h"
#include "absl/time/time.h"

namespace tdkt::dossier {

enum class AwardSubjectKind { kPerson, kCollective };
enum class AwardHistorySource { kTdkt, kImport };

struct AwardHistoryRecord {
  AwardSubjectKind subject_kind = AwardSubjectKind::kPerson;
  std::string subject_id;  // '' when a decided dossier's nominee is not linked to the directory
  std::string org_id;      // the organisation the award counts in (the caps' unit)
  std::string award_code;
  int year = 0;
  std::string decision_number;
  absl::CivilDay decision_date;
  std::string issuing_body;
  AwardHistorySource source = AwardHistorySource::kTdkt;
  std::string dossier_id;   // kTdkt
  std::string import_id;    // kImport: the import's request id
  int import_line = 0;      // kImport: the CSV line
  absl::Time recorded_at;
  std::string recorded_by;  // person id
  bool withdrawn = false;
};

// "PERSON" / "COLLECTIVE", as stored and as the CSV names them.
const char* AwardSubjectKindName(AwardSubjectKind kind);

}  // namespace tdkt::dossier
