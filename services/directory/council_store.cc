// CouncilStore (council_store.h).
#include "services/directory/council_store.h"

#include "absl/strings/str_cat.h"
#include "services/directory/store_rows.h"

namespace tdkt::directory {
namespace {

void LoadMembers(pqxx::transaction_base& work, tdkt::v1::Council& council) {
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

void WriteMembers(Tx& tx, const std::string& council_id, const tdkt::v1::Council& council) {
  tx.work().exec_params("DELETE FROM directory.council_member WHERE council_id = $1::bigint", council_id);
  int ordinal = 0;
  for (const tdkt::v1::CouncilMember& member : council.members()) {
    tx.work().exec_params(
        "INSERT INTO directory.council_member (council_id, person_id, position, title, voting, ordinal) "
        "VALUES ($1::bigint, $2::bigint, $3, $4, $5, $6)",
        council_id, member.person_id(), static_cast<int>(member.position()), member.title_vi(), member.voting(),
        ordinal++);
  }
}

}  // namespace

absl::StatusOr<tdkt::v1::Council> CouncilStore::Get(Tx& tx, const std::string& council_id) const {
  const pqxx::result rows = tx.work().exec_params(
      absl::StrCat("SELECT ", kCouncilColumns, " FROM directory.council c WHERE c.id = $1::bigint"), council_id);
  if (rows.empty()) return absl::NotFoundError("Không tìm thấy hội đồng (council not found)");
  tdkt::v1::Council council = CouncilFromRow(rows[0]);
  LoadMembers(tx.work(), council);
  return council;
}

absl::StatusOr<Listed<tdkt::v1::Council>> CouncilStore::List(Tx& tx, const std::string& org_id,
                                                             const std::string& as_of, const common::Page& page) const {
  // Newest term first; terms of one organisation never overlap, so term_from alone orders them and the id
  // only makes the key unique.
  const pqxx::result rows = tx.work().exec_params(
      absl::StrCat("SELECT ", kCouncilColumns,
                   ", c.term_from::text, c.id::text FROM directory.council c WHERE c.org_id = $1::bigint AND "
                   "($2 = '' OR daterange(c.term_from, c.term_until, '[]') @> NULLIF($2, '')::date) "
                   "AND ($4 = '' OR (c.term_from, c.id) < (NULLIF($3, '')::date, NULLIF($4, '')::bigint)) "
                   "ORDER BY c.term_from DESC, c.id DESC LIMIT $5"),
      org_id, as_of, AfterKey(page), AfterId(page), page.size + 1);
  return KeysetPage<tdkt::v1::Council>(rows, page, [&](const pqxx::row& row) {
    tdkt::v1::Council council = CouncilFromRow(row);
    LoadMembers(tx.work(), council);
    return council;
  });
}

absl::StatusOr<tdkt::v1::Council> CouncilStore::Create(Tx& tx, const tdkt::v1::Council& council) const {
  const pqxx::result rows = tx.work().exec_params(
      "INSERT INTO directory.council (org_id, name, term_from, term_until, establishing_decision) "
      "VALUES ($1::bigint, $2, $3::date, NULLIF($4, '')::date, $5) RETURNING id::text",
      council.org_id(), council.name_vi(), TextFromDate(council.term_from()),
      TextFromDate(council.term_until(), council.has_term_until()), council.establishing_decision());
  const auto id = rows[0][0].as<std::string>();
  WriteMembers(tx, id, council);
  return Get(tx, id);
}

absl::StatusOr<tdkt::v1::Council> CouncilStore::Update(Tx& tx, const tdkt::v1::Council& council,
                                                       int64_t expected_version) const {
  const pqxx::result rows = tx.work().exec_params(
      "UPDATE directory.council SET org_id = $3::bigint, name = $4, term_from = $5::date, "
      "term_until = NULLIF($6, '')::date, establishing_decision = $7, version = version + 1 "
      "WHERE id = $1::bigint AND version = $2 RETURNING id",
      council.id(), expected_version, council.org_id(), council.name_vi(), TextFromDate(council.term_from()),
      TextFromDate(council.term_until(), council.has_term_until()), council.establishing_decision());
  if (rows.empty()) {
    TDKT_ASSIGN_OR_RETURN(const tdkt::v1::Council stored, Get(tx, council.id()));
    return VersionConflict(stored.version(), expected_version);
  }
  WriteMembers(tx, council.id(), council);
  return Get(tx, council.id());
}

absl::StatusOr<std::optional<std::string>> CouncilStore::IdByTerm(Tx& tx, const std::string& org_id,
                                                                  const std::string& term_from) const {
  const pqxx::result rows = tx.work().exec_params(
      "SELECT id::text FROM directory.council WHERE org_id = $1::bigint AND term_from = $2::date", org_id, term_from);
  if (rows.empty()) return std::optional<std::string>();
  return std::optional<std::string>(rows[0][0].as<std::string>());
}

}  // namespace tdkt::directory
