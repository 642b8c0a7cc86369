#pragma once
// RegistrationStore: the SQL of registrations for titles (campaign.registration), in the caller's transaction.
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "tdkt/v1/campaign.pb.h"

namespace pqxx {
class transaction_base;
}

namespace tdkt::campaign {

// One registration per nominee of an organisation in a campaign: the directory person when given, else the
// kind, the name (NFC) and the birth year.
std::string NomineeKey(const tdkt::v1::Nominee& nominee);

class RegistrationStore {
 public:
  // `registration` is complete (id, dates, version 1). `org_path` is its organisation and that one's ancestors.
  // ALREADY_EXISTS when the nominee is already registered by the organisation in the campaign.
  static absl::Status Insert(pqxx::transaction_base& txn, const tdkt::v1::Registration& registration,
                             const std::vector<std::string>& org_path);

  struct Stored {
    tdkt::v1::Registration registration;
    std::vector<std::string> org_path;
  };
  static std::optional<Stored> Load(pqxx::transaction_base& txn, const std::string& id);

  struct ListQuery {
    std::string campaign_id;             // empty = any
    std::string org_id;                  // empty = any
    std::string award_code;              // empty = any
    int year = 0;                        // 0 = any: the campaign's period starts in the year
    bool everything = false;             // a reader of every registration: no visibility filter
    std::vector<std::string> path_has;   // visible: the registering organisation is one of these or below one
    std::optional<std::pair<int64_t, std::string>> after;  // (registered_at micros, id) of the last shown
    int limit = 50;
  };
  // By registered_at, then id.
  static std::vector<tdkt::v1::Registration> List(pqxx::transaction_base& txn, const ListQuery& query);

  // The organisations that have registered someone in the campaign.
  static std::vector<std::string> RegisteredOrgs(pqxx::transaction_base& txn, const std::string& campaign_id);
};

}  // namespace tdkt::campaign
