// ImportCsv (csv_import.h): every row checked by the same rules as the RPCs (request_rules.h), each in its own
// savepoint so that one bad row does not hide the errors of the rows after it.
#include "services/directory/csv_import.h"

#include <map>
#include <set>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "base/iso_date.h"
#include "base/status_macros.h"
#include "base/string_view_compat.h"
#include "base/utf8.h"
#include "services/common/proto_conversions.h"
#include "services/common/request_checks.h"
#include "services/common/csv_reader.h"
#include "services/directory/request_rules.h"

namespace tdkt::directory {
namespace v1 = tdkt::v1;
namespace {

using common::CsvRecord;
using common::ReadCsv;

constexpr std::size_t kMaxTotalBytes = 16u << 20;
constexpr int kMaxFiles = 16;
constexpr int kMaxErrors = 1000;
constexpr int kErrorsInMessage = 5;

// A parsed file: header → column index, then records.
struct Table {
  const v1::CsvFile* file = nullptr;
  std::map<std::string, std::size_t> columns;
  std::vector<CsvRecord> rows;

  std::string Get(const CsvRecord& row, const std::string& column) const {
    auto found = columns.find(column);
    if (found == columns.end() || found->second >= row.fields.size()) return "";
    return std::string(absl::StripAsciiWhitespace(row.fields[found->second]));
  }
};

// A date cell, exactly YYYY-MM-DD (base::ParseIsoDate) and in CheckDate's range, into `out`.
absl::Status SetDate(std::string_view field, const std::string& text, v1::Date* out) {
  if (text.empty()) return absl::InvalidArgumentError(absl::StrCat("Thiếu ", base::AsAbsl(field)));
  const std::optional<absl::CivilDay> day = base::ParseIsoDate(text);
  if (!day.has_value()) {
    return absl::InvalidArgumentError(
        absl::StrCat(base::AsAbsl(field), " phải là một ngày có thật dạng YYYY-MM-DD (date must be YYYY-MM-DD)"));
  }
  *out = common::ToProtoDate(*day);
  return common::CheckDate(field, *out).status();
}

// "PROVINCE" or "ORG_LEVEL_PROVINCE" → its number; UNSPECIFIED and unknown names are errors.
absl::StatusOr<int> EnumValue(std::string_view field, const std::string& text, const std::string& prefix,
                              const google::protobuf::EnumDescriptor* descriptor) {
  std::string name = absl::AsciiStrToUpper(text);
  if (name.rfind(prefix, 0) != 0) name = prefix + name;
  const google::protobuf::EnumValueDescriptor* value = descriptor->FindValueByName(name);
  if (value == nullptr || value->number() == 0) {
    return absl::InvalidArgumentError(absl::StrCat(base::AsAbsl(field), " có giá trị không hợp lệ (unknown value)"));
  }
  return value->number();
}

absl::StatusOr<bool> Voting(const std::string& text) {
  const std::string value = absl::AsciiStrToLower(text);
  if (value == "true" || value == "1" || value == "yes" || value == "có") return true;
  if (value == "false" || value == "0" || value == "no" || value == "không" || value.empty()) return false;
  return absl::InvalidArgumentError("biểu quyết (voting) phải là true hoặc false");
}

absl::StatusOr<PersonExtras> Extras(const std::string& gender_text, const std::string& year) {
  PersonExtras extras;
  const std::string gender = absl::AsciiStrToUpper(gender_text);
  if (gender == "F" || gender == "NỮ") {
    extras.gender = 1;
  } else if (gender == "M" || gender == "NAM") {
    extras.gender = 2;
  } else if (!gender.empty()) {
    return absl::InvalidArgumentError("giới tính (gender) phải là F, M hoặc để trống (F, M or empty)");
  }
  if (!year.empty() &&
      (!absl::SimpleAtoi(year, &extras.birth_year) || extras.birth_year < 1900 || extras.birth_year > 2100)) {
    return absl::InvalidArgumentError("năm sinh (birth_year) phải từ 1900 đến 2100");
  }
  return extras;
}

class Importer {
 public:
  Importer(const DirectoryStores& stores, Tx& tx, v1::ImportDirectoryCsvResponse* response,
           v1::CsvImportFailure* failure)
      : stores_(stores), tx_(tx), response_(response), failure_(failure) {}

  // Parses a file and imports its rows, by its kind.
  void File(const v1::CsvFile& file) {
    switch (file.kind()) {
      case v1::CSV_FILE_KIND_ORGANIZATIONS:
        if (auto t =
                Parse(file, {"code", "name_vi", "level", "parent_code", "valid_from", "valid_until", "successor_code"},
                      {"short_name_vi"})) {
          Organisations(*t);
        }
        break;
      case v1::CSV_FILE_KIND_PEOPLE:
        if (auto t = Parse(file, {"username", "full_name", "id_number", "email", "phone"}, {"gender", "birth_year"})) {
          People(*t);
        }
        break;
      case v1::CSV_FILE_KIND_ROLE_ASSIGNMENTS:
        if (auto t = Parse(file, {"username", "org_code", "role", "valid_from", "valid_until"}, {})) Roles(*t);
        break;
      default:
        if (auto t = Parse(file, {"org_code", "term_from", "term_until", "username", "position", "title_vi", "voting"},
                           {"name_vi", "establishing_decision"})) {
          Councils(*t);
        }
        break;
    }
  }

 private:
  // An organisation whose successor is resolved once every row of the file is in.
  struct PendingSuccessor {
    std::string id, successor_code, valid_until;
    int line;
  };
  // The members of one council, gathered from its rows.
  struct CouncilGroup {
    int line = 0;
    std::string term_from;
    v1::Council council;
    bool bad = false;
  };

  void Error(const Table& table, int line, const std::string& message) {
    if (failure_->errors_size() >= kMaxErrors) return;
    v1::CsvImportError* error = failure_->add_errors();
    error->set_file_name(table.file->file_name());
    error->set_line(line);
    error->set_message_vi(message);
  }

  // Runs one row's work in a savepoint so that later rows are still checked after a failed one.
  void Row(const Table& table, int line, const std::function<absl::Status()>& body) {
    const absl::Status status = stores_.db.Savepoint(tx_, body);
    if (!status.ok()) Error(table, line, std::string(status.message()));
  }

  std::optional<Table> Parse(const v1::CsvFile& file, const std::set<std::string>& required,
                             const std::set<std::string>& optional) {
    Table table;
    table.file = &file;
    if (!base::IsValidUtf8(file.content())) {
      Error(table, 0, "Tệp không phải UTF-8 hợp lệ (file is not valid UTF-8)");
      return std::nullopt;
    }
    auto records = ReadCsv(file.content());
    if (!records.ok()) {
      Error(table, 0, std::string(records.status().message()));
      return std::nullopt;
    }
    if (records->empty()) {
      Error(table, 0, "Thiếu dòng tiêu đề (missing header row)");
      return std::nullopt;
    }
    const CsvRecord& header = records->front();
    for (std::size_t i = 0; i < header.fields.size(); ++i) {
      const std::string name = absl::AsciiStrToLower(absl::StripAsciiWhitespace(header.fields[i]));
      if (required.count(name) == 0 && optional.count(name) == 0) {
        Error(table, header.line, absl::StrCat("Cột không xác định (unknown column) '", name, "'"));
      } else if (!table.columns.emplace(name, i).second) {
        Error(table, header.line, absl::StrCat("Cột lặp lại (duplicate column) '", name, "'"));
      }
    }
    for (const std::string& name : required) {
      if (table.columns.count(name) == 0) {
        Error(table, header.line, absl::StrCat("Thiếu cột (missing column) '", name, "'"));
      }
    }
    table.rows.assign(records->begin() + 1, records->end());
    return table;
  }

  void Organisations(const Table& t) {
    std::vector<PendingSuccessor> successors;
    for (const CsvRecord& row : t.rows) {
      Row(t, row.line, [&]() { return Organisation(t, row, successors); });
    }
    // Successors may come later in the file than the organisations they replace.
    for (const PendingSuccessor& pending : successors) {
      Row(t, pending.line, [&]() { return Successor(pending); });
    }
  }

  absl::Status Organisation(const Table& t, const CsvRecord& row, std::vector<PendingSuccessor>& successors) {
    v1::Organization org;
    org.set_code(t.Get(row, "code"));
    org.set_name_vi(t.Get(row, "name_vi"));
    org.set_short_name_vi(t.Get(row, "short_name_vi"));
    TDKT_ASSIGN_OR_RETURN(const int level,
                          EnumValue("cấp (level)", t.Get(row, "level"), "ORG_LEVEL_", v1::OrgLevel_descriptor()));
    org.set_level(static_cast<v1::OrgLevel>(level));
    const std::string from = t.Get(row, "valid_from");
    const std::string until = t.Get(row, "valid_until");
    TDKT_RETURN_IF_ERROR(SetDate("ngày bắt đầu hiệu lực (valid_from)", from, org.mutable_valid_from()));
    if (!until.empty()) {
      TDKT_RETURN_IF_ERROR(SetDate("ngày kết thúc hiệu lực (valid_until)", until, org.mutable_valid_until()));
    }
    TDKT_RETURN_IF_ERROR(CheckOrganization(org));
    if (const std::string parent_code = t.Get(row, "parent_code"); !parent_code.empty()) {
      TDKT_ASSIGN_OR_RETURN(org, WithParent(std::move(org), parent_code, from));
    }
    TDKT_ASSIGN_OR_RETURN(auto existing, stores_.organisations.ByCodeFrom(tx_, org.code(), from));
    std::string id;
    if (existing.has_value()) {
      org.set_id(existing->id());
      org.set_successor_id(existing->successor_id());
      TDKT_ASSIGN_OR_RETURN(const v1::Organization updated,
                            stores_.organisations.Update(tx_, org, existing->version()));
      id = updated.id();
      response_->set_organizations_updated(response_->organizations_updated() + 1);
    } else {
      TDKT_ASSIGN_OR_RETURN(const v1::Organization created, stores_.organisations.Create(tx_, org));
      id = created.id();
      response_->set_organizations_created(response_->organizations_created() + 1);
    }
    if (const std::string successor = t.Get(row, "successor_code"); !successor.empty()) {
      if (until.empty()) {
        return absl::InvalidArgumentError(
            "mã đơn vị kế thừa (successor_code) cần ngày kết thúc hiệu lực (valid_until required)");
      }
      TDKT_RETURN_IF_ERROR(CheckCode("mã đơn vị kế thừa (successor_code)", successor));
      successors.push_back({id, successor, until, row.line});
    }
    return absl::OkStatus();
  }

  // `org` under the organisation with `parent_code` valid on `from`, which must be above it.
  absl::StatusOr<v1::Organization> WithParent(v1::Organization org, const std::string& parent_code,
                                              const std::string& from) {
    TDKT_RETURN_IF_ERROR(CheckCode("mã đơn vị cấp trên (parent_code)", parent_code));
    TDKT_ASSIGN_OR_RETURN(auto parent, stores_.organisations.ByCodeOn(tx_, parent_code, from));
    if (!parent.has_value()) {
      return absl::InvalidArgumentError(
          "mã đơn vị cấp trên (parent_code) không có đơn vị nào hiệu lực vào ngày bắt đầu (no such parent on "
          "valid_from)");
    }
    if (parent->level() <= org.level()) {
      return absl::InvalidArgumentError("cấp (level) phải thấp hơn cấp của đơn vị cấp trên (must be below the parent)");
    }
    org.set_parent_id(parent->id());
    return org;
  }

  absl::Status Successor(const PendingSuccessor& pending) {
    const absl::CivilDay last = *base::ParseIsoDate(pending.valid_until);  // checked with its row
    TDKT_ASSIGN_OR_RETURN(auto successor,
                          stores_.organisations.ByCodeOn(tx_, pending.successor_code, base::FormatIsoDate(last + 1)));
    if (!successor.has_value()) {
      return absl::InvalidArgumentError(
          "mã đơn vị kế thừa (successor_code) không có đơn vị nào hiệu lực ngay sau ngày kết thúc (none valid the "
          "day after valid_until)");
    }
    TDKT_ASSIGN_OR_RETURN(v1::Organization org, stores_.organisations.Find(tx_, OrgKey::ById(pending.id), ""));
    org.set_successor_id(successor->id());
    return stores_.organisations.Update(tx_, org, org.version()).status();
  }

  void People(const Table& t) {
    for (const CsvRecord& row : t.rows) {
      Row(t, row.line, [&]() { return Person(t, row); });
    }
  }

  absl::Status Person(const Table& t, const CsvRecord& row) {
    v1::Person person;
    person.set_username(t.Get(row, "username"));
    if (person.username().empty()) return absl::InvalidArgumentError("Thiếu tên đăng nhập (username)");
    person.set_full_name(t.Get(row, "full_name"));
    person.set_id_number(t.Get(row, "id_number"));
    person.set_email(t.Get(row, "email"));
    person.set_phone(t.Get(row, "phone"));
    person.set_active(true);
    TDKT_RETURN_IF_ERROR(CheckPerson(person));
    TDKT_ASSIGN_OR_RETURN(const PersonExtras extras, Extras(t.Get(row, "gender"), t.Get(row, "birth_year")));
    TDKT_ASSIGN_OR_RETURN(auto existing, stores_.people.ByUsername(tx_, person.username()));
    if (existing.has_value()) {
      person.set_id(existing->id());
      person.set_active(existing->active());
      person.set_service_account(existing->service_account());
      TDKT_RETURN_IF_ERROR(stores_.people.Update(tx_, person, existing->version(), extras).status());
      response_->set_people_updated(response_->people_updated() + 1);
    } else {
      TDKT_RETURN_IF_ERROR(stores_.people.Create(tx_, person, "", extras).status());
      response_->set_people_created(response_->people_created() + 1);
    }
    return absl::OkStatus();
  }

  void Roles(const Table& t) {
    for (const CsvRecord& row : t.rows) {
      Row(t, row.line, [&]() { return Role(t, row); });
    }
  }

  absl::Status Role(const Table& t, const CsvRecord& row) {
    v1::RoleAssignment a;
    TDKT_ASSIGN_OR_RETURN(const int role,
                          EnumValue("vai trò (role)", t.Get(row, "role"), "ROLE_", v1::Role_descriptor()));
    a.set_role(static_cast<v1::Role>(role));
    const std::string from = t.Get(row, "valid_from");
    TDKT_RETURN_IF_ERROR(SetDate("ngày bắt đầu hiệu lực (valid_from)", from, a.mutable_valid_from()));
    if (const std::string until = t.Get(row, "valid_until"); !until.empty()) {
      TDKT_RETURN_IF_ERROR(SetDate("ngày kết thúc hiệu lực (valid_until)", until, a.mutable_valid_until()));
    }
    TDKT_ASSIGN_OR_RETURN(const std::string person_id, PersonId(t.Get(row, "username")));
    TDKT_ASSIGN_OR_RETURN(const std::string org_id, OrgId(t.Get(row, "org_code"), from));
    a.set_person_id(person_id);
    a.set_org_id(org_id);
    TDKT_RETURN_IF_ERROR(CheckRoleAssignment(a));
    TDKT_ASSIGN_OR_RETURN(auto existing, stores_.roles.FindSame(tx_, a));
    if (existing.has_value()) return stores_.roles.Update(tx_, existing->id(), existing->version(), a).status();
    TDKT_RETURN_IF_ERROR(stores_.roles.Create(tx_, a).status());
    response_->set_role_assignments_created(response_->role_assignments_created() + 1);
    return absl::OkStatus();
  }

  void Councils(const Table& t) {
    std::vector<CouncilGroup> groups;
    std::map<std::pair<std::string, std::string>, std::size_t> index;
    for (const CsvRecord& row : t.rows) {
      const std::string org_code = t.Get(row, "org_code");
      const std::string term_from = t.Get(row, "term_from");
      auto [it, added] = index.emplace(std::make_pair(org_code, term_from), groups.size());
      if (added) groups.push_back({row.line, term_from, {}, false});
      CouncilGroup& group = groups[it->second];
      Row(t, row.line, [&]() -> absl::Status {
        if (added) TDKT_RETURN_IF_ERROR(StartCouncil(t, row, org_code, group));
        return AddMember(t, row, group.council);
      });
      if (failure_->errors_size() > 0 && failure_->errors(failure_->errors_size() - 1).line() == row.line) {
        group.bad = true;
      }
    }
    for (CouncilGroup& group : groups) {
      if (!group.bad) Row(t, group.line, [&]() { return SaveCouncil(group); });
    }
  }

  // The council of a group's first row: its organisation, term, name and establishing decision.
  absl::Status StartCouncil(const Table& t, const CsvRecord& row, const std::string& org_code, CouncilGroup& group) {
    v1::Council& c = group.council;
    TDKT_RETURN_IF_ERROR(SetDate("ngày bắt đầu nhiệm kỳ (term_from)", group.term_from, c.mutable_term_from()));
    if (const std::string until = t.Get(row, "term_until"); !until.empty()) {
      TDKT_RETURN_IF_ERROR(SetDate("ngày kết thúc nhiệm kỳ (term_until)", until, c.mutable_term_until()));
    }
    TDKT_ASSIGN_OR_RETURN(const std::string org_id, OrgId(org_code, group.term_from));
    c.set_org_id(org_id);
    c.set_name_vi(t.Get(row, "name_vi"));
    if (c.name_vi().empty()) {
      TDKT_ASSIGN_OR_RETURN(const v1::Organization org, stores_.organisations.Find(tx_, OrgKey::ById(org_id), ""));
      c.set_name_vi(absl::StrCat("Hội đồng Thi đua – Khen thưởng ", org.name_vi()));
    }
    c.set_establishing_decision(t.Get(row, "establishing_decision"));
    return absl::OkStatus();
  }

  absl::Status AddMember(const Table& t, const CsvRecord& row, v1::Council& council) {
    v1::CouncilMember* member = council.add_members();
    TDKT_ASSIGN_OR_RETURN(const std::string person_id, PersonId(t.Get(row, "username")));
    member->set_person_id(person_id);
    TDKT_ASSIGN_OR_RETURN(const int position, EnumValue("chức danh (position)", t.Get(row, "position"),
                                                        "COUNCIL_POSITION_", v1::CouncilPosition_descriptor()));
    member->set_position(static_cast<v1::CouncilPosition>(position));
    member->set_title_vi(t.Get(row, "title_vi"));
    TDKT_ASSIGN_OR_RETURN(const bool voting, Voting(t.Get(row, "voting")));
    member->set_voting(voting);
    return absl::OkStatus();
  }

  absl::Status SaveCouncil(CouncilGroup& group) {
    TDKT_RETURN_IF_ERROR(CheckCouncil(group.council));
    TDKT_ASSIGN_OR_RETURN(auto existing, stores_.councils.IdByTerm(tx_, group.council.org_id(), group.term_from));
    if (existing.has_value()) {
      TDKT_ASSIGN_OR_RETURN(const v1::Council stored, stores_.councils.Get(tx_, *existing));
      group.council.set_id(*existing);
      TDKT_RETURN_IF_ERROR(stores_.councils.Update(tx_, group.council, stored.version()).status());
      response_->set_councils_updated(response_->councils_updated() + 1);
    } else {
      TDKT_RETURN_IF_ERROR(stores_.councils.Create(tx_, group.council).status());
      response_->set_councils_created(response_->councils_created() + 1);
    }
    return absl::OkStatus();
  }

  absl::StatusOr<std::string> PersonId(const std::string& username) {
    TDKT_RETURN_IF_ERROR(CheckUsername("tên đăng nhập (username)", username));
    TDKT_ASSIGN_OR_RETURN(auto person, stores_.people.ByUsername(tx_, username));
    if (!person.has_value()) {
      return absl::InvalidArgumentError("tên đăng nhập (username) không tồn tại (unknown username)");
    }
    return person->id();
  }

  absl::StatusOr<std::string> OrgId(const std::string& code, const std::string& date) {
    TDKT_RETURN_IF_ERROR(CheckCode("mã đơn vị (org_code)", code));
    TDKT_ASSIGN_OR_RETURN(auto org, stores_.organisations.ByCodeOn(tx_, code, date));
    if (!org.has_value()) {
      return absl::InvalidArgumentError(
          "mã đơn vị (org_code) không có đơn vị nào hiệu lực vào ngày đó (no such organisation then)");
    }
    return org->id();
  }

  const DirectoryStores& stores_;
  Tx& tx_;
  v1::ImportDirectoryCsvResponse* response_;
  v1::CsvImportFailure* failure_;
};

// The refusal of an import that found errors: the first few in the message, every one in `failure`.
absl::Status Refusal(const v1::CsvImportFailure& failure) {
  std::vector<std::string> first;
  for (const v1::CsvImportError& error : failure.errors()) {
    if (static_cast<int>(first.size()) == kErrorsInMessage) break;
    first.push_back(absl::StrCat(error.file_name(), ":", error.line(), ": ", error.message_vi()));
  }
  return absl::InvalidArgumentError(absl::StrCat("Nhập CSV thất bại, không có thay đổi (CSV import failed, nothing ",
                                                 "changed; ", failure.errors_size(),
                                                 " errors): ", absl::StrJoin(first, "; ")));
}

}  // namespace

absl::Status CheckImportRequest(const v1::ImportDirectoryCsvRequest& request) {
  if (request.files().empty() || request.files_size() > kMaxFiles) {
    return absl::InvalidArgumentError("Số tệp (files) phải từ 1 đến 16 (1 to 16 files)");
  }
  std::size_t total = 0;
  for (const v1::CsvFile& file : request.files()) {
    total += file.content().size();
    TDKT_RETURN_IF_ERROR(common::CheckEnum("loại tệp (files.kind)", file.kind(), v1::CsvFileKind_IsValid));
    TDKT_RETURN_IF_ERROR(common::CheckText("tên tệp (files.file_name)", file.file_name(),
                                           {.max_chars = 200, .presence = common::Presence::kRequired}));
  }
  if (total > kMaxTotalBytes) {
    return absl::InvalidArgumentError("Tổng dung lượng các tệp (files) vượt quá 16 MiB (over 16 MiB in total)");
  }
  return absl::OkStatus();
}

absl::Status ImportCsv(const DirectoryStores& stores, Tx& tx, const v1::ImportDirectoryCsvRequest& request,
                       v1::ImportDirectoryCsvResponse* response, v1::CsvImportFailure* failure) {
  Importer importer(stores, tx, response, failure);
  const absl::Status status = stores.db.Savepoint(
      tx,
      [&]() -> absl::Status {
        // Parents before children: organisations, then people, roles and councils, whatever the file order.
        for (const v1::CsvFileKind kind : {v1::CSV_FILE_KIND_ORGANIZATIONS, v1::CSV_FILE_KIND_PEOPLE,
                                           v1::CSV_FILE_KIND_ROLE_ASSIGNMENTS, v1::CSV_FILE_KIND_COUNCILS}) {
          for (const v1::CsvFile& file : request.files()) {
            if (file.kind() == kind) importer.File(file);
          }
        }
        return failure->errors().empty() ? absl::OkStatus() : Refusal(*failure);
      },
      /*discard=*/request.dry_run());
  response->set_dry_run(request.dry_run());
  if (!status.ok()) {
    *response = v1::ImportDirectoryCsvResponse();
    return status;
  }
  return absl::OkStatus();
}

}  // namespace tdkt::directory
