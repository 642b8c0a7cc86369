// Shared pieces of the DirectoryServiceImpl handlers (service_support.h).
#include "services/directory/service_support.h"

#include <spdlog/spdlog.h>

#include "base/iso_date.h"
#include "base/status_macros.h"
#include "services/common/request_checks.h"
#include "services/directory/authorizer.h"
#include "services/directory/stores.h"

namespace tdkt::directory {

absl::Status Redact(const DirectoryStores& stores, Tx& tx, const Authorizer& authorizer, const Identity& caller,
                    tdkt::v1::Person& person) {
  TDKT_ASSIGN_OR_RETURN(const std::vector<std::string> orgs, stores.people.OrganisationsWithAncestors(tx, person.id()));
  switch (authorizer.PersonalDataFor(caller, person.id(), orgs)) {
    case PersonalDataAccess::kAll:
      return absl::OkStatus();
    case PersonalDataAccess::kEmailOnly:
      person.clear_id_number();
      person.clear_phone();
      break;
    case PersonalDataAccess::kNone:
      StripPersonalData(person);
      break;
  }
  person.set_personal_data_redacted(true);
  return absl::OkStatus();
}

void StripPersonalData(tdkt::v1::Person& person) {
  person.clear_id_number();
  person.clear_email();
  person.clear_phone();
}

absl::Status Replay(const std::string& stored, google::protobuf::Message* response) {
  if (!response->ParseFromString(stored)) return absl::InternalError("directory: a stored response does not parse");
  return absl::OkStatus();
}

absl::StatusOr<std::string> AsOfText(bool present, const tdkt::v1::Date& as_of, std::optional<absl::CivilDay> absent) {
  if (!present) return absent.has_value() ? base::FormatIsoDate(*absent) : std::string();
  TDKT_ASSIGN_OR_RETURN(const absl::CivilDay day, common::CheckDate("ngày tra cứu (as_of)", as_of));
  return base::FormatIsoDate(day);
}

void SetNextPage(const std::optional<common::PageCursor>& next, std::string_view query, std::string_view filter,
                 tdkt::v1::PageResponse* page) {
  if (next.has_value()) page->set_next_page_token(common::EncodePageToken(query, filter, *next));
}

void LogChange(std::string_view method, const std::string& id, const Identity& caller) {
  spdlog::info("directory: {} id={} by person {}", std::string(method), id, caller.person_id);
}

}  // namespace tdkt::directory
