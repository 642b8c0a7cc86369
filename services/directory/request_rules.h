#pragma once
// Validation of what clients send (DESIGN §5: bad input gets a clear error and changes nothing). Pure
// functions over the API messages, shared by the RPC handlers and the CSV import. Errors are
// INVALID_ARGUMENT, name the field, and never repeat the value (it may be personal data).
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "tdkt/v1/directory.pb.h"

namespace tdkt::directory {

// request_id: 1–128 characters of [A-Za-z0-9._:-] (a UUID fits).
absl::Status CheckRequestId(const std::string& request_id);
// An id from this service: a positive decimal integer. Empty is allowed only when !required.
absl::Status CheckId(const std::string& field, const std::string& id, bool required = true);
// Organisation code: [A-Za-z0-9._-]{1,64}.
absl::Status CheckCode(const std::string& field, const std::string& code);
// A real calendar date between 1900 and 2200, as "YYYY-MM-DD".
absl::StatusOr<std::string> DateText(const std::string& field, const tdkt::v1::Date& date);
absl::StatusOr<absl::CivilDay> ParseDate(const std::string& field, const std::string& text);
std::string FormatDay(absl::CivilDay day);
// valid_until (when present) not before valid_from.
absl::Status CheckRange(const std::string& field, const tdkt::v1::Date& from, bool has_until,
                        const tdkt::v1::Date& until);

absl::Status CheckOrganization(const tdkt::v1::Organization& org);
absl::Status CheckPerson(const tdkt::v1::Person& person);
// Only SUBMITTER, APPRAISER, DECIDER and ADMIN are assigned; council roles come from councils.
absl::Status CheckRoleAssignment(const tdkt::v1::RoleAssignment& assignment);
// Members: at least one, each person once, exactly one chair, known positions.
absl::Status CheckCouncil(const tdkt::v1::Council& council);
// Empty = none; else 10–128 characters of valid UTF-8.
absl::Status CheckPassword(const std::string& field, const std::string& password);

}  // namespace tdkt::directory
