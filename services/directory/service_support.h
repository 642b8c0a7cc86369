#pragma once
// What the DirectoryServiceImpl handlers (the *_rpcs.cc files) share; private to them.
#include <optional>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "services/common/paging.h"
#include "services/directory/directory_db.h"
#include "services/directory/identity.h"
#include "tdkt/v1/directory.pb.h"

namespace tdkt::directory {

class Authorizer;
struct DirectoryStores;

// Clears the personal data `caller` may not see (Authorizer::PersonalDataFor) and marks the person redacted
// when anything was withheld.
absl::Status Redact(const DirectoryStores& stores, Tx& tx, const Authorizer& authorizer, const Identity& caller,
                    tdkt::v1::Person& person);
// Clears personal data from a response before it is stored for replays: the idempotency table never holds it.
void StripPersonalData(tdkt::v1::Person& person);

// The response a claimed request id answered first (common::Idempotency::Claim), into `response`.
absl::Status Replay(const std::string& stored, google::protobuf::Message* response);

// The request's as_of as "YYYY-MM-DD" when present (checked), else `absent` formatted ("" when nullopt: any
// date).
absl::StatusOr<std::string> AsOfText(bool present, const tdkt::v1::Date& as_of, std::optional<absl::CivilDay> absent);

// Sets the next page token of a list (common::EncodePageToken) when another page follows.
void SetNextPage(const std::optional<common::PageCursor>& next, std::string_view query, std::string_view filter,
                 tdkt::v1::PageResponse* page);

// "directory: <method> id=<id> by person <caller>": ids only.
void LogChange(std::string_view method, const std::string& id, const Identity& caller);

}  // namespace tdkt::directory
