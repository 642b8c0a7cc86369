#include "services/dossier/store_sql.h"

#include <nlohmann/json.hpp>
#include <pqxx/binarystring>

#include <cstdio>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "base/iso_date.h"
#include "base/status_macros.h"
#include "services/common/proto_conversions.h"
#include "services/dossier/snapshot_codec.h"

namespace tdkt::dossier::store_sql {
namespace {

absl::StatusOr<std::vector<workflow::calendar::ClockPause>> PausesFromJson(const std::string& text) {
  std::vector<workflow::calendar::ClockPause> pauses;
  for (const auto& p : nlohmann::json::parse(text)) {
    const std::optional<absl::CivilDay> returned = base::ParseIsoDate(p.at(0).get<std::string>());
    const std::optional<absl::CivilDay> resubmitted = base::ParseIsoDate(p.at(1).get<std::string>());
    if (!returned || !resubmitted) return absl::InternalError("dossier.deadline.pauses: not a date");
    pauses.push_back({*returned, *resubmitted});
  }
  return pauses;
}

// The associated data of a sealed ID number: the column and the dossier, so that it opens nowhere else.
std::string IdNumberField(const std::string& dossier_id) {
  return absl::StrCat("dossier.nominee.id_number:", dossier_id);
}

}  // namespace

// Timestamps travel as Unix microseconds, so nothing is lost to floating-point epochs.
std::string TsOf(const std::string& micros) {
  return absl::StrCat("('epoch'::timestamptz + (", micros, ")::bigint * interval '1 microsecond')");
}
std::string Ts(int param) { return TsOf(absl::StrCat("$", param)); }
std::string TsOrNull(int param) { return TsOf(absl::StrCat("NULLIF($", param, ", '')")); }
std::string MicrosOf(const std::string& column) {
  return absl::StrCat("(extract(epoch FROM ", column, ") * 1000000)::bigint");
}

std::string MicrosText(const std::optional<absl::Time>& t) {
  return t ? std::to_string(absl::ToUnixMicros(*t)) : std::string();
}
std::string DateText(const std::optional<absl::CivilDay>& d) { return d ? base::FormatIsoDate(*d) : std::string(); }

absl::Time TimeOf(const pqxx::field& f) { return absl::FromUnixMicros(f.as<int64_t>()); }
std::optional<absl::Time> OptionalTimeOf(const pqxx::field& f) {
  if (f.is_null()) return std::nullopt;
  return TimeOf(f);
}
std::optional<absl::CivilDay> OptionalDateOf(const pqxx::field& f) {
  if (f.is_null()) return std::nullopt;
  return base::ParseIsoDate(f.as<std::string>());
}

std::string PausesToJson(const std::vector<workflow::calendar::ClockPause>& pauses) {
  nlohmann::json list = nlohmann::json::array();
  for (const auto& p : pauses) list.push_back({base::FormatIsoDate(p.returned_on), base::FormatIsoDate(p.resubmitted_on)});
  return list.dump();
}

DeadlineRecordState DeadlineStateOf(const std::string& name) {
  if (name == "RUNNING") return DeadlineRecordState::kRunning;
  if (name == "PAUSED") return DeadlineRecordState::kPaused;
  return DeadlineRecordState::kCleared;
}

std::string TextArray(const std::vector<std::string>& values) {
  std::string out = "{";
  for (size_t i = 0; i < values.size(); ++i) {
    if (i > 0) out += ',';
    out += '"';
    out += absl::StrReplaceAll(values[i], {{"\\", "\\\\"}, {"\"", "\\\""}});
    out += '"';
  }
  out += '}';
  return out;
}

std::string DossierColumns(const std::string& d) {
  return absl::StrCat(d, ".snapshot, ", d, ".tracking_code, ", d, ".year, ", d, ".nominee_name, ", d, ".nominee, ",
                      MicrosOf(d + ".submitted_at"), ", ", MicrosOf(d + ".state_changed_at"), ", ", d,
                      ".published_on::text, array_to_json(", d, ".origin_org_path)::text, ", d, ".current_level, ",
                      "array_to_json(", d, ".held_org_ids)::text, ", d, ".nominee_id_number, ", d,
                      ".id_number_sealed, ", d, ".registration_id");
}

std::string SealedIdNumber(const common::PiiCipher& cipher, const std::string& dossier_id,
                           const std::string& id_number) {
  return id_number.empty() ? std::string() : cipher.Seal(IdNumberField(dossier_id), id_number);
}

absl::StatusOr<DossierRow> RowOf(const pqxx::row& r, const common::PiiCipher& cipher) {
  DossierRow row;
  TDKT_ASSIGN_OR_RETURN(row.snapshot, SnapshotFromJson(r[0].as<std::string>(), &cipher));
  row.tracking_code = r[1].as<std::string>();
  row.year = r[2].as<int>();
  row.nominee_name = r[3].as<std::string>();
  row.nominee = pqxx::binarystring(r[4]).str();
  row.submitted_at = OptionalTimeOf(r[5]);
  row.state_changed_at = TimeOf(r[6]);
  row.published_on = OptionalDateOf(r[7]);
  if (!r[8].is_null()) {
    for (const auto& org : nlohmann::json::parse(r[8].as<std::string>())) {
      row.origin_org_path.push_back(org.get<std::string>());
    }
  }
  for (const auto& org : nlohmann::json::parse(r[10].as<std::string>())) {
    row.held_org_ids.push_back(org.get<std::string>());
  }
  if (!r[12].as<bool>()) {
    return absl::FailedPreconditionError(absl::StrCat(
        "Số định danh của hồ sơ ", row.snapshot.id, " chưa được mã hóa (a row from before migration 010: run "
        "tdkt-dossier --seal-id-numbers true)"));
  }
  if (!r[11].is_null()) {
    absl::StatusOr<std::string> id_number =
        cipher.Open(IdNumberField(row.snapshot.id), pqxx::binarystring(r[11]).str());
    if (!id_number.ok()) {
      return absl::DataLossError(absl::StrCat("Không giải mã được số định danh của hồ sơ ", row.snapshot.id,
                                              "; hãy báo quản trị hệ thống (", id_number.status().message(), ")"));
    }
    row.nominee_id_number = std::move(*id_number);
  }
  if (!r[9].is_null()) {  // NULL for rows from before migration 002: they are at the unit level
    const std::optional<workflow::OrgLevel> level = common::OrgLevelFromStored(r[9].as<int>());
    if (!level) return absl::InternalError("dossier.current_level out of range");
    row.current_level = *level;
  }
  row.registration_id = r[13].as<std::string>();
  return row;
}

std::string DeadlineColumns(const std::string& dl) {
  return absl::StrCat(dl, ".deadline_no, ", dl, ".level_index, ", dl, ".org_id, ", MicrosOf(dl + ".received_at"),
                      ", ", dl, ".working_days, ", dl, ".due_date::text, ", MicrosOf(dl + ".paused_at"), ", ", dl,
                      ".pauses, ", dl, ".escalation_count, ", dl, ".state, ", dl, ".calendar_version");
}

absl::StatusOr<std::optional<DeadlineRecord>> DeadlineOf(const pqxx::row& r, int first) {
  const auto at = [&](int i) { return r[static_cast<pqxx::row::size_type>(first + i)]; };
  if (at(0).is_null()) return std::nullopt;
  DeadlineRecord record;
  record.deadline_no = at(0).as<int>();
  record.level_index = at(1).as<int>();
  record.org_id = at(2).as<std::string>();
  record.received_at = TimeOf(at(3));
  record.working_days = at(4).as<int>();
  if (std::optional<absl::CivilDay> due = OptionalDateOf(at(5))) record.due_date = *due;
  record.paused_at = OptionalTimeOf(at(6));
  TDKT_ASSIGN_OR_RETURN(record.pauses, PausesFromJson(at(7).as<std::string>()));
  record.escalation_count = at(8).as<int>();
  record.state = DeadlineStateOf(at(9).as<std::string>());
  record.calendar_version = at(10).as<int64_t>();
  return record;
}

std::string LastDeadlineJoin(const std::string& d) {
  return absl::StrCat("LEFT JOIN LATERAL (SELECT * FROM dossier.deadline x WHERE x.dossier_id = ", d,
                      ".id ORDER BY x.deadline_no DESC LIMIT 1) dl ON TRUE");
}

absl::StatusOr<LoadedDossier> LoadedOf(const pqxx::row& r, const common::PiiCipher& cipher) {
  LoadedDossier loaded;
  TDKT_ASSIGN_OR_RETURN(loaded.row, RowOf(r, cipher));
  TDKT_ASSIGN_OR_RETURN(std::optional<DeadlineRecord> deadline, DeadlineOf(r, kDossierColumnCount));
  if (deadline) {
    loaded.last_deadline_no = deadline->deadline_no;
    if (deadline->state != DeadlineRecordState::kCleared) loaded.live_deadline = std::move(*deadline);
  }
  return loaded;
}

std::vector<EventRow> ReadHistory(pqxx::transaction_base& w, const std::string& dossier_id) {
  static const std::string kSql =
      absl::StrCat("SELECT seq, type, actor_id, ", MicrosOf("occurred_at"),
                   ", payload, prev_hash, hash FROM dossier.event WHERE dossier_id = $1 ORDER BY seq");
  std::vector<EventRow> rows;
  for (const auto& row : w.exec_params(kSql, dossier_id)) {
    rows.push_back(EventRow{row[0].as<int64_t>(), row[1].as<std::string>(), row[2].as<std::string>(),
                            TimeOf(row[3]), row[4].as<std::string>(), row[5].as<std::string>(),
                            row[6].as<std::string>()});
  }
  return rows;
}

}  // namespace tdkt::dossier::store_sql
