#pragma once
// What every online tdktctl subcommand shares: the global options (--directory, --dossier, --notifier, --user,
// --data-dir, --output), the password (environment TDKT_PASSWORD or one line of stdin, never argv), a Session
// that makes bearer contexts — resumed from the tokens `tdktctl login` saved (session_store.h), refreshed when
// they are about to expire — organisation code ↔ id lookups, and Vietnamese names for the API enums.
//
//   ASSIGN_OR_EXIT(OnlineOptions options, ParseOnlineOptions(args, &words));
//   auto session = Session::Resume(options);   // the saved session of --user, else of the last login
//   auto context = session->Context();         // authorization: Bearer …, 20 s deadline
//
// Nothing here prints or logs a password or a token.
#include <functional>
#include <istream>
#include <map>
#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include <grpcpp/grpcpp.h>

#include "absl/status/statusor.h"
#include "tdkt/v1/award_history.grpc.pb.h"
#include "tdkt/v1/calendar.grpc.pb.h"
#include "tdkt/v1/directory.grpc.pb.h"
#include "tdkt/v1/bloc.grpc.pb.h"
#include "tdkt/v1/campaign.grpc.pb.h"
#include "tdkt/v1/dossier.grpc.pb.h"
#include "tdkt/v1/notifier.grpc.pb.h"
#include "tdkt/v1/report.grpc.pb.h"
#include "tdkt/v1/scheduler.grpc.pb.h"
#include "tools/tdktctl/command_line.h"
#include "tools/tdktctl/exit_codes.h"

namespace tdkt::tdktctl {

struct OnlineOptions {
  std::string directory_addr;  // --directory, $TDKT_DIRECTORY_ADDR, 127.0.0.1:7101
  std::string dossier_addr;    // --dossier, $TDKT_DOSSIER_ADDR, 127.0.0.1:7102
  std::string notifier_addr;   // --notifier, $TDKT_NOTIFIER_ADDR, 127.0.0.1:7104
  std::string scheduler_addr;  // --scheduler, $TDKT_SCHEDULER_ADDR, 127.0.0.1:7103
  std::string campaign_addr;   // --campaign, $TDKT_CAMPAIGN_ADDR, 127.0.0.1:7105 (campaigns, blocs, reports)
  std::string user;            // --user (empty when not given)
  std::string data_dir;        // --data-dir, $TDKT_DATA_DIR, the source tree's data/
  bool json = false;           // --output json (else --output text, the default)
};

// Takes the global options out of `args` (anywhere, as "--opt VALUE" or "--opt=VALUE") and leaves the
// other words in `rest`. INVALID_ARGUMENT for an option without a value, an --output other than text or json,
// and for --password (a password on the command line would sit in the shell history and in ps).
absl::StatusOr<OnlineOptions> ParseOnlineOptions(const std::vector<std::string>& args, std::vector<std::string>* rest);

// $TDKT_PASSWORD when set and not empty, else the first line of `in` (trailing "\r" removed).
absl::StatusOr<std::string> ReadPassword(std::istream& in);

// One line describing a failed call, without the token: "<what>: <code name>: <server message>".
std::string DescribeFailure(const std::string& what, const grpc::Status& status);

// A fresh idempotency key for a command (a random UUID): a retry of the same command line sends another one,
// unless the user gives --request-id.
std::string NewRequestId();

// A logged-in user of one directory, one dossier service and one notifier.
class Session {
 public:
  // Logs in through the directory (nothing is saved). A refused password is PERMISSION_DENIED, an unreachable
  // directory UNAVAILABLE, with DescribeFailure's text.
  static absl::StatusOr<std::unique_ptr<Session>> Login(const OnlineOptions& options, const std::string& username,
                                                        const std::string& password);

  // The session `tdktctl login` saved for options.user (or, without --user, for the user of the last login),
  // refreshed through the directory when its access token expires within a minute (the new tokens are saved).
  // With no saved session and $TDKT_PASSWORD set, logs in with it and saves the session (scripts). UNAUTHENTICATED
  // when not logged in or the session could not be renewed (kExitNotLoggedIn).
  static absl::StatusOr<std::unique_ptr<Session>> Resume(const OnlineOptions& options);

  // A context carrying the bearer token, with a 20 s deadline (or `deadline` from now: streams).
  std::unique_ptr<grpc::ClientContext> Context() const;
  std::unique_ptr<grpc::ClientContext> Context(absl::Duration deadline) const;

  const std::string& username() const { return username_; }
  const tdkt::v1::LoginResponse& login() const { return login_; }
  tdkt::v1::DirectoryService::Stub& directory() const { return *directory_; }
  tdkt::v1::DossierService::Stub& dossier() const { return *dossier_; }
  tdkt::v1::NotifierService::Stub& notifier() const { return *notifier_; }
  tdkt::v1::SchedulerService::Stub& scheduler() const { return *scheduler_; }
  tdkt::v1::CampaignService::Stub& campaign() const { return *campaign_; }
  tdkt::v1::BlocService::Stub& bloc() const { return *bloc_; }  // served by the campaign service
  tdkt::v1::ReportService::Stub& report() const { return *report_; }  // served by the campaign service
  tdkt::v1::CalendarService::Stub& calendar() const { return *calendar_; }  // served by the dossier service
  tdkt::v1::AwardHistoryService::Stub& award_history() const { return *award_history_; }  // the dossier service's

  // The organisation with `code` valid today (cached).
  absl::StatusOr<tdkt::v1::Organization> OrganizationByCode(const std::string& code);
  // The organisation with `id` (cached); "*" (every organisation) is not looked up.
  absl::StatusOr<tdkt::v1::Organization> OrganizationById(const std::string& id);
  // "CODE (name)" for an id, or the id itself when the lookup fails.
  std::string OrganizationLabel(const std::string& id);

 private:
  // The stubs of every service, for `username`.
  Session(const OnlineOptions& options, std::string username);

  std::string username_;
  tdkt::v1::LoginResponse login_;
  std::unique_ptr<tdkt::v1::DirectoryService::Stub> directory_;
  std::unique_ptr<tdkt::v1::DossierService::Stub> dossier_;
  std::unique_ptr<tdkt::v1::NotifierService::Stub> notifier_;
  std::unique_ptr<tdkt::v1::SchedulerService::Stub> scheduler_;
  std::unique_ptr<tdkt::v1::CampaignService::Stub> campaign_;
  std::unique_ptr<tdkt::v1::BlocService::Stub> bloc_;
  std::unique_ptr<tdkt::v1::ReportService::Stub> report_;
  std::unique_ptr<tdkt::v1::CalendarService::Stub> calendar_;
  std::unique_ptr<tdkt::v1::AwardHistoryService::Stub> award_history_;
  std::map<std::string, tdkt::v1::Organization> by_id_;
};

// The common start of a subcommand that needs a login: the global options, the subcommand's own words checked
// against `line` (its options) and the number of positional arguments it takes — usage errors come before any
// call — then the saved session (Session::Resume). exit_code is 0 when `session` is ready, else an exit code with
// one line (and the usage, for a usage error) on `err`.
struct LoggedInStart {
  int exit_code = 0;
  OnlineOptions options;
  std::vector<std::string> words;  // the arguments that are not global options
  std::unique_ptr<Session> session;
};
// `check`, when given, reads the parsed words further (values, combinations, a file named there) before any call;
// its INVALID_ARGUMENT is a usage error (exit 2), any other error is printed as a failure with its exit code.
using WordCheck = std::function<absl::Status(const CommandLine& line)>;
LoggedInStart StartLoggedIn(const std::string& command, const std::vector<std::string>& args, std::ostream& err,
                            const std::string& usage, CommandLine& line, size_t min_positional = 0,
                            size_t max_positional = 0, const WordCheck& check = nullptr);

// Prints "tdktctl <command>: <message>" on `err` and returns the exit code of `status` (exit_codes.h).
int Failed(const std::string& command, const absl::Status& status, std::ostream& err);

// The value of the option `name` (given) as a date YYYY-MM-DD; INVALID_ARGUMENT (a usage error) otherwise.
absl::StatusOr<tdkt::v1::Date> DateOption(const CommandLine& line, const std::string& name);

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
