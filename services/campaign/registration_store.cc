#include "services/campaign/registration_store.h"

#include <pqxx/binarystring>
#include <pqxx/pqxx>

#include "absl/strings/str_cat.h"
#include "services/campaign/store_sql.h"
#include "services/common/proto_time.h"

namespace tdkt::campaign {
namespace {

std::string Columns() {
  return absl::StrCat(
      "r.id, r.campaign_id, r.org_id, array_to_json(r.org_path)::text, r.nominee, array_to_json(r.award_codes)::text, "
      "r.pledge_vi, r.registered_on::text, r.late, r.registered_by, ",
      MicrosOf("r.registered_at"), ", r.version");
}

RegistrationStore::Stored RegistrationOf(const pqxx::row& row) {
  RegistrationStore::Stored stored;
  tdkt::v1::Registration& r = stored.registration;
  r.set_id(row[0].as<std::string>());
  r.set_campaign_id(row[1].as<std::string>());
  r.set_org_id(row[2].as<std::string>());
  stored.org_path = TextsOfJsonArray(row[3]);
  (void)r.mutable_nominee()->ParseFromString(pqxx::binarystring(row[4]).str());
  for (const std::string& code : TextsOfJsonArray(row[5])) r.add_award_codes(code);
  r.set_pledge_vi(row[6].as<std::string>());
  ReadDate(row[7], r.mutable_registered_on());
  r.set_late(row[8].as<bool>());
  r.set_registered_by(row[9].as<std::string>());
  *r.mutable_registered_at() = common::ProtoTimeFromMicros(row[10].as<int64_t>());
  r.set_version(row[11].as<int64_t>());
  return stored;
}

}  // namespace

std::string NomineeKey(const tdkt::v1::Nominee& nominee) {
  if (!nominee.person_id().empty()) return absl::StrCat("person:", nominee.person_id());
  return absl::StrCat(static_cast<int>(nominee.kind()), ":", nominee.birth_year(), ":", nominee.name());
}

absl::Status RegistrationStore::Insert(pqxx::transaction_base& txn, const tdkt::v1::Registration& r,
                                       const std::vector<std::string>& org_path) {
  const pqxx::result inserted = txn.exec_params(
      absl::StrCat("INSERT INTO campaign.registration (id, campaign_id, org_id, org_path, nominee_key, nominee, "
                   "award_codes, pledge_vi, registered_on, late, registered_by, registered_at, version) VALUES ($1, "
                   "$2, $3, $4::text[], $5, $6, $7::text[], $8, $9::date, $10, $11, ",
                   TimestampFromMicros(12), ", 1) ON CONFLICT (campaign_id, org_id, nominee_key) DO NOTHING"),
      r.id(), r.campaign_id(), r.org_id(), TextArray(org_path), NomineeKey(r.nominee()),
      pqxx::binarystring(r.nominee().SerializeAsString()),
      TextArray(std::vector<std::string>(r.award_codes().begin(), r.award_codes().end())), r.pledge_vi(),
      IsoOf(r.registered_on()), r.late(), r.registered_by(),
      absl::ToUnixMicros(common::FromProtoTime(r.registered_at())));
  if (inserted.affected_rows() == 1) return absl::OkStatus();
  return absl::AlreadyExistsError(
      "Đối tượng này đã được đơn vị đăng ký thi đua trong phong trào (already registered in the campaign)");
}

std::optional<RegistrationStore::Stored> RegistrationStore::Load(pqxx::transaction_base& txn, const std::string& id) {
  const pqxx::result r =
      txn.exec_params(absl::StrCat("SELECT ", Columns(), " FROM campaign.registration r WHERE r.id = $1"), id);
  if (r.empty()) return std::nullopt;
  return RegistrationOf(r[0]);
}

std::vector<tdkt::v1::Registration> RegistrationStore::List(pqxx::transaction_base& txn, const ListQuery& q) {
  const pqxx::result r = txn.exec_params(
      absl::StrCat(
          "SELECT ", Columns(),
          " FROM campaign.registration r JOIN campaign.campaign c ON c.id = r.campaign_id "
          "WHERE ($9::boolean OR r.org_path && $1::text[]) AND ($2 = '' OR r.campaign_id = $2) AND ($3 = '' OR r.org_id = $3) "
          "AND ($4 = '' OR $4 = ANY(r.award_codes)) AND ($5 = 0 OR extract(year FROM c.valid_from) = $5) "
          "AND ($6::bigint IS NULL OR (", MicrosOf("r.registered_at"), ", r.id) > ($6::bigint, $7)) ",
          "ORDER BY r.registered_at, r.id LIMIT $8"),
      TextArray(q.path_has), q.campaign_id, q.org_id, q.award_code, q.year,
      q.after ? std::optional<int64_t>(q.after->first) : std::nullopt, q.after ? q.after->second : std::string(),
      q.limit, q.everything);
  std::vector<tdkt::v1::Registration> out;
  for (const pqxx::row& row : r) out.push_back(RegistrationOf(row).registration);
  return out;
}

std::vector<std::string> RegistrationStore::RegisteredOrgs(pqxx::transaction_base& txn,
                                                          const std::string& campaign_id) {
  std::vector<std::string> orgs;
  for (const pqxx::row& row : txn.exec_params(
           "SELECT DISTINCT org_id FROM campaign.registration WHERE campaign_id = $1 ORDER BY org_id", campaign_id)) {
    orgs.push_back(row[0].as<std::string>());
  }
  return orgs;
}

}  // namespace tdkt::campaign
