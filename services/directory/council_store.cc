// DirectoryStore: councils and their member lists (replaced as a whole on update).
#include "absl/strings/str_cat.h"
#include "services/directory/store_tx.h"

namespace tdkt::directory {
namespace {

void LoadMembers(pqxx::work& work, tdkt::v1::Council& council) {
  const pqxx::result rows = work.exec_params(
      "SELECT m.person_id::text, p.full_name, m.position, m.title, m.voting FROM directory.council_member m "
      "JOIN directory.person p ON p.id = m.person_id WHERE m.council_id = $1::bigint ORDER BY m.ordinal",
      council.id());
  for (const auto& row : rows) {
    tdkt::v1::CouncilMember* member = council.add_members();
    member->set_person_id(row[0].as<std::string>());
    member->set_full_name(row[1].as<std::string>());
    member->set_position(static_cast<tdkt::v1::CouncilPosition>(row[2].as<int>()));
    member->set_title_vi(row[3].as<std::string>());
    member->set_voting(row[4].as<bool>());
    if (member->position() == tdkt::v1::COUNCIL_POSITION_CHAIR) council.set_chair_person_id(member->person_id());
  }
}

}  // namespace

absl::StatusOr<tdkt::v1::Council> DirectoryStore::GetCouncil(Tx& tx, const std::string& council_id) {
  const pqxx::result rows = tx.work.exec_params(
      absl::StrCat("SELECT ", kCouncilColumns, " FROM directory.council c WHERE c.id = $1::bigint"), council_id);
  if (rows.empty()) return absl::NotFoundError("không tìm thấy hội đồng (council not found)");
  tdkt::v1::Council council = CouncilFromRow(rows[0]);
  LoadMembers(tx.work, council);
  return council;
}

absl::StatusOr<std::vector<tdkt::v1::Council>> DirectoryStore::ListCouncils(Tx& tx, const std::string& org_id,
                                                                            const std::string& as_of, Page page) {
  const pqxx::result rows = tx.work.exec_params(
      absl::StrCat("SELECT ", kCouncilColumns,
                   " FROM directory.council c WHERE c.org_id = $1::bigint AND ($2 = '' OR "
                   "daterange(c.term_from, c.term_until, '[]') @> NULLIF($2, '')::date) "
                   "ORDER BY c.term_from DESC, c.id OFFSET $3 LIMIT $4"),
      org_id, as_of, page.offset, page.limit + 1);
  std::vector<tdkt::v1::Council> councils;
  for (const auto& row : rows) {
    councils.push_back(CouncilFromRow(row));
    LoadMembers(tx.work, councils.back());
  }
  return councils;
}

absl::Status DirectoryStore::WriteMembers(Tx& tx, const std::string& council_id, const tdkt::v1::Council& council) {
  tx.work.exec_params("DELETE FROM directory.council_member WHERE council_id = $1::bigint", council_id);
  int ordinal = 0;
  for (const tdkt::v1::CouncilMember& member : council.members()) {
    tx.work.exec_params(
        "INSERT INTO directory.council_member (council_id, person_id, position, title, voting, ordinal) "
        "VALUES ($1::bigint, $2::bigint, $3, $4, $5, $6)",
        council_id, member.person_id(), static_cast<int>(member.position()), member.title_vi(), member.voting(),
        ordinal++);
  }
  return absl::OkStatus();
}

absl::StatusOr<tdkt::v1::Council> DirectoryStore::CreateCouncil(Tx& tx, const tdkt::v1::Council& council) {
  const pqxx::result rows = tx.work.exec_params(
      "INSERT INTO directory.council (org_id, name, term_from, term_until, establishing_decision) "
      "VALUES ($1::bigint, $2, $3::date, NULLIF($4, '')::date, $5) RETURNING id::text",
      council.org_id(), council.name_vi(), TextFromDate(council.term_from()),
      TextFromDate(council.term_until(), council.has_term_until()), council.establishing_decision());
  const auto id = rows[0][0].as<std::string>();
  TDKT_RETURN_IF_ERROR(WriteMembers(tx, id, council));
  return GetCouncil(tx, id);
}

absl::StatusOr<tdkt::v1::Council> DirectoryStore::UpdateCouncil(Tx& tx, const tdkt::v1::Council& council,
                                                                int64_t expected_version) {
  const pqxx::result rows = tx.work.exec_params(
      "UPDATE directory.council SET org_id = $3::bigint, name = $4, term_from = $5::date, "
      "term_until = NULLIF($6, '')::date, establishing_decision = $7, version = version + 1 "
      "WHERE id = $1::bigint AND version = $2 RETURNING id",
      council.id(), expected_version, council.org_id(), council.name_vi(), TextFromDate(council.term_from()),
      TextFromDate(council.term_until(), council.has_term_until()), council.establishing_decision());
  if (rows.empty()) {
    TDKT_ASSIGN_OR_RETURN(const tdkt::v1::Council stored, GetCouncil(tx, council.id()));
    return absl::AbortedError(absl::StrCat("phiên bản đã thay đổi (version conflict: stored ", stored.version(),
                                           ", expected ", expected_version, ")"));
  }
  TDKT_RETURN_IF_ERROR(WriteMembers(tx, council.id(), council));
  return GetCouncil(tx, council.id());
}

absl::StatusOr<std::optional<std::string>> DirectoryStore::CouncilIdByTerm(Tx& tx, const std::string& org_id,
                                                                           const std::string& term_from) {
  const pqxx::result rows = tx.work.exec_params(
      "SELECT id::text FROM directory.council WHERE org_id = $1::bigint AND term_from = $2::date", org_id, term_from);
  if (rows.empty()) return std::optional<std::string>();
  return std::optional<std::string>(rows[0][0].as<std::string>());
}

}  // namespace tdkt::directory
