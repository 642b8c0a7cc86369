#pragma once
// The directory's own format rules for what clients send, on top of the kit's request checks
// (services/common/request_checks.h): bad input gets a clear Vietnamese INVALID_ARGUMENT and changes nothing.
// Pure functions over the API messages, shared by the RPC handlers, the CSV import and the admin tool. Errors
// name the field ("mã đơn vị (org_id) …") and never repeat the value (it may be personal data).
//
//   TDKT_RETURN_IF_ERROR(CheckId("mã đơn vị (org_id)", request.org_id()));
//   TDKT_RETURN_IF_ERROR(CheckOrganization(request.organization()));
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "services/common/request_checks.h"
#include "tdkt/v1/directory.pb.h"

namespace tdkt::directory {

// An id of this service: an identifier that is a positive decimal integer (bigint).
absl::Status CheckId(std::string_view field, std::string_view id,
                     common::Presence presence = common::Presence::kRequired);
// An organisation code: [A-Za-z0-9._-]{1,64}.
absl::Status CheckCode(std::string_view field, std::string_view code);
// A username as stored: [a-z0-9._-]{3,64}.
absl::Status CheckUsername(std::string_view field, std::string_view username);
// A password to set: empty = none; else 10–128 characters of NFC UTF-8 without control characters.
absl::Status CheckPassword(std::string_view field, const std::string& password);
// A service account's password (on top of CheckPassword): at least kMinServicePasswordChars characters.
// Service accounts are not locked out by guesses from other addresses (login_throttle.h): their passwords
// must be long random ones (deploy/local makes 64 hex digits).
inline constexpr int kMinServicePasswordChars = 20;
absl::Status CheckServiceAccountPassword(std::string_view field, const std::string& password);

// A period: both ends real dates (common::CheckDate), the end (when present) not before the start.
absl::Status CheckPeriod(std::string_view from_field, const tdkt::v1::Date& from, std::string_view until_field,
                         bool has_until, const tdkt::v1::Date& until);

absl::Status CheckOrganization(const tdkt::v1::Organization& org);
absl::Status CheckPerson(const tdkt::v1::Person& person);
// Only SUBMITTER, APPRAISER, DECIDER and ADMIN are assigned; council roles come from councils.
absl::Status CheckRoleAssignment(const tdkt::v1::RoleAssignment& assignment);
// Members: at least one, each person once, exactly one chair, known positions.
absl::Status CheckCouncil(const tdkt::v1::Council& council);

}  // namespace tdkt::directory
