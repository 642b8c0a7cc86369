// tdkt-directory-admin: the operator's way into the directory when nobody can log in yet (a fresh database,
// demo loading). It talks straight to PostgreSQL through the same stores, rules and CSV import as the service,
// so it enforces the same rules; it needs the same --pg-url and --pii-key as tdkt-directory.
//
//   tdkt-directory-admin import data/demo                       # every *.csv, kind from the file name
//   tdkt-directory-admin create-system-admin qt.tinh "Lê Văn Quản"
//   tdkt-directory-admin create-service-account svc-dossier "Dịch vụ hồ sơ"   # then set-password
//   echo 'a-long-password' | tdkt-directory-admin set-password qt.tinh
//   echo 'demo-password-1' | tdkt-directory-admin set-password --all-without-password
//
// Every password it sets is recorded in the directory's audit trail (directory.audit_event: whom, when, by the
// operator; never the password). A service account's password must have at least 20 characters, and
// --all-without-password leaves service accounts alone: they get their own long random password.
//
// Exit status: 0 done, 1 refused or failed (the reason on stderr; CSV errors as file:line), 2 bad usage.
#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "base/status_macros.h"
#include "directory_migrations.h"
#include "services/common/bootstrap.h"
#include "services/common/config.h"
#include "services/common/logging.h"
#include "services/directory/csv_import.h"
#include "services/directory/password_hash.h"
#include "services/common/pii_cipher.h"
#include "services/directory/request_rules.h"
#include "services/directory/stores.h"

namespace tdkt::directory {
namespace {

namespace fs = std::filesystem;
using common::ExitOnError;

constexpr char kUsage[] =
    "usage: tdkt-directory-admin [--pg-url URL] [--pii-key KEY] <command>\n"
    "  import <dir-or-csv-file>...              CSV import, all or nothing (organizations.csv, people.csv,\n"
    "                                           role_assignments.csv, councils.csv)\n"
    "  create-system-admin <username> <full name>   ADMIN over every organisation (idempotent)\n"
    "  create-service-account <username> <name>     a system caller without roles, e.g. svc-dossier (idempotent)\n"
    "  set-password <username>                  the new password is read from stdin (a service account's:\n"
    "                                           at least 20 characters)\n"
    "  set-password --all-without-password      the same password (stdin) for every active person without one\n"
    "                                           (service accounts excepted)\n";

int Usage() {
  std::fputs(kUsage, stderr);
  return 2;
}

absl::StatusOr<tdkt::v1::CsvFileKind> KindOf(const fs::path& path) {
  const std::string stem = path.stem().string();
  if (stem == "organizations" || stem == "organisations") return tdkt::v1::CSV_FILE_KIND_ORGANIZATIONS;
  if (stem == "people") return tdkt::v1::CSV_FILE_KIND_PEOPLE;
  if (stem == "role_assignments") return tdkt::v1::CSV_FILE_KIND_ROLE_ASSIGNMENTS;
  if (stem == "councils") return tdkt::v1::CSV_FILE_KIND_COUNCILS;
  return absl::InvalidArgumentError(path.string() +
                                    ": tên tệp không cho biết loại dữ liệu (file name must be organizations, people, "
                                    "role_assignments or councils .csv)");
}

absl::Status AddFile(const fs::path& path, tdkt::v1::ImportDirectoryCsvRequest& request) {
  TDKT_ASSIGN_OR_RETURN(const tdkt::v1::CsvFileKind kind, KindOf(path));
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::NotFoundError(path.string() + ": không đọc được (cannot read)");
  std::stringstream content;
  content << in.rdbuf();
  tdkt::v1::CsvFile* file = request.add_files();
  file->set_kind(kind);
  file->set_file_name(path.filename().string());
  file->set_content(content.str());
  return absl::OkStatus();
}

// Every *.csv of a directory (in name order) or the file itself.
std::vector<fs::path> CsvFiles(const std::string& arg) {
  if (!fs::is_directory(arg)) return {arg};
  std::vector<fs::path> paths;
  for (const auto& entry : fs::directory_iterator(arg)) {
    if (entry.path().extension() == ".csv") paths.push_back(entry.path());
  }
  std::sort(paths.begin(), paths.end());
  return paths;
}

int Import(const DirectoryStores& stores, const std::vector<std::string>& args) {
  if (args.empty()) return Usage();
  tdkt::v1::ImportDirectoryCsvRequest request;
  request.set_request_id("admin-import");
  for (const std::string& arg : args) {
    for (const fs::path& path : CsvFiles(arg)) ExitOnError(AddFile(path, request));
  }
  ExitOnError(CheckImportRequest(request));
  tdkt::v1::ImportDirectoryCsvResponse response;
  tdkt::v1::CsvImportFailure failure;
  const absl::Status status = stores.db.InTransaction([&](Tx& tx) {
    failure.clear_errors();
    return ImportCsv(stores, tx, request, &response, &failure);
  });
  if (!status.ok() && failure.errors().empty()) ExitOnError(status);
  if (!status.ok()) {
    for (const tdkt::v1::CsvImportError& error : failure.errors()) {
      std::fprintf(stderr, "%s:%d: %s%s\n", error.file_name().c_str(), error.line(),
                   error.column().empty() ? "" : (error.column() + ": ").c_str(), error.message_vi().c_str());
    }
    std::fprintf(stderr, "tdkt-directory-admin: nothing imported (%d errors)\n", failure.errors_size());
    return 1;
  }
  std::printf("imported: %d organisations, %d people, %d role assignments, %d councils created\n",
              response.organizations_created(), response.people_created(), response.role_assignments_created(),
              response.councils_created());
  return 0;
}

// The person with this username, created active (and as a service account when asked) if missing.
absl::StatusOr<std::string> EnsurePerson(const DirectoryStores& stores, Tx& tx, const tdkt::v1::Person& person) {
  TDKT_ASSIGN_OR_RETURN(std::optional<tdkt::v1::Person> existing, stores.people.ByUsername(tx, person.username()));
  if (!existing.has_value()) {
    TDKT_ASSIGN_OR_RETURN(existing, stores.people.Create(tx, person, ""));
  }
  return existing->id();
}

int CreateAccount(const DirectoryStores& stores, const std::vector<std::string>& args, bool system_admin) {
  if (args.size() != 2) return Usage();
  tdkt::v1::Person person;
  person.set_username(args[0]);
  person.set_full_name(args[1]);
  person.set_active(true);
  person.set_service_account(!system_admin);
  ExitOnError(CheckPerson(person));
  std::string person_id;
  ExitOnError(stores.db.InTransaction([&](Tx& tx) -> absl::Status {
    TDKT_ASSIGN_OR_RETURN(person_id, EnsurePerson(stores, tx, person));
    return system_admin ? stores.auth.AddSystemAdmin(tx, person_id) : absl::OkStatus();
  }));
  std::printf(system_admin ? "person %s is a system administrator (ADMIN over every organisation)\n"
                           : "person %s is a service account\n",
              person_id.c_str());
  return 0;
}

// Whom set-password is for: one username, or every active person (not service account) without a password.
std::vector<LoginRecord> PasswordTargets(const DirectoryStores& stores, const std::string& target) {
  const bool all = target == "--all-without-password";
  if (!all) ExitOnError(CheckUsername("tên đăng nhập (username)", target));
  std::vector<LoginRecord> people;
  ExitOnError(stores.db.InTransaction([&](Tx& tx) -> absl::Status {
    if (all) {
      TDKT_ASSIGN_OR_RETURN(const auto without, stores.auth.PeopleWithoutPassword(tx));
      for (const auto& [person_id, username] : without) {
        TDKT_ASSIGN_OR_RETURN(LoginRecord record, stores.auth.LoginRecordById(tx, person_id));
        if (!record.service_account) people.push_back(std::move(record));
      }
      return absl::OkStatus();
    }
    TDKT_ASSIGN_OR_RETURN(const std::optional<LoginRecord> record, stores.auth.LoginRecordByUsername(tx, target));
    if (!record.has_value()) return absl::NotFoundError("Không tìm thấy người dùng (no person with this username)");
    people.push_back(*record);
    return absl::OkStatus();
  }));
  return people;
}

int SetPassword(const DirectoryStores& stores, const std::vector<std::string>& args) {
  if (args.size() != 1) return Usage();
  std::string password;
  std::getline(std::cin, password);
  while (!password.empty() && (password.back() == '\r' || password.back() == '\n')) password.pop_back();
  if (password.empty()) ExitOnError(absl::InvalidArgumentError("Thiếu mật khẩu (no password on stdin)"));
  ExitOnError(CheckPassword("mật khẩu (password)", password));
  const std::vector<LoginRecord> people = PasswordTargets(stores, args[0]);
  for (const LoginRecord& person : people) {
    if (person.service_account) ExitOnError(CheckServiceAccountPassword("mật khẩu (password)", password));
    const std::string hash = common::ValueOrExit(HashPassword(password));  // one salt per person
    ExitOnError(stores.db.InTransaction([&](Tx& tx) -> absl::Status {
      const absl::Time now = absl::Now();
      TDKT_RETURN_IF_ERROR(stores.auth.SetPasswordHash(tx, person.person_id, hash));
      TDKT_RETURN_IF_ERROR(stores.auth.RevokePersonRefreshTokens(tx, person.person_id, "", now));
      return stores.audit.Record(
          tx, {.subject_person_id = person.person_id, .action = AuditAction::kPasswordSet, .at = now});
    }));
  }
  std::printf("password set for %zu %s\n", people.size(), people.size() == 1 ? "person" : "people");
  return 0;
}

// The command line split: flags (--name=value or --name value) for Flags, the rest the command and its words.
struct CommandLine {
  std::vector<std::string> flag_args;
  std::vector<std::string> words;
};

CommandLine SplitCommandLine(int argc, char** argv) {
  CommandLine line{{argv[0]}, {}};
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--all-without-password" || arg.rfind("--", 0) != 0) {
      line.words.push_back(arg);
    } else {
      line.flag_args.push_back(arg);
      if (arg.find('=') == std::string::npos && arg != "--help" && i + 1 < argc) line.flag_args.push_back(argv[++i]);
    }
  }
  return line;
}

void ParseFlags(const std::vector<std::string>& args, common::Flags& flags) {
  flags.Define({"pg-url", "TDKT_PG_URL", "postgresql://tdkt@127.0.0.1:5432/tdkt", "PostgreSQL URL",
                common::ValidatePostgresUrl});
  flags.Define({"pii-key", "TDKT_PII_KEY", "", "the directory's --pii-key (personal data in CSV files)",
                [](const std::string& value) {
                  return value.empty() ? absl::OkStatus() : PiiCipher::FromKeyText(value).status();
                },
                /*secret=*/true});
  flags.Define({"log-level", "TDKT_LOG_LEVEL", "warn", "trace, debug, info, warn or error", common::ValidateLogLevel});
  std::vector<const char*> argv;
  for (const std::string& arg : args) argv.push_back(arg.c_str());
  flags.ParseOrExit(static_cast<int>(argv.size()), argv.data());
}

int Main(int argc, char** argv) {
  const CommandLine line = SplitCommandLine(argc, argv);
  common::Flags flags("tdkt-directory-admin", "Operator commands on the directory's database.\n" + std::string(kUsage));
  ParseFlags(line.flag_args, flags);
  common::InitLogging("directory-admin", common::LogFormat::kText, flags.Get("log-level"));
  if (line.words.empty()) return Usage();

  std::optional<PiiCipher> cipher;
  if (!flags.Get("pii-key").empty()) cipher = common::ValueOrExit(PiiCipher::FromKeyText(flags.Get("pii-key")));
  const std::unique_ptr<common::PgPool> pool =
      common::ValueOrExit(common::ConnectAndMigrate(flags.Get("pg-url"), 1, "directory", DirectoryMigrations()));
  const DirectoryStores stores(pool.get(), cipher.has_value() ? &*cipher : nullptr);
  const std::string& command = line.words[0];
  const std::vector<std::string> args(line.words.begin() + 1, line.words.end());
  if (command == "import") return Import(stores, args);
  if (command == "create-system-admin") return CreateAccount(stores, args, /*system_admin=*/true);
  if (command == "create-service-account") return CreateAccount(stores, args, /*system_admin=*/false);
  if (command == "set-password") return SetPassword(stores, args);
  return Usage();
}

}  // namespace
}  // namespace tdkt::directory

int main(int argc, char** argv) { return tdkt::directory::Main(argc, argv); }
