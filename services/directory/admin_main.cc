// tdkt-directory-admin: the operator's way into the directory when nobody can log in yet (a fresh database,
// demo loading). It talks straight to PostgreSQL through the same DirectoryStore and CSV import as the service,
// so it enforces the same rules; it needs the same --pg-url and --pii-key as tdkt-directory.
//
//   tdkt-directory-admin import data/demo                       # every *.csv, kind from the file name
//   tdkt-directory-admin create-system-admin qt.tinh "Lê Văn Quản"
//   tdkt-directory-admin create-service-account svc-dossier "Dịch vụ hồ sơ"   # then set-password
//   echo 'a-long-password' | tdkt-directory-admin set-password qt.tinh
//   echo 'demo-password-1' | tdkt-directory-admin set-password --all-without-password
//
// Exit status: 0 done, 1 refused or failed (the reason on stderr; CSV errors as file:line), 2 bad usage.
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include <spdlog/spdlog.h>

#include "directory_migrations.h"
#include "services/common/config.h"
#include "services/common/logging.h"
#include "services/common/migrations.h"
#include "services/common/pg_pool.h"
#include "services/directory/csv_import.h"
#include "services/directory/directory_store.h"
#include "services/directory/password_hash.h"
#include "services/common/pii_cipher.h"
#include "services/directory/request_rules.h"
#include "base/status_macros.h"

namespace tdkt::directory {
namespace {

namespace fs = std::filesystem;

constexpr char kUsage[] =
    "usage: tdkt-directory-admin [--pg-url URL] [--pii-key KEY] <command>\n"
    "  import <dir-or-csv-file>...              CSV import, all or nothing (organizations.csv, people.csv,\n"
    "                                           role_assignments.csv, councils.csv)\n"
    "  create-system-admin <username> <full name>   ADMIN over every organisation (idempotent)\n"
    "  create-service-account <username> <name>     a system caller without roles, e.g. svc-dossier (idempotent)\n"
    "  set-password <username>                  the new password is read from stdin\n"
    "  set-password --all-without-password      the same password (stdin) for every active person without one\n";

int Usage() {
  std::fputs(kUsage, stderr);
  return 2;
}

int Failed(const absl::Status& status) {
  std::fprintf(stderr, "tdkt-directory-admin: %s\n", std::string(status.message()).c_str());
  return 1;
}

absl::StatusOr<tdkt::v1::CsvFileKind> KindOf(const fs::path& path) {
  const std::string stem = path.stem().string();
  if (stem == "organizations" || stem == "organisations") return tdkt::v1::CSV_FILE_KIND_ORGANIZATIONS;
  if (stem == "people") return tdkt::v1::CSV_FILE_KIND_PEOPLE;
  if (stem == "role_assignments") return tdkt::v1::CSV_FILE_KIND_ROLE_ASSIGNMENTS;
  if (stem == "councils") return tdkt::v1::CSV_FILE_KIND_COUNCILS;
  return absl::InvalidArgumentError(
      path.string() + ": tên tệp không cho biết loại dữ liệu (file name must be organizations, people, "
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

int Import(DirectoryStore& store, const std::vector<std::string>& args) {
  if (args.empty()) return Usage();
  tdkt::v1::ImportDirectoryCsvRequest request;
  request.set_request_id("admin-import");
  for (const std::string& arg : args) {
    std::vector<fs::path> paths;
    if (fs::is_directory(arg)) {
      for (const auto& entry : fs::directory_iterator(arg)) {
        if (entry.path().extension() == ".csv") paths.push_back(entry.path());
      }
      std::sort(paths.begin(), paths.end());
    } else {
      paths.push_back(arg);
    }
    for (const fs::path& path : paths) {
      if (absl::Status status = AddFile(path, request); !status.ok()) return Failed(status);
    }
  }
  if (absl::Status status = CheckImportRequest(request); !status.ok()) return Failed(status);
  tdkt::v1::ImportDirectoryCsvResponse response;
  tdkt::v1::CsvImportFailure failure;
  const absl::Status status = store.InTransaction([&](DirectoryStore::Tx& tx) {
    failure.clear_errors();
    return ImportCsv(store, tx, request, &response, &failure);
  });
  if (!status.ok()) {
    if (failure.errors().empty()) return Failed(status);
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
absl::StatusOr<std::string> EnsurePerson(DirectoryStore& store, DirectoryStore::Tx& tx, const tdkt::v1::Person& person) {
  TDKT_ASSIGN_OR_RETURN(std::optional<tdkt::v1::Person> existing, store.PersonByUsername(tx, person.username()));
  if (!existing.has_value()) {
    TDKT_ASSIGN_OR_RETURN(existing, store.CreatePerson(tx, person, ""));
  }
  return existing->id();
}

int CreateAccount(DirectoryStore& store, const std::vector<std::string>& args, bool system_admin) {
  if (args.size() != 2) return Usage();
  tdkt::v1::Person person;
  person.set_username(args[0]);
  person.set_full_name(args[1]);
  person.set_active(true);
  person.set_service_account(!system_admin);
  if (absl::Status status = CheckPerson(person); !status.ok()) return Failed(status);
  std::string person_id;
  const absl::Status status = store.InTransaction([&](DirectoryStore::Tx& tx) -> absl::Status {
    TDKT_ASSIGN_OR_RETURN(person_id, EnsurePerson(store, tx, person));
    return system_admin ? store.AddSystemAdmin(tx, person_id) : absl::OkStatus();
  });
  if (!status.ok()) return Failed(status);
  std::printf(system_admin ? "person %s is a system administrator (ADMIN over every organisation)\n"
                           : "person %s is a service account\n",
              person_id.c_str());
  return 0;
}

int SetPassword(DirectoryStore& store, const std::vector<std::string>& args) {
  if (args.size() != 1) return Usage();
  std::string password;
  std::getline(std::cin, password);
  while (!password.empty() && (password.back() == '\r' || password.back() == '\n')) password.pop_back();
  if (password.empty()) return Failed(absl::InvalidArgumentError("mật khẩu rỗng (no password on stdin)"));
  if (absl::Status status = CheckPassword("password", password); !status.ok()) return Failed(status);
  const bool all = args[0] == "--all-without-password";
  std::vector<std::pair<std::string, std::string>> people;  // (person id, username)
  absl::Status status = store.InTransaction([&](DirectoryStore::Tx& tx) -> absl::Status {
    if (all) {
      TDKT_ASSIGN_OR_RETURN(people, store.PeopleWithoutPassword(tx));
      return absl::OkStatus();
    }
    TDKT_ASSIGN_OR_RETURN(const std::optional<LoginRecord> record, store.LoginRecordByUsername(tx, args[0]));
    if (!record.has_value()) return absl::NotFoundError("không tìm thấy người dùng (no person with this username)");
    people.emplace_back(record->person_id, args[0]);
    return absl::OkStatus();
  });
  if (!status.ok()) return Failed(status);
  for (const auto& [person_id, username] : people) {
    auto hash = HashPassword(password);  // one salt per person
    if (!hash.ok()) return Failed(hash.status());
    status = store.InTransaction([&](DirectoryStore::Tx& tx) -> absl::Status {
      TDKT_RETURN_IF_ERROR(store.SetPasswordHash(tx, person_id, *hash));
      return store.RevokePersonRefreshTokens(tx, person_id, "", absl::Now());
    });
    if (!status.ok()) return Failed(status);
  }
  std::printf("password set for %zu %s\n", people.size(), people.size() == 1 ? "person" : "people");
  return 0;
}

int Main(int argc, char** argv) {
  // Flags (--name=value or --name value) go to Flags; the rest is the command and its arguments.
  std::vector<std::string> flag_args = {argv[0]};
  std::vector<std::string> words;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--all-without-password" || arg.rfind("--", 0) != 0) {
      words.push_back(arg);
    } else {
      flag_args.push_back(arg);
      if (arg.find('=') == std::string::npos && arg != "--help" && i + 1 < argc) flag_args.push_back(argv[++i]);
    }
  }
  common::Flags flags("tdkt-directory-admin", "Operator commands on the directory's database.\n" +
                                                  std::string(kUsage));
  flags.Define({"pg-url", "TDKT_PG_URL", "postgresql://tdkt@127.0.0.1:5432/tdkt", "PostgreSQL URL",
                common::ValidatePostgresUrl});
  flags.Define({"pii-key", "TDKT_PII_KEY", "", "the directory's --pii-key (personal data in CSV files)",
                [](const std::string& value) {
                  return value.empty() ? absl::OkStatus() : PiiCipher::FromKeyText(value).status();
                },
                /*secret=*/true});
  flags.Define({"log-level", "TDKT_LOG_LEVEL", "warn", "trace, debug, info, warn or error",
                common::ValidateLogLevel});
  std::vector<const char*> flag_argv;
  for (const std::string& arg : flag_args) flag_argv.push_back(arg.c_str());
  flags.ParseOrExit(static_cast<int>(flag_argv.size()), flag_argv.data());
  common::InitLogging("directory-admin", common::LogFormat::kText, flags.Get("log-level"));
  if (words.empty()) return Usage();

  std::optional<PiiCipher> cipher;
  if (!flags.Get("pii-key").empty()) cipher = *PiiCipher::FromKeyText(flags.Get("pii-key"));
  auto pool = common::PgPool::Connect(flags.Get("pg-url"), 1);
  if (!pool.ok()) return Failed(pool.status());
  {
    auto lease = (*pool)->Acquire();
    if (!lease.ok()) return Failed(lease.status());
    if (absl::Status status = common::ApplyMigrations(**lease, "directory", DirectoryMigrations()); !status.ok()) {
      return Failed(status);
    }
  }
  DirectoryStore store(pool->get(), cipher.has_value() ? &*cipher : nullptr);
  const std::string command = words[0];
  const std::vector<std::string> args(words.begin() + 1, words.end());
  if (command == "import") return Import(store, args);
  if (command == "create-system-admin") return CreateAccount(store, args, /*system_admin=*/true);
  if (command == "create-service-account") return CreateAccount(store, args, /*system_admin=*/false);
  if (command == "set-password") return SetPassword(store, args);
  return Usage();
}

}  // namespace
}  // namespace tdkt::directory

int main(int argc, char** argv) { return tdkt::directory::Main(argc, argv); }
