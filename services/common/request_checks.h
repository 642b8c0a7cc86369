#pragma once
// Request checks: the one vocabulary every service uses at its edge, before anything is read or written (bad
// input gets a clear Vietnamese INVALID_ARGUMENT and changes nothing). Each check names the field the way the
// caller passes it — a Vietnamese label with the API field in parentheses — and never repeats the value (it may
// be personal data).
//
//   TDKT_RETURN_IF_ERROR(CheckRequestId(request.request_id()));
//   TDKT_RETURN_IF_ERROR(CheckIdentifier("mã hồ sơ (dossier_id)", request.dossier_id()));
//   TDKT_RETURN_IF_ERROR(CheckText("lý do (reason_vi)", request.reason_vi(), {.max_chars = 2000, .multiline = true}));
//   TDKT_ASSIGN_OR_RETURN(absl::CivilDay day, CheckDate("ngày quyết định (decision.date)", request.date()));
//   TDKT_RETURN_IF_ERROR(CheckEnum("cấp (level)", request.level(), tdkt::v1::OrgLevel_IsValid));
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"

namespace tdkt::v1 {
class Date;
}

namespace tdkt::common {

enum class Presence { kRequired, kOptional };

// request_id: 1–128 characters of [A-Za-z0-9._:-] (a UUID fits).
absl::Status CheckRequestId(std::string_view value);

// An identifier (ids, codes, usernames, kinds): 1–128 bytes of NFC UTF-8 without spaces or control characters.
// Services add their own format on top (the directory's ids are decimal).
absl::Status CheckIdentifier(std::string_view field, std::string_view value,
                             Presence presence = Presence::kRequired);

struct TextRule {
  size_t max_chars = 200;  // Unicode code points
  Presence presence = Presence::kOptional;
  bool multiline = false;  // allows line feeds and tabs; every other control character is refused
};

// Free text: well-formed UTF-8 in NFC (Vietnamese has two encodings for most accented letters; two spellings
// of one name must not become two records), no control characters, at most max_chars code points.
// Blank (only spaces) counts as empty for kRequired.
absl::Status CheckText(std::string_view field, std::string_view value, TextRule rule = {});

// A real calendar day between 1900-01-01 and 2200-12-31.
absl::StatusOr<absl::CivilDay> CheckDate(std::string_view field, const tdkt::v1::Date& date);

// A value the enum knows; UNSPECIFIED (0) only when kOptional.
absl::Status CheckEnum(std::string_view field, int value, bool (*is_valid)(int),
                       Presence presence = Presence::kRequired);

// expected_version: positive, or 0 when the command may run without a version check (kOptional).
absl::Status CheckExpectedVersion(int64_t expected_version, Presence presence = Presence::kRequired);

// True when well-formed UTF-8 `utf8` is in Unicode Normalisation Form C.
bool IsNfc(std::string_view utf8);

// `utf8` in NFC, for text the service may take in any form (a search query: the database folds forms anyway);
// text that is not well-formed UTF-8 comes back unchanged, for CheckText to refuse.
std::string ToNfc(std::string_view utf8);

}  // namespace tdkt::common
