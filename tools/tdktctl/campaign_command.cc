// `tdktctl campaigns list|show` and `tdktctl register`: campaigns (phong trào thi đua) and registrations for
// titles (đăng ký thi đua) from tdkt-campaign, as a council officer reads them; their rows of the subcommand
// table are at the end.
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "base/sha256.h"
#include "services/campaign/plan_campaign.h"
#include "services/campaign/scheduler_deadline.h"
#include "tdkt/v1/campaign.grpc.pb.h"
#include "tools/tdktctl/campaign_ref.h"
#include "tools/tdktctl/online_client.h"
#include "tools/tdktctl/online_commands.h"

namespace tdkt::tdktctl {

std::string CampaignIdOf(const std::string& given) {
  return given.rfind("cp-", 0) == 0 ? given : campaign::PlanCampaignId(given);
}

namespace {

namespace v1 = tdkt::v1;

std::string HandoffVi(v1::HandoffState state) {
  switch (state) {
    case v1::HANDOFF_STATE_PENDING:
      return "đang chuyển cho dịch vụ nhắc hạn";
    case v1::HANDOFF_STATE_DONE:
      return "đã đặt nhắc hạn";
    case v1::HANDOFF_STATE_FAILED:
      return "dịch vụ nhắc hạn từ chối";
    case v1::HANDOFF_STATE_NOT_NEEDED:
      return "đã qua, không nhắc";
    default:
      return "—";
  }
}

std::string Period(const v1::Campaign& c) {
  return absl::StrCat(FormatDate(c.valid_from()), " – ", FormatDate(c.valid_until()));
}

std::string Document(const v1::Campaign& c) {
  if (c.document_number().empty() && !c.has_document_date()) return "(không số)";
  return absl::StrCat(c.document_number().empty() ? "(không số)" : c.document_number(),
                      c.has_document_date() ? " ngày " + FormatDate(c.document_date()) : "");
}

void PrintDueDates(const v1::Campaign& c, std::ostream& out) {
  for (const v1::CampaignDueDate& due : c.due_dates()) {
    out << "      " << campaign::DueKindNameVi(due.due().kind()) << ": hạn " << FormatDate(due.due().due_on())
        << (due.due().has_opens_on() ? " (từ " + FormatDate(due.due().opens_on()) + ")" : "") << " — "
        << HandoffVi(due.handoff_state()) << "\n";
  }
}

int List(Session& session, const CommandLine& line, std::ostream& out, std::ostream& err) {
  v1::ListCampaignsRequest request;
  if (const auto year = line.Value("--year")) {
    int value = 0;
    if (!absl::SimpleAtoi(*year, &value)) {
      err << "tdktctl campaigns list: --year cần một năm\n";
      return kExitUsage;
    }
    request.set_year(value);
  }
  if (const auto code = line.Value("--org")) {
    absl::StatusOr<v1::Organization> org = session.OrganizationByCode(*code);
    if (!org.ok()) return Failed("campaigns list", org.status(), err);
    request.set_org_id(org->id());
  }
  v1::CampaignService::Stub& stub = session.campaign();
  request.mutable_page()->set_page_size(200);
  std::vector<v1::Campaign> campaigns;
  do {
    v1::ListCampaignsResponse response;
    const grpc::Status status = stub.ListCampaigns(session.Context().get(), request, &response);
    if (!status.ok()) return Failed("campaigns list", FromGrpc("đọc phong trào", status), err);
    campaigns.insert(campaigns.end(), response.campaigns().begin(), response.campaigns().end());
    request.mutable_page()->set_page_token(response.page().next_page_token());
  } while (!request.page().page_token().empty());
  out << "Phong trào thi đua " << session.username() << " được xem: " << campaigns.size() << "\n";
  for (const v1::Campaign& c : campaigns) {
    out << "  " << c.id() << (c.plan_id().empty() ? "" : " (" + c.plan_id() + ")") << "  " << Period(c) << "\n";
    out << "      " << c.name_vi() << "\n";
    out << "      " << (c.issuer_vi().empty() ? session.OrganizationLabel(c.issuing_org_id()) : c.issuer_vi()) << ", "
        << Document(c) << "\n";
    PrintDueDates(c, out);
  }
  return kExitOk;
}

int Show(Session& session, const std::string& given, const std::string& data_dir, std::ostream& out,
         std::ostream& err) {
  v1::CampaignService::Stub& stub = session.campaign();
  v1::GetCampaignRequest request;
  request.set_campaign_id(CampaignIdOf(given));
  v1::GetCampaignResponse response;
  grpc::Status status = stub.GetCampaign(session.Context().get(), request, &response);
  if (!status.ok()) return Failed("campaigns show", FromGrpc("đọc phong trào " + given, status), err);
  const v1::Campaign& c = response.campaign();
  out << c.name_vi() << "\n";
  if (!c.theme_vi().empty()) out << "  Chủ đề: " << c.theme_vi() << "\n";
  out << "  Văn bản: " << Document(c) << (c.issuer_vi().empty() ? "" : ", " + c.issuer_vi()) << "\n";
  out << "  Thời gian: " << Period(c) << "; áp dụng cho " << session.OrganizationLabel(c.covers_org_id())
      << " và các đơn vị trực thuộc\n";
  out << "  Mã: " << c.id() << (c.plan_id().empty() ? "" : " (kế hoạch " + c.plan_id() + ")") << ", phiên bản "
      << c.version() << "\n";
  for (int i = 0; i < c.rounds_size(); ++i) {
    out << "  Đợt " << i + 1 << (c.rounds(i).name_vi().empty() ? "" : " — " + c.rounds(i).name_vi()) << ": "
        << FormatDate(c.rounds(i).starts_on()) << " – " << FormatDate(c.rounds(i).ends_on()) << "\n";
  }
  if (c.due_dates_size() > 0) out << "  Hạn:\n";
  PrintDueDates(c, out);
  if (c.targets_size() > 0) out << "  Chỉ tiêu khen thưởng:\n";
  for (const v1::AwardTargetSpec& target : c.targets()) {
    std::vector<std::string> names;
    for (const std::string& code : target.award_codes()) names.push_back(AwardNameVi(data_dir, code));
    out << "      " << target.label_vi() << ": " << target.min()
        << (target.has_max() ? absl::StrCat("–", target.max()) : std::string(" trở lên")) << " ("
        << absl::StrJoin(names, ", ") << ")\n";
  }
  v1::ListRegistrationsRequest list;
  list.set_campaign_id(c.id());
  list.mutable_page()->set_page_size(200);
  std::vector<v1::Registration> registrations;
  do {
    v1::ListRegistrationsResponse page;
    status = stub.ListRegistrations(session.Context().get(), list, &page);
    if (!status.ok()) return Failed("campaigns show", FromGrpc("đọc đăng ký thi đua", status), err);
    registrations.insert(registrations.end(), page.registrations().begin(), page.registrations().end());
    list.mutable_page()->set_page_token(page.page().next_page_token());
  } while (!list.page().page_token().empty());
  out << "  Đăng ký thi đua " << session.username() << " được xem: " << registrations.size() << "\n";
  for (const v1::Registration& r : registrations) {
    std::vector<std::string> names;
    for (const std::string& code : r.award_codes()) names.push_back(AwardNameVi(data_dir, code));
    out << "      " << FormatDate(r.registered_on()) << (r.late() ? " (MUỘN)" : "") << "  "
        << session.OrganizationLabel(r.org_id()) << ": " << r.nominee().name() << " — " << absl::StrJoin(names, ", ")
        << "\n";
  }
  return kExitOk;
}

constexpr char kCampaignsHelp[] =
    "usage: tdktctl campaigns list [--user TÊN] [--year NĂM] [--org MÃ_ĐƠN_VỊ]\n"
    "       tdktctl campaigns show [--user TÊN] <mã phong trào | mã kế hoạch>\n"
    "Các phong trào thi đua tài khoản được xem (tdkt-campaign, --campaign ADDR): list in thời gian, văn bản và các\n"
    "hạn (đăng ký, sơ kết, tổng kết); show in thêm các đợt, chỉ tiêu khen thưởng và các đăng ký thi đua.\n"
    "Mã kế hoạch là mã trong data/plans (ví dụ phu-tho-2024).\n";

int RunCampaigns(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  if (args.empty() || (args[0] != "list" && args[0] != "show")) {
    err << kCampaignsHelp;
    return kExitUsage;
  }
  const std::string action = args[0];
  CommandLine line(action == "list" ? std::vector<OptionSpec>{{"--year", kValue}, {"--org", kValue}}
                                    : std::vector<OptionSpec>{});
  const size_t positional = action == "show" ? 1 : 0;
  LoggedInStart start = StartLoggedIn("campaigns " + action, std::vector<std::string>(args.begin() + 1, args.end()),
                                      err, kCampaignsHelp, line, positional, positional);
  if (start.exit_code != 0) return start.exit_code;
  if (action == "list") return List(*start.session, line, out, err);
  return Show(*start.session, line.positional()[0], start.options.data_dir, out, err);
}

constexpr char kRegisterHelp[] =
    "usage: tdktctl register [--user TÊN] <mã phong trào | mã kế hoạch> --org MÃ_ĐƠN_VỊ --name \"TÊN ĐỐI TƯỢNG\"\n"
    "         [--individual | --household] --award MÃ_DANH_HIỆU [--award …] [--pledge \"NỘI DUNG\"]\n"
    "Đăng ký thi đua cho một tập thể (mặc định), cá nhân hoặc hộ gia đình của đơn vị --org. Sau hạn đăng ký của\n"
    "phong trào, đăng ký vẫn được ghi nhận nhưng đánh dấu MUỘN. Chạy lại cùng đăng ký gửi lại cùng yêu cầu: dịch vụ\n"
    "trả lời như lần đầu.\n";

int RunRegister(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  CommandLine line({{"--org", kValue}, {"--name", kValue}, {"--award", kRepeated}, {"--pledge", kValue},
                    {"--individual", kSwitch}, {"--household", kSwitch}});
  LoggedInStart start = StartLoggedIn("register", args, err, kRegisterHelp, line, 1, 1, [](const CommandLine& l) {
    if (!l.Has("--org") || !l.Has("--name") || !l.Has("--award")) {
      return absl::InvalidArgumentError("cần --org, --name và ít nhất một --award");
    }
    if (l.Has("--individual") && l.Has("--household")) {
      return absl::InvalidArgumentError("chỉ một trong --individual và --household");
    }
    return absl::OkStatus();
  });
  if (start.exit_code != 0) return start.exit_code;
  Session& session = *start.session;
  absl::StatusOr<v1::Organization> org = session.OrganizationByCode(*line.Value("--org"));
  if (!org.ok()) return Failed("register", org.status(), err);
  v1::Registration registration;
  registration.mutable_nominee()->set_kind(line.Has("--individual")  ? v1::NOMINEE_KIND_INDIVIDUAL
                                           : line.Has("--household") ? v1::NOMINEE_KIND_HOUSEHOLD
                                                                     : v1::NOMINEE_KIND_COLLECTIVE);
  registration.mutable_nominee()->set_name(*line.Value("--name"));
  for (const std::string& code : line.Values("--award")) registration.add_award_codes(code);
  if (const auto pledge = line.Value("--pledge")) registration.set_pledge_vi(*pledge);
  registration.set_campaign_id(CampaignIdOf(line.positional()[0]));
  registration.set_org_id(org->id());
  v1::RegisterRequest request;
  *request.mutable_registration() = registration;
  // The same registration asked again is the same request: the service answers what it answered first.
  request.set_request_id(
      "tdktctl-register-" + base::Sha256Hex(session.username() + "\n" + registration.SerializeAsString()).substr(0, 32));
  v1::RegisterResponse response;
  const grpc::Status status = session.campaign().Register(session.Context().get(), request, &response);
  if (!status.ok()) return Failed("register", FromGrpc("đăng ký thi đua", status), err);
  const v1::Registration& r = response.registration();
  out << "Đã đăng ký thi đua " << r.id() << " ngày " << FormatDate(r.registered_on()) << " cho "
      << session.OrganizationLabel(r.org_id()) << ": " << r.nominee().name() << "\n";
  out << (r.late() ? "  MUỘN: sau hạn đăng ký của phong trào (vẫn được ghi nhận, đánh dấu muộn)\n"
                   : "  Đúng hạn.\n");
  return kExitOk;
}

}  // namespace

Subcommand CampaignsSubcommand() {
  return {"campaigns", "phong trào thi đua: list | show <mã>", kCampaignsHelp, RunCampaigns};
}

Subcommand RegisterSubcommand() {
  return {"register", "đăng ký thi đua cho một đơn vị hoặc cá nhân", kRegisterHelp, RunRegister};
}

}  // namespace tdkt::tdktctl
