#include "services/directory/csv_import.h"

#include <map>
#include <set>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "services/directory/csv_reader.h"
#include "services/directory/request_rules.h"
#include "services/directory/text_rules.h"
#include "base/status_macros.h"

namespace tdkt::directory {
namespace v1 = tdkt::v1;
namespace {

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

class Importer {
 public:
  Importer(DirectoryStore& store, DirectoryStore::Tx& tx, v1::ImportDirectoryCsvResponse* response,
           v1::CsvImportFailure* failure)
      : store_(store), tx_(tx), response_(response), failure_(failure) {}

  void Error(const Table& table, int line, const std::string& message) {
    if (failure_->errors_size() >= kMaxErrors) return;
    v1::CsvImportError* error = failure_->add_errors();
    error->set_file_name(table.file->file_name());
    error->set_line(line);
    error->set_message_vi(message);
  }

  // Runs one row's work in a savepoint so that later rows are still checked after a failed one.
  void Row(const Table& table, int line, const std::function<absl::Status()>& body) {
    const absl::Status status = store_.Savepoint(tx_, body);
    if (!status.ok()) Error(table, line, std::string(status.message()));
  }

  std::optional<Table> Parse(const v1::CsvFile& file, const std::set<std::string>& required,
                             const std::set<std::string>& optional) {
    Table table;
    table.file = &file;
    if (!IsValidUtf8(file.content())) {
      Error(table, 0, "tệp không phải UTF-8 hợp lệ (file is not valid UTF-8)");
      return std::nullopt;
    }
    auto records = ReadCsv(file.content());
    if (!records.ok()) {
      Error(table, 0, std::string(records.status().message()));
      return std::nullopt;
    }
    if (records->empty()) {
      Error(table, 0, "thiếu dòng tiêu đề (missing header row)");
      return std::nullopt;
    }
    const CsvRecord& header = records->front();
    for (std::size_t i = 0; i < header.fields.size(); ++i) {
      const std::string name = absl::AsciiStrToLower(absl::StripAsciiWhitespace(header.fields[i]));
      if (required.count(name) == 0 && optional.count(name) == 0) {
        Error(table, header.line, absl::StrCat("cột không xác định (unknown column) '", name, "'"));
      } else if (!table.columns.emplace(name, i).second) {
        Error(table, header.line, absl::StrCat("cột lặp lại (duplicate column) '", name, "'"));
      }
    }
    for (const std::string& name : required) {
      if (table.columns.count(name) == 0) {
        Error(table, header.line, absl::StrCat("thiếu cột (missing column) '", name, "'"));
      }
    }
    table.rows.assign(records->begin() + 1, records->end());
    return table;
  }

  void Organisations(const Table& t) {
    struct Pending {
      std::string id, successor_code, valid_until;
      int line;
    };
    std::vector<Pending> successors;
    for (const CsvRecord& row : t.rows) {
      Row(t, row.line, [&]() -> absl::Status {
        v1::Organization org;
        org.set_code(t.Get(row, "code"));
        org.set_name_vi(t.Get(row, "name_vi"));
        org.set_short_name_vi(t.Get(row, "short_name_vi"));
        TDKT_ASSIGN_OR_RETURN(const int level, EnumValue("level", t.Get(row, "level"), "ORG_LEVEL_",
                                                         v1::OrgLevel_descriptor()));
        org.set_level(static_cast<v1::OrgLevel>(level));
        TDKT_RETURN_IF_ERROR(SetDate("valid_from", t.Get(row, "valid_from"), org.mutable_valid_from()));
        const std::string until = t.Get(row, "valid_until");
        if (!until.empty()) TDKT_RETURN_IF_ERROR(SetDate("valid_until", until, org.mutable_valid_until()));
        TDKT_RETURN_IF_ERROR(CheckOrganization(org));
        const std::string from = TextOf(org.valid_from());
        if (const std::string parent_code = t.Get(row, "parent_code"); !parent_code.empty()) {
          TDKT_ASSIGN_OR_RETURN(auto parent, store_.OrganisationByCodeOn(tx_, parent_code, from));
          if (!parent.has_value()) {
            return absl::InvalidArgumentError(
                "parent_code: không có đơn vị cha hiệu lực vào valid_from (no such parent on valid_from)");
          }
          if (parent->level() <= org.level()) {
            return absl::InvalidArgumentError("level: phải thấp hơn cấp của đơn vị cha (must be below the parent)");
          }
          org.set_parent_id(parent->id());
        }
        TDKT_ASSIGN_OR_RETURN(auto existing, store_.OrganisationByCodeFrom(tx_, org.code(), from));
        std::string id;
        if (existing.has_value()) {
          org.set_id(existing->id());
          org.set_successor_id(existing->successor_id());
          TDKT_ASSIGN_OR_RETURN(const v1::Organization updated,
                                store_.UpdateOrganization(tx_, org, existing->version()));
          id = updated.id();
          response_->set_organizations_updated(response_->organizations_updated() + 1);
        } else {
          TDKT_ASSIGN_OR_RETURN(const v1::Organization created, store_.CreateOrganization(tx_, org));
          id = created.id();
          response_->set_organizations_created(response_->organizations_created() + 1);
        }
        if (const std::string successor = t.Get(row, "successor_code"); !successor.empty()) {
          if (until.empty()) {
            return absl::InvalidArgumentError("successor_code: cần valid_until (valid_until required)");
          }
          successors.push_back({id, successor, until, row.line});
        }
        return absl::OkStatus();
      });
    }
    // Successors may come later in the file than the organisations they replace.
    for (const Pending& pending : successors) {
      Row(t, pending.line, [&]() -> absl::Status {
        TDKT_ASSIGN_OR_RETURN(const absl::CivilDay last, ParseDate("valid_until", pending.valid_until));
        TDKT_ASSIGN_OR_RETURN(auto successor, store_.OrganisationByCodeOn(tx_, pending.successor_code,
                                                                          FormatDay(last + 1)));
        if (!successor.has_value()) {
          return absl::InvalidArgumentError(
              "successor_code: không có đơn vị hiệu lực ngay sau valid_until (none valid the day after valid_until)");
        }
        TDKT_ASSIGN_OR_RETURN(v1::Organization org, store_.FindOrganization(tx_, OrgKey::ById(pending.id), ""));
        org.set_successor_id(successor->id());
        return store_.UpdateOrganization(tx_, org, org.version()).status();
      });
    }
  }

  void People(const Table& t) {
    for (const CsvRecord& row : t.rows) {
      Row(t, row.line, [&]() -> absl::Status {
        v1::Person person;
        person.set_username(t.Get(row, "username"));
        if (person.username().empty()) return absl::InvalidArgumentError("username: bắt buộc (required)");
        person.set_full_name(t.Get(row, "full_name"));
        person.set_id_number(t.Get(row, "id_number"));
        person.set_email(t.Get(row, "email"));
        person.set_phone(t.Get(row, "phone"));
        person.set_active(true);
        TDKT_RETURN_IF_ERROR(CheckPerson(person));
        PersonExtras extras;
        const std::string gender = absl::AsciiStrToUpper(t.Get(row, "gender"));
        if (gender == "F" || gender == "NỮ") {
          extras.gender = 1;
        } else if (gender == "M" || gender == "NAM") {
          extras.gender = 2;
        } else if (!gender.empty()) {
          return absl::InvalidArgumentError("gender: F, M hoặc trống (F, M or empty)");
        }
        if (const std::string year = t.Get(row, "birth_year"); !year.empty()) {
          if (!absl::SimpleAtoi(year, &extras.birth_year) || extras.birth_year < 1900 || extras.birth_year > 2100) {
            return absl::InvalidArgumentError("birth_year: 1900–2100");
          }
        }
        TDKT_ASSIGN_OR_RETURN(auto existing, store_.PersonByUsername(tx_, person.username()));
        if (existing.has_value()) {
          person.set_id(existing->id());
          person.set_active(existing->active());
          person.set_service_account(existing->service_account());
          TDKT_RETURN_IF_ERROR(store_.UpdatePerson(tx_, person, existing->version(), "", extras).status());
          response_->set_people_updated(response_->people_updated() + 1);
        } else {
          TDKT_RETURN_IF_ERROR(store_.CreatePerson(tx_, person, "", extras).status());
          response_->set_people_created(response_->people_created() + 1);
        }
        return absl::OkStatus();
      });
    }
  }

  void Roles(const Table& t) {
    for (const CsvRecord& row : t.rows) {
      Row(t, row.line, [&]() -> absl::Status {
        v1::RoleAssignment a;
        TDKT_ASSIGN_OR_RETURN(const int role, EnumValue("role", t.Get(row, "role"), "ROLE_", v1::Role_descriptor()));
        a.set_role(static_cast<v1::Role>(role));
        TDKT_RETURN_IF_ERROR(SetDate("valid_from", t.Get(row, "valid_from"), a.mutable_valid_from()));
        if (const std::string until = t.Get(row, "valid_until"); !until.empty()) {
          TDKT_RETURN_IF_ERROR(SetDate("valid_until", until, a.mutable_valid_until()));
        }
        TDKT_ASSIGN_OR_RETURN(const std::string person_id, PersonId(t.Get(row, "username")));
        TDKT_ASSIGN_OR_RETURN(const std::string org_id, OrgId(t.Get(row, "org_code"), TextOf(a.valid_from())));
        a.set_person_id(person_id);
        a.set_org_id(org_id);
        TDKT_RETURN_IF_ERROR(CheckRoleAssignment(a));
        TDKT_ASSIGN_OR_RETURN(auto existing, store_.FindRoleAssignment(tx_, a));
        if (existing.has_value()) {
          return store_
              .UpdateRoleAssignment(tx_, existing->id(), existing->version(), TextOf(a.valid_from()),
                                    a.has_valid_until() ? TextOf(a.valid_until()) : "")
              .status();
        }
        TDKT_RETURN_IF_ERROR(store_.CreateRoleAssignment(tx_, a).status());
        response_->set_role_assignments_created(response_->role_assignments_created() + 1);
        return absl::OkStatus();
      });
    }
  }

  void Councils(const Table& t) {
    struct Group {
      int line = 0;
      std::string org_code;
      v1::Council council;
      bool bad = false;
    };
    std::vector<Group> groups;
    std::map<std::pair<std::string, std::string>, std::size_t> index;
    for (const CsvRecord& row : t.rows) {
      const std::string org_code = t.Get(row, "org_code");
      const std::string term_from = t.Get(row, "term_from");
      auto [it, added] = index.emplace(std::make_pair(org_code, term_from), groups.size());
      if (added) groups.push_back({row.line, org_code, {}, false});
      Group& group = groups[it->second];
      Row(t, row.line, [&]() -> absl::Status {
        v1::Council& c = group.council;
        if (added) {
          TDKT_RETURN_IF_ERROR(SetDate("term_from", term_from, c.mutable_term_from()));
          if (const std::string until = t.Get(row, "term_until"); !until.empty()) {
            TDKT_RETURN_IF_ERROR(SetDate("term_until", until, c.mutable_term_until()));
          }
          TDKT_ASSIGN_OR_RETURN(const std::string org_id, OrgId(org_code, TextOf(c.term_from())));
          c.set_org_id(org_id);
          c.set_name_vi(t.Get(row, "name_vi"));
          if (c.name_vi().empty()) {
            TDKT_ASSIGN_OR_RETURN(const v1::Organization org, store_.FindOrganization(tx_, OrgKey::ById(org_id), ""));
            c.set_name_vi(absl::StrCat("Hội đồng Thi đua – Khen thưởng ", org.name_vi()));
          }
          c.set_establishing_decision(t.Get(row, "establishing_decision"));
        }
        v1::CouncilMember* member = c.add_members();
        TDKT_ASSIGN_OR_RETURN(const std::string person_id, PersonId(t.Get(row, "username")));
        member->set_person_id(person_id);
        TDKT_ASSIGN_OR_RETURN(const int position, EnumValue("position", t.Get(row, "position"), "COUNCIL_POSITION_",
                                                            v1::CouncilPosition_descriptor()));
        member->set_position(static_cast<v1::CouncilPosition>(position));
        member->set_title_vi(t.Get(row, "title_vi"));
        TDKT_ASSIGN_OR_RETURN(const bool voting, Bool("voting", t.Get(row, "voting")));
        member->set_voting(voting);
        return absl::OkStatus();
      });
      if (failure_->errors_size() > 0 && failure_->errors(failure_->errors_size() - 1).line() == row.line) {
        group.bad = true;
      }
    }
    for (Group& group : groups) {
      if (group.bad) continue;
      Row(t, group.line, [&]() -> absl::Status {
        TDKT_RETURN_IF_ERROR(CheckCouncil(group.council));
        TDKT_ASSIGN_OR_RETURN(auto existing, store_.CouncilIdByTerm(tx_, group.council.org_id(),
                                                                    TextOf(group.council.term_from())));
        if (existing.has_value()) {
          TDKT_ASSIGN_OR_RETURN(const v1::Council stored, store_.GetCouncil(tx_, *existing));
          group.council.set_id(*existing);
          TDKT_RETURN_IF_ERROR(store_.UpdateCouncil(tx_, group.council, stored.version()).status());
          response_->set_councils_updated(response_->councils_updated() + 1);
        } else {
          TDKT_RETURN_IF_ERROR(store_.CreateCouncil(tx_, group.council).status());
          response_->set_councils_created(response_->councils_created() + 1);
        }
        return absl::OkStatus();
      });
    }
  }

 private:
  static std::string TextOf(const v1::Date& date) { return DateText("date", date).value_or(""); }

  static absl::Status SetDate(const std::string& field, const std::string& text, v1::Date* out) {
    TDKT_ASSIGN_OR_RETURN(const absl::CivilDay day, ParseDate(field, text));
    out->set_year(static_cast<int>(day.year()));
    out->set_month(day.month());
    out->set_day(day.day());
    return absl::OkStatus();
  }

  // "PROVINCE" or "ORG_LEVEL_PROVINCE" → its number; UNSPECIFIED and unknown names are errors.
  static absl::StatusOr<int> EnumValue(const std::string& field, const std::string& text, const std::string& prefix,
                                       const google::protobuf::EnumDescriptor* descriptor) {
    std::string name = absl::AsciiStrToUpper(text);
    if (name.rfind(prefix, 0) != 0) name = prefix + name;
    const google::protobuf::EnumValueDescriptor* value = descriptor->FindValueByName(name);
    if (value == nullptr || value->number() == 0) {
      return absl::InvalidArgumentError(absl::StrCat(field, ": giá trị không hợp lệ (unknown value)"));
    }
    return value->number();
  }

  static absl::StatusOr<bool> Bool(const std::string& field, const std::string& text) {
    const std::string value = absl::AsciiStrToLower(text);
    if (value == "true" || value == "1" || value == "yes" || value == "có") return true;
    if (value == "false" || value == "0" || value == "no" || value == "không" || value.empty()) return false;
    return absl::InvalidArgumentError(absl::StrCat(field, ": true/false"));
  }

  absl::StatusOr<std::string> PersonId(const std::string& username) {
    if (username.empty()) return absl::InvalidArgumentError("username: bắt buộc (required)");
    TDKT_ASSIGN_OR_RETURN(auto person, store_.PersonByUsername(tx_, username));
    if (!person.has_value()) return absl::InvalidArgumentError("username: không tồn tại (unknown username)");
    return person->id();
  }

  absl::StatusOr<std::string> OrgId(const std::string& code, const std::string& date) {
    TDKT_RETURN_IF_ERROR(CheckCode("org_code", code));
    TDKT_ASSIGN_OR_RETURN(auto org, store_.OrganisationByCodeOn(tx_, code, date));
    if (!org.has_value()) {
      return absl::InvalidArgumentError("org_code: không có đơn vị hiệu lực vào ngày đó (no such organisation then)");
    }
    return org->id();
  }

  DirectoryStore& store_;
  DirectoryStore::Tx& tx_;
  v1::ImportDirectoryCsvResponse* response_;
  v1::CsvImportFailure* failure_;
};

}  // namespace

absl::Status CheckImportRequest(const v1::ImportDirectoryCsvRequest& request) {
  if (request.files().empty() || request.files_size() > kMaxFiles) {
    return absl::InvalidArgumentError("files: 1–16 tệp (1 to 16 files)");
  }
  std::size_t total = 0;
  for (const v1::CsvFile& file : request.files()) {
    total += file.content().size();
    if (!v1::CsvFileKind_IsValid(file.kind()) || file.kind() == v1::CSV_FILE_KIND_UNSPECIFIED) {
      return absl::InvalidArgumentError("files.kind: loại tệp không hợp lệ (unknown CsvFileKind)");
    }
    TDKT_RETURN_IF_ERROR(CheckText("files.file_name", file.file_name(), {.max_chars = 200}));
  }
  if (total > kMaxTotalBytes) return absl::InvalidArgumentError("files: tổng quá 16 MiB (over 16 MiB in total)");
  return absl::OkStatus();
}

absl::Status ImportCsv(DirectoryStore& store, DirectoryStore::Tx& tx, const v1::ImportDirectoryCsvRequest& request,
                       v1::ImportDirectoryCsvResponse* response, v1::CsvImportFailure* failure) {
  Importer importer(store, tx, response, failure);
  const absl::Status status = store.Savepoint(
      tx,
      [&]() -> absl::Status {
        for (const v1::CsvFileKind kind : {v1::CSV_FILE_KIND_ORGANIZATIONS, v1::CSV_FILE_KIND_PEOPLE,
                                           v1::CSV_FILE_KIND_ROLE_ASSIGNMENTS, v1::CSV_FILE_KIND_COUNCILS}) {
          for (const v1::CsvFile& file : request.files()) {
            if (file.kind() != kind) continue;
            switch (kind) {
              case v1::CSV_FILE_KIND_ORGANIZATIONS:
                if (auto t = importer.Parse(file, {"code", "name_vi", "level", "parent_code", "valid_from",
                                                   "valid_until", "successor_code"}, {"short_name_vi"})) {
                  importer.Organisations(*t);
                }
                break;
              case v1::CSV_FILE_KIND_PEOPLE:
                if (auto t = importer.Parse(file, {"username", "full_name", "id_number", "email", "phone"},
                                            {"gender", "birth_year"})) {
                  importer.People(*t);
                }
                break;
              case v1::CSV_FILE_KIND_ROLE_ASSIGNMENTS:
                if (auto t = importer.Parse(file, {"username", "org_code", "role", "valid_from", "valid_until"},
                                            {})) {
                  importer.Roles(*t);
                }
                break;
              default:
                if (auto t = importer.Parse(file, {"org_code", "term_from", "term_until", "username", "position",
                                                   "title_vi", "voting"},
                                            {"name_vi", "establishing_decision"})) {
                  importer.Councils(*t);
                }
                break;
            }
          }
        }
        if (failure->errors().empty()) return absl::OkStatus();
        std::vector<std::string> first;
        for (const v1::CsvImportError& error : failure->errors()) {
          if (static_cast<int>(first.size()) == kErrorsInMessage) break;
          first.push_back(absl::StrCat(error.file_name(), ":", error.line(), ": ", error.message_vi()));
        }
        return absl::InvalidArgumentError(absl::StrCat(
            "nhập CSV thất bại, không có thay đổi (CSV import failed, nothing changed; ", failure->errors_size(),
            " errors): ", absl::StrJoin(first, "; ")));
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
