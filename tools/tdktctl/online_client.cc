#include "tools/tdktctl/online_client.h"

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <random>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "base/iso_date.h"
#include "absl/time/time.h"
#include "tools/tdktctl/session_store.h"
#include "workflow/catalog/catalog.h"
#include "workflow/vietnam_time.h"
#include "workflow/loader/catalog_loader.h"

namespace tdkt::tdktctl {
namespace {

namespace v1 = tdkt::v1;

constexpr auto kCallTimeout = std::chrono::seconds(20);

std::string Env(const char* name) {
  const char* value = std::getenv(name);
  return value == nullptr ? std::string() : std::string(value);
}

std::string CodeName(grpc::StatusCode code) {
  switch (code) {
    case grpc::StatusCode::OK: return "OK";
    case grpc::StatusCode::CANCELLED: return "CANCELLED";
    case grpc::StatusCode::UNKNOWN: return "UNKNOWN";
    case grpc::StatusCode::INVALID_ARGUMENT: return "dữ liệu không hợp lệ";
    case grpc::StatusCode::DEADLINE_EXCEEDED: return "quá thời gian chờ";
    case grpc::StatusCode::NOT_FOUND: return "không tìm thấy";
    case grpc::StatusCode::ALREADY_EXISTS: return "đã tồn tại";
    case grpc::StatusCode::PERMISSION_DENIED: return "không có quyền";
    case grpc::StatusCode::RESOURCE_EXHAUSTED: return "quá nhiều yêu cầu";
    case grpc::StatusCode::FAILED_PRECONDITION: return "trạng thái không cho phép";
    case grpc::StatusCode::ABORTED: return "hồ sơ đã thay đổi";
    case grpc::StatusCode::OUT_OF_RANGE: return "ngoài phạm vi";
    case grpc::StatusCode::UNIMPLEMENTED: return "chưa hỗ trợ";
    case grpc::StatusCode::INTERNAL: return "lỗi máy chủ";
    case grpc::StatusCode::UNAVAILABLE: return "không kết nối được máy chủ";
    case grpc::StatusCode::DATA_LOSS: return "dữ liệu hỏng";
    case grpc::StatusCode::UNAUTHENTICATED: return "chưa đăng nhập hoặc sai mật khẩu";
    default: return "lỗi";
  }
}

std::shared_ptr<grpc::Channel> Channel(const std::string& address) {
  return grpc::CreateChannel(address, grpc::InsecureChannelCredentials());
}

bool TakeOption(const std::vector<std::string>& args, size_t* i, const std::string& name, std::string* value,
                absl::Status* error) {
  const std::string& word = args[*i];
  if (word == name) {
    if (*i + 1 == args.size()) {
      *error = absl::InvalidArgumentError(name + " cần một giá trị");
      return true;
    }
    *value = args[++*i];
    return true;
  }
  if (word.rfind(name + "=", 0) == 0) {
    *value = word.substr(name.size() + 1);
    return true;
  }
  return false;
}

}  // namespace

absl::StatusOr<OnlineOptions> ParseOnlineOptions(const std::vector<std::string>& args,
                                                 std::vector<std::string>* rest) {
  OnlineOptions options;
  options.directory_addr = Env("TDKT_DIRECTORY_ADDR");
  if (options.directory_addr.empty()) options.directory_addr = "127.0.0.1:7101";
  options.dossier_addr = Env("TDKT_DOSSIER_ADDR");
  if (options.dossier_addr.empty()) options.dossier_addr = "127.0.0.1:7102";
  options.notifier_addr = Env("TDKT_NOTIFIER_ADDR");
  if (options.notifier_addr.empty()) options.notifier_addr = "127.0.0.1:7104";
  options.scheduler_addr = Env("TDKT_SCHEDULER_ADDR");
  if (options.scheduler_addr.empty()) options.scheduler_addr = "127.0.0.1:7103";
  options.campaign_addr = Env("TDKT_CAMPAIGN_ADDR");
  if (options.campaign_addr.empty()) options.campaign_addr = "127.0.0.1:7105";
  options.data_dir = Env("TDKT_DATA_DIR");
  if (options.data_dir.empty()) options.data_dir = TDKT_SOURCE_DATA_DIR;
  for (size_t i = 0; i < args.size(); ++i) {
    absl::Status error;
    if (args[i] == "--password" || args[i].rfind("--password=", 0) == 0) {
      return absl::InvalidArgumentError(
          "không nhận mật khẩu trên dòng lệnh: đặt biến môi trường TDKT_PASSWORD hoặc nhập qua stdin");
    }
    if (TakeOption(args, &i, "--directory", &options.directory_addr, &error) ||
        TakeOption(args, &i, "--dossier", &options.dossier_addr, &error) ||
        TakeOption(args, &i, "--notifier", &options.notifier_addr, &error) ||
        TakeOption(args, &i, "--scheduler", &options.scheduler_addr, &error) ||
        TakeOption(args, &i, "--campaign", &options.campaign_addr, &error) ||
        TakeOption(args, &i, "--user", &options.user, &error) ||
        TakeOption(args, &i, "--data-dir", &options.data_dir, &error)) {
      if (!error.ok()) return error;
      continue;
    }
    std::string output;
    if (TakeOption(args, &i, "--output", &output, &error)) {
      if (!error.ok()) return error;
      if (output != "json" && output != "text") {
        return absl::InvalidArgumentError("--output nhận text hoặc json, không nhận \"" + output + "\"");
      }
      options.json = output == "json";
      continue;
    }
    rest->push_back(args[i]);
  }
  return options;
}

absl::StatusOr<std::string> ReadPassword(std::istream& in) {
  std::string password = Env("TDKT_PASSWORD");
  if (!password.empty()) return password;
  if (!std::getline(in, password) && password.empty()) {
    return absl::InvalidArgumentError("thiếu mật khẩu: đặt biến môi trường TDKT_PASSWORD hoặc nhập một dòng qua stdin");
  }
  if (!password.empty() && password.back() == '\r') password.pop_back();
  if (password.empty()) return absl::InvalidArgumentError("mật khẩu trống");
  return password;
}

std::string DescribeFailure(const std::string& what, const grpc::Status& status) {
  std::string message = absl::StrReplaceAll(status.error_message(), {{"\n", " "}, {"\r", " "}});
  return absl::StrCat(what, ": ", CodeName(status.error_code()), message.empty() ? "" : ": ", message);
}

std::string NewRequestId() {
  std::random_device random;
  unsigned char bytes[16];
  for (unsigned char& b : bytes) b = static_cast<unsigned char>(random());
  bytes[6] = static_cast<unsigned char>((bytes[6] & 0x0f) | 0x40);  // version 4
  bytes[8] = static_cast<unsigned char>((bytes[8] & 0x3f) | 0x80);  // RFC 4122 variant
  std::string id;
  for (int i = 0; i < 16; ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) id += '-';
    absl::StrAppend(&id, absl::Hex(bytes[i], absl::kZeroPad2));
  }
  return id;
}

namespace {

// The directory's answer to a login, as an absl::Status whose code gives the exit code: a refused password is
// PERMISSION_DENIED (the server refused: 1), not UNAUTHENTICATED (which means "log in first": 4).
absl::Status LoginFailure(const std::string& what, const grpc::Status& status) {
  absl::Status failure = FromGrpc(what, status);
  if (absl::IsUnauthenticated(failure)) return absl::PermissionDeniedError(failure.message());
  return failure;
}

absl::Status NotLoggedIn(const std::string& username) {
  return absl::UnauthenticatedError(
      username.empty() ? "chưa đăng nhập: chạy tdktctl login --user TÊN_ĐĂNG_NHẬP"
                       : absl::StrCat("chưa đăng nhập với tài khoản ", username, ": chạy tdktctl login --user ",
                                      username, " (hoặc đặt TDKT_PASSWORD)"));
}

}  // namespace

Session::Session(const OnlineOptions& options, std::string username)
    : username_(std::move(username)),
      directory_(v1::DirectoryService::NewStub(Channel(options.directory_addr))),
      dossier_(v1::DossierService::NewStub(Channel(options.dossier_addr))),
      notifier_(v1::NotifierService::NewStub(Channel(options.notifier_addr))),
      scheduler_(v1::SchedulerService::NewStub(Channel(options.scheduler_addr))),
      campaign_(v1::CampaignService::NewStub(Channel(options.campaign_addr))),
      bloc_(v1::BlocService::NewStub(Channel(options.campaign_addr))),
      report_(v1::ReportService::NewStub(Channel(options.campaign_addr))),
      calendar_(v1::CalendarService::NewStub(Channel(options.dossier_addr))),  // served by the dossier service
      award_history_(v1::AwardHistoryService::NewStub(Channel(options.dossier_addr))) {}

absl::StatusOr<std::unique_ptr<Session>> Session::Login(const OnlineOptions& options, const std::string& username,
                                                        const std::string& password) {
  std::unique_ptr<Session> session(new Session(options, username));
  v1::LoginRequest request;
  request.set_username(username);
  request.set_password(password);
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + kCallTimeout);
  const grpc::Status status = session->directory_->Login(&context, request, &session->login_);
  if (!status.ok()) {
    return LoginFailure(absl::StrCat("đăng nhập ", username, " tại ", options.directory_addr), status);
  }
  return session;
}

absl::StatusOr<std::unique_ptr<Session>> Session::Resume(const OnlineOptions& options) {
  absl::StatusOr<SessionStore> store = SessionStore::ForDirectory(options.directory_addr);
  if (!store.ok()) return store.status();
  const std::string username = options.user.empty() ? store->CurrentUser() : options.user;
  if (username.empty()) return NotLoggedIn("");
  std::unique_ptr<Session> session;
  const absl::Status resumed = store->Locked(username, [&]() -> absl::Status {
    absl::StatusOr<std::optional<v1::LoginResponse>> saved = store->Load(username);
    if (!saved.ok()) return saved.status();
    if (!saved->has_value()) {
      const std::string password = Env("TDKT_PASSWORD");
      if (password.empty()) return NotLoggedIn(username);
      absl::StatusOr<std::unique_ptr<Session>> fresh = Login(options, username, password);
      if (!fresh.ok()) return fresh.status();
      session = std::move(*fresh);
      return store->Save(username, session->login_);
    }
    session.reset(new Session(options, username));
    session->login_ = **saved;
    const absl::Time expires = absl::FromUnixSeconds(session->login_.access_token_expires_at().seconds());
    if (expires - absl::Now() > absl::Minutes(1)) return absl::OkStatus();
    // Refresh tokens rotate: the presented one is revoked, the new pair saved before anyone else reads it.
    v1::RefreshRequest request;
    request.set_refresh_token(session->login_.refresh_token());
    v1::RefreshResponse refreshed;
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + kCallTimeout);
    const grpc::Status status = session->directory_->Refresh(&context, request, &refreshed);
    if (status.error_code() == grpc::StatusCode::UNAUTHENTICATED) {
      (void)store->Remove(username);
      return absl::UnauthenticatedError(absl::StrCat("phiên đăng nhập của ", username,
                                                     " đã hết hạn: chạy lại tdktctl login --user ", username));
    }
    if (!status.ok()) return FromGrpc(absl::StrCat("gia hạn phiên đăng nhập tại ", options.directory_addr), status);
    session->login_.set_access_token(refreshed.access_token());
    *session->login_.mutable_access_token_expires_at() = refreshed.access_token_expires_at();
    session->login_.set_refresh_token(refreshed.refresh_token());
    *session->login_.mutable_refresh_token_expires_at() = refreshed.refresh_token_expires_at();
    *session->login_.mutable_grants() = refreshed.grants();
    return store->Save(username, session->login_);
  });
  if (!resumed.ok()) return resumed;
  return session;
}

std::unique_ptr<grpc::ClientContext> Session::Context() const { return Context(absl::FromChrono(kCallTimeout)); }

std::unique_ptr<grpc::ClientContext> Session::Context(absl::Duration deadline) const {
  auto context = std::make_unique<grpc::ClientContext>();
  context->AddMetadata("authorization", "Bearer " + login_.access_token());
  context->set_deadline(absl::ToChronoTime(absl::Now() + deadline));
  return context;
}

absl::StatusOr<v1::Organization> Session::OrganizationByCode(const std::string& code) {
  for (const auto& [id, organization] : by_id_) {
    if (organization.code() == code) return organization;
  }
  v1::GetOrganizationRequest request;
  request.set_code(code);
  v1::GetOrganizationResponse response;
  const grpc::Status status = directory_->GetOrganization(Context().get(), request, &response);
  if (!status.ok()) return absl::NotFoundError(DescribeFailure("tra cứu tổ chức " + code, status));
  by_id_[response.organization().id()] = response.organization();
  return response.organization();
}

absl::StatusOr<v1::Organization> Session::OrganizationById(const std::string& id) {
  if (auto it = by_id_.find(id); it != by_id_.end()) return it->second;
  v1::GetOrganizationRequest request;
  request.set_org_id(id);
  v1::GetOrganizationResponse response;
  const grpc::Status status = directory_->GetOrganization(Context().get(), request, &response);
  if (!status.ok()) return absl::NotFoundError(DescribeFailure("tra cứu tổ chức " + id, status));
  by_id_[id] = response.organization();
  return response.organization();
}

std::string Session::OrganizationLabel(const std::string& id) {
  if (id == "*") return "* (toàn hệ thống)";
  absl::StatusOr<v1::Organization> organization = OrganizationById(id);
  if (!organization.ok()) return id;
  return absl::StrCat(organization->code(), " (", organization->name_vi(), ")");
}

LoggedInStart StartLoggedIn(const std::string& command, const std::vector<std::string>& args, std::ostream& err,
                            const std::string& usage, CommandLine& line, size_t min_positional,
                            size_t max_positional, const WordCheck& check) {
  LoggedInStart start;
  absl::StatusOr<OnlineOptions> options = ParseOnlineOptions(args, &start.words);
  absl::Status usage_error = options.status();
  if (usage_error.ok()) usage_error = line.Parse(start.words);
  if (usage_error.ok() && line.positional().size() < min_positional) {
    usage_error = absl::InvalidArgumentError("thiếu tham số");
  }
  if (usage_error.ok() && line.positional().size() > max_positional) {
    usage_error = absl::InvalidArgumentError("thừa tham số \"" + line.positional()[max_positional] + "\"");
  }
  if (usage_error.ok() && check) usage_error = check(line);
  if (!usage_error.ok() && !absl::IsInvalidArgument(usage_error)) {  // the check refused, not the usage
    start.exit_code = Failed(command, usage_error, err);
    return start;
  }
  if (!usage_error.ok()) {
    err << "tdktctl " << command << ": " << usage_error.message() << "\n" << usage;
    if (usage.empty() || usage.back() != '\n') err << "\n";
    start.exit_code = kExitUsage;
    return start;
  }
  start.options = *options;
  absl::StatusOr<std::unique_ptr<Session>> session = Session::Resume(start.options);
  if (!session.ok()) {
    start.exit_code = Failed(command, session.status(), err);
    return start;
  }
  start.session = std::move(*session);
  return start;
}

absl::StatusOr<v1::Date> DateOption(const CommandLine& line, const std::string& name) {
  const std::optional<absl::CivilDay> day = base::ParseIsoDate(*line.Value(name));
  if (!day) return absl::InvalidArgumentError(name + " cần một ngày YYYY-MM-DD");
  v1::Date date;
  date.set_year(static_cast<int>(day->year()));
  date.set_month(day->month());
  date.set_day(day->day());
  return date;
}

int Failed(const std::string& command, const absl::Status& status, std::ostream& err) {
  err << "tdktctl " << command << ": " << status.message() << "\n";
  return ExitCodeOf(status);
}

std::unique_ptr<v1::DossierService::Stub> AnonymousDossierStub(const OnlineOptions& options) {
  return v1::DossierService::NewStub(Channel(options.dossier_addr));
}

std::unique_ptr<grpc::ClientContext> AnonymousContext() {
  auto context = std::make_unique<grpc::ClientContext>();
  context->set_deadline(std::chrono::system_clock::now() + kCallTimeout);
  return context;
}

std::string StateNameVi(v1::DossierState state) {
  switch (state) {
    case v1::DOSSIER_STATE_DRAFT: return "Nháp";
    case v1::DOSSIER_STATE_SUBMITTED: return "Đã nộp, chờ tiếp nhận";
    case v1::DOSSIER_STATE_UNDER_REVIEW: return "Đang thẩm định";
    case v1::DOSSIER_STATE_RETURNED_FOR_SUPPLEMENT: return "Trả lại để bổ sung";
    case v1::DOSSIER_STATE_COUNCIL_VOTING: return "Hội đồng đang xét";
    case v1::DOSSIER_STATE_AWAITING_DECISION: return "Chờ quyết định";
    case v1::DOSSIER_STATE_DECIDED: return "Đã có quyết định";
    case v1::DOSSIER_STATE_PUBLISHED: return "Đã công bố";
    case v1::DOSSIER_STATE_REJECTED: return "Không được đề nghị";
    case v1::DOSSIER_STATE_WITHDRAWN: return "Đã rút";
    case v1::DOSSIER_STATE_FORWARDED_EXTERNAL: return "Đã trình cấp trên ngoài hệ thống";
    default: return "Không xác định";
  }
}

std::string LevelNameVi(v1::OrgLevel level) {
  switch (level) {
    case v1::ORG_LEVEL_UNIT: return "cơ sở";
    case v1::ORG_LEVEL_COMMUNE: return "xã";
    case v1::ORG_LEVEL_DISTRICT: return "huyện";
    case v1::ORG_LEVEL_PROVINCE: return "tỉnh";
    case v1::ORG_LEVEL_CENTRAL: return "trung ương";
    default: return "—";
  }
}

std::string RoleNameVi(v1::Role role) {
  switch (role) {
    case v1::ROLE_SUBMITTER: return "cán bộ đề nghị";
    case v1::ROLE_APPRAISER: return "cán bộ thẩm định";
    case v1::ROLE_COUNCIL_MEMBER: return "thành viên Hội đồng";
    case v1::ROLE_COUNCIL_CHAIR: return "Chủ tịch Hội đồng";
    case v1::ROLE_DECIDER: return "người quyết định";
    case v1::ROLE_ADMIN: return "quản trị";
    default: return "—";
  }
}

std::string ActionNameVi(v1::DossierAction action) {
  switch (action) {
    case v1::DOSSIER_ACTION_CREATE: return "Tạo hồ sơ";
    case v1::DOSSIER_ACTION_ATTACH_DOCUMENT: return "Đính kèm tài liệu";
    case v1::DOSSIER_ACTION_REMOVE_DOCUMENT: return "Gỡ tài liệu";
    case v1::DOSSIER_ACTION_SUBMIT: return "Nộp hồ sơ";
    case v1::DOSSIER_ACTION_ACCEPT: return "Tiếp nhận";
    case v1::DOSSIER_ACTION_RETURN_FOR_SUPPLEMENT: return "Trả lại để bổ sung";
    case v1::DOSSIER_ACTION_RESUBMIT: return "Nộp lại";
    case v1::DOSSIER_ACTION_SEND_TO_COUNCIL: return "Trình Hội đồng";
    case v1::DOSSIER_ACTION_OPEN_VOTE: return "Mở bỏ phiếu";
    case v1::DOSSIER_ACTION_CAST_VOTE: return "Bỏ phiếu";
    case v1::DOSSIER_ACTION_CLOSE_VOTE: return "Kết thúc bỏ phiếu";
    case v1::DOSSIER_ACTION_FORWARD: return "Chuyển cấp trên";
    case v1::DOSSIER_ACTION_DECIDE: return "Quyết định khen thưởng";
    case v1::DOSSIER_ACTION_RECORD_EXTERNAL_OUTCOME: return "Ghi nhận kết quả cấp trên";
    case v1::DOSSIER_ACTION_PUBLISH: return "Công bố";
    case v1::DOSSIER_ACTION_REJECT: return "Không đề nghị";
    case v1::DOSSIER_ACTION_WITHDRAW: return "Rút hồ sơ";
    case v1::DOSSIER_ACTION_FILE_COMPLAINT: return "Khiếu nại";
    case v1::DOSSIER_ACTION_ESCALATE: return "Báo quá hạn";
    case v1::DOSSIER_ACTION_RECALCULATE_DEADLINE: return "Tính lại hạn xử lý (lịch nghỉ thay đổi)";
    default: return "—";
  }
}

std::optional<v1::DossierState> ParseState(const std::string& text) {
  std::string name = absl::AsciiStrToUpper(text);
  if (name.rfind("DOSSIER_STATE_", 0) != 0) name = "DOSSIER_STATE_" + name;
  v1::DossierState state;
  if (!v1::DossierState_Parse(name, &state) || state == v1::DOSSIER_STATE_UNSPECIFIED) return std::nullopt;
  return state;
}

std::string FormatDate(const v1::Date& date) {
  if (date.year() == 0) return "—";
  char text[16];
  std::snprintf(text, sizeof text, "%04d-%02d-%02d", date.year(), date.month(), date.day());
  return text;
}

std::string FormatTime(const google::protobuf::Timestamp& time) {
  if (time.seconds() == 0 && time.nanos() == 0) return "—";
  return absl::FormatTime("%Y-%m-%d %H:%M", absl::FromUnixSeconds(time.seconds()), workflow::VietnamTimeZone());
}

std::string AwardNameVi(const std::string& data_dir, const std::string& award_code) {
  static std::map<std::string, std::string>* const kNames = [&data_dir] {
    auto* names = new std::map<std::string, std::string>();
    absl::StatusOr<workflow::catalog::Catalog> catalog = workflow::loader::LoadCatalog(data_dir);
    if (catalog.ok()) {
      for (const workflow::AwardDefinition* award : catalog->AwardsOn(workflow::VietnamDate(absl::Now()))) {
        (*names)[award->code] = award->name_vi;
      }
    }
    return names;
  }();
  auto it = kNames->find(award_code);
  return it == kNames->end() ? award_code : it->second;
}

}  // namespace tdkt::tdktctl
