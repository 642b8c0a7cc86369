#pragma once
// What every online tdktctl subcommand shares: the global options (--directory, --dossier, --notifier, --user,
// --data-dir), the password (environment TDKT_PASSWORD or one line of stdin, never argv), a logged-in
// Session that makes bearer contexts, organisation code ↔ id lookups, and Vietnamese names for the API enums.
//
//   ASSIGN_OR_EXIT(OnlineOptions options, ParseOnlineOptions(args, &words));
//   auto session = Session::Login(options, options.user, *ReadPassword(std::cin));
//   auto context = session->Context();   // authorization: Bearer …, 20 s deadline
//
// Nothing here prints or logs a password or a token.
#include <istream>
#include <map>
#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include <grpcpp/grpcpp.h>

#include "absl/status/statusor.h"
#include "tdkt/v1/calendar.grpc.pb.h"
#include "tdkt/v1/directory.grpc.pb.h"
#include "tdkt/v1/dossier.grpc.pb.h"
#include "tdkt/v1/notifier.grpc.pb.h"

namespace tdkt::tdktctl {

inline constexpr int kExitFailure = 1;
inline constexpr int kExitUsage = 2;

struct OnlineOptions {
  std::string directory_addr;  // --directory, $TDKT_DIRECTORY_ADDR, 127.0.0.1:7101
  std::string dossier_addr;    // --dossier, $TDKT_DOSSIER_ADDR, 127.0.0.1:7102
  std::string notifier_addr;   // --notifier, $TDKT_NOTIFIER_ADDR, 127.0.0.1:7104
  std::string user;            // --user (empty when not given)
  std::string data_dir;        // --data-dir, $TDKT_DATA_DIR, the source tree's data/
};

// Takes the global options out of `args` (anywhere, as "--opt VALUE" or "--opt=VALUE") and leaves the
// other words in `rest`. INVALID_ARGUMENT for an option without a value, and for --password (a password on
// the command line would sit in the shell history and in ps).
absl::StatusOr<OnlineOptions> ParseOnlineOptions(const std::vector<std::string>& args, std::vector<std::string>* rest);

// $TDKT_PASSWORD when set and not empty, else the first line of `in` (trailing "\r" removed).
absl::StatusOr<std::string> ReadPassword(std::istream& in);

// One line describing a failed call, without the token: "<what>: <code name>: <server message>".
std::string DescribeFailure(const std::string& what, const grpc::Status& status);

// A logged-in user of one directory, one dossier service and one notifier.
class Session {
 public:
  // Logs in through the directory. UNAUTHENTICATED etc. come back with DescribeFailure's text.
  static absl::StatusOr<std::unique_ptr<Session>> Login(const OnlineOptions& options, const std::string& username,
                                                        const std::string& password);

  // A context carrying the bearer token, with a 20 s deadline.
  std::unique_ptr<grpc::ClientContext> Context() const;

  const std::string& username() const { return username_; }
  const tdkt::v1::LoginResponse& login() const { return login_; }
  tdkt::v1::DirectoryService::Stub& directory() const { return *directory_; }
  tdkt::v1::DossierService::Stub& dossier() const { return *dossier_; }
  tdkt::v1::NotifierService::Stub& notifier() const { return *notifier_; }
  tdkt::v1::CalendarService::Stub& calendar() const { return *calendar_; }  // served by the dossier service

  // The organisation with `code` valid today (cached).
  absl::StatusOr<tdkt::v1::Organization> OrganizationByCode(const std::string& code);
  // The organisation with `id` (cached); "*" (every organisation) is not looked up.
  absl::StatusOr<tdkt::v1::Organization> OrganizationById(const std::string& id);
  // "CODE (name)" for an id, or the id itself when the lookup fails.
  std::string OrganizationLabel(const std::string& id);

 private:
  Session() = default;

  std::string username_;
  tdkt::v1::LoginResponse login_;
  std::unique_ptr<tdkt::v1::DirectoryService::Stub> directory_;
  std::unique_ptr<tdkt::v1::DossierService::Stub> dossier_;
  std::unique_ptr<tdkt::v1::NotifierService::Stub> notifier_;
  std::unique_ptr<tdkt::v1::CalendarService::Stub> calendar_;
  std::map<std::string, tdkt::v1::Organization> by_id_;
};

// The common start of a subcommand that needs a login: the options, then --user (usage error when missing),
// the password and the login. exit_code is 0 when `session` is ready, else 1 or 2 with one line on `err`.
struct LoggedInStart {
  int exit_code = 0;
  OnlineOptions options;
  std::vector<std::string> words;  // the arguments that are not global options
  std::unique_ptr<Session> session;
};
LoggedInStart StartLoggedIn(const std::string& command, const std::vector<std::string>& args, std::istream& in,
                            std::ostream& err, const std::string& usage);

// The dossier service without a login (GetPublicStatus).
std::unique_ptr<tdkt::v1::DossierService::Stub> AnonymousDossierStub(const OnlineOptions& options);
// A context with the 20 s deadline and no token.
std::unique_ptr<grpc::ClientContext> AnonymousContext();

// Vietnamese names, as a council officer reads them.
std::string StateNameVi(tdkt::v1::DossierState state);
std::string LevelNameVi(tdkt::v1::OrgLevel level);
std::string RoleNameVi(tdkt::v1::Role role);
std::string ActionNameVi(tdkt::v1::DossierAction action);
// "DOSSIER_STATE_SUBMITTED" or "SUBMITTED" (any case) → the enum; nullopt when unknown.
std::optional<tdkt::v1::DossierState> ParseState(const std::string& text);

// "2026-11-23"; "—" for an unset date.
std::string FormatDate(const tdkt::v1::Date& date);
// "2026-11-23 14:05" in Asia/Ho_Chi_Minh; "—" for an unset timestamp.
std::string FormatTime(const google::protobuf::Timestamp& time);
// The award's Vietnamese name from the catalogue under data_dir as of today, else the code.
std::string AwardNameVi(const std::string& data_dir, const std::string& award_code);

}  // namespace tdkt::tdktctl
