#pragma once
// The SQL helpers DossierStore's files share (dossier_store.cc, query_store.cc, document_store.cc): how
// timestamps, dates, text arrays, dossier rows and deadline rows travel between libpqxx and the store's
// structs. Internal to the store: include it only from .cc files (it pulls in libpqxx).
#include <optional>
#include <string>
#include <vector>

#include <pqxx/pqxx>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "services/common/pii_cipher.h"
#include "services/dossier/dossier_store.h"

namespace tdkt::dossier::store_sql {

// An expression of Unix microseconds as a timestamptz (NULL stays NULL).
std::string TsOf(const std::string& micros);
// "$n" as a timestamptz, the parameter being Unix microseconds.
std::string Ts(int param);
// As Ts, but the parameter is text and "" means NULL.
std::string TsOrNull(int param);
// A timestamptz column as Unix microseconds.
std::string MicrosOf(const std::string& column);

std::string MicrosText(const std::optional<absl::Time>& t);
std::string DateText(const std::optional<absl::CivilDay>& d);
absl::Time TimeOf(const pqxx::field& f);
std::optional<absl::Time> OptionalTimeOf(const pqxx::field& f);
std::optional<absl::CivilDay> OptionalDateOf(const pqxx::field& f);

std::string PausesToJson(const std::vector<workflow::calendar::ClockPause>& pauses);
DeadlineRecordState DeadlineStateOf(const std::string& name);

// A PostgreSQL text[] literal for a parameter ($n::text[]): every element quoted and escaped.
std::string TextArray(const std::vector<std::string>& values);

// The columns RowOf reads, from table alias `d` (e.g. "d.snapshot, d.tracking_code, …").
std::string DossierColumns(const std::string& d);
inline constexpr int kDossierColumnCount = 14;
// The row, its nominee's ID number opened with `cipher` (DATA_LOSS when it does not open: another key, or a value
// moved from another dossier; FAILED_PRECONDITION for a row not sealed yet, migration 010).
absl::StatusOr<DossierRow> RowOf(const pqxx::row& r, const common::PiiCipher& cipher);

// The nominee's ID number as dossier.dossier.nominee_id_number stores it: sealed, bound to the dossier (the
// associated data names the column and the dossier id); "" when there is none (stored as NULL).
std::string SealedIdNumber(const common::PiiCipher& cipher, const std::string& dossier_id,
                           const std::string& id_number);

// The columns DeadlineOf reads, from a (lateral) deadline row alias `dl`; a NULL deadline_no = none.
std::string DeadlineColumns(const std::string& dl);
inline constexpr int kDeadlineColumnCount = 11;
// The deadline starting at column `first`; nullopt when there is none (NULL deadline_no).
absl::StatusOr<std::optional<DeadlineRecord>> DeadlineOf(const pqxx::row& r, int first);

// "LEFT JOIN LATERAL (the dossier's last deadline) dl ON TRUE" for a dossier alias `d`.
std::string LastDeadlineJoin(const std::string& d);

// A dossier row followed by its last deadline (SELECT DossierColumns, DeadlineColumns): the live one only.
absl::StatusOr<LoadedDossier> LoadedOf(const pqxx::row& r, const common::PiiCipher& cipher);

// A dossier's history, oldest first.
std::vector<EventRow> ReadHistory(pqxx::transaction_base& w, const std::string& dossier_id);

// Document rows (document_store.cc), written inside a transition's transaction.
void InsertDocument(pqxx::transaction_base& w, const DocumentRecord& document, const std::string& content);
void MarkDocumentRemoved(pqxx::transaction_base& w, const std::string& dossier_id, const std::string& document_id,
                         const std::string& removed_by, absl::Time removed_at);

// Award history rows (award_history_store.cc), written inside a transition's transaction or an import's.
void InsertAwardHistory(pqxx::transaction_base& w, const AwardHistoryRecord& record);
// Marks the live row of a decided dossier withdrawn.
void WithdrawAward(pqxx::transaction_base& w, const std::string& dossier_id, absl::Time at);

}  // namespace tdkt::dossier::store_sql
