// `tdktctl campaigns list|show` and `tdktctl register`: campaigns (phong trào thi đua) and registrations for
// titles (đăng ký thi đua) from tdkt-campaign, as a council officer reads them (campaign_commands.h).
#include <cstdlib>
#include <iostream>
#include <memory>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "base/sha256.h"
#include "services/campaign/plan_campaign.h"
#include "services/campaign/scheduler_deadline.h"
#include "tdkt/v1/campaign.grpc.pb.h"
#include "tools/tdktctl/campaign_commands.h"
#include "tools/tdktctl/online_client.h"

namespace tdkt::tdktctl {
namespace {

namespace v1 = tdkt::v1;

constexpr char kDefaultCampaignAddr[] = "127.0.0.1:7105";

// Takes --campaign ADDR (or --campaign=ADDR) out of `words`; else $TDKT_CAMPAIGN_ADDR, else the default.
std::string TakeCampaignAddress(std::vector<std::string>& words) {
  const char* env = std::getenv("TDKT_CAMPAIGN_ADDR");
  std::string address = env != nullptr && *env != '\0' ? env : kDefaultCampaignAddr;
  std::vector<std::string> rest;
  for (size_t i = 0; i < words.size(); ++i) {
    if (words[i] == "--campaign" && i + 1 < words.size()) {
      address = words[++i];
    } else if (words[i].rfind("--campaign=", 0) == 0) {
      address = words[i].substr(11);
    } else {
      rest.push_back(words[i]);
    }
  }
  words = rest;
  return address;
}

std::unique_ptr<v1::CampaignService::Stub> CampaignStub(const std::string& address) {
  return v1::CampaignService::NewStub(grpc::CreateChannel(address, grpc::InsecureChannelCredentials()));
}

// A campaign id as given, or the campaign of a plan id (data/plans), e.g. "phu-tho-2024".
std::string CampaignIdOf(const std::string& given) {
  return given.rfind("cp-", 0) == 0 ? given : campaign::PlanCampaignId(given);
}

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

int List(Session& session, const std::string& address, const std::vector<std::string>& words, std::ostream& out,
         std::ostream& err) {
  v1::ListCampaignsRequest request;
  for (size_t i = 0; i < words.size(); ++i) {
    if (words[i] == "--year" && i + 1 < words.size()) {
      int year = 0;
      if (!absl::SimpleAtoi(words[++i], &year)) {
        err << "tdktctl campaigns list: --year cần một năm\n";
        return kExitUsage;
      }
      request.set_year(year);
    } else if (words[i] == "--org" && i + 1 < words.size()) {
      absl::StatusOr<v1::Organization> org = session.OrganizationByCode(words[++i]);
      if (!org.ok()) {
        err << "tdktctl campaigns list: " << org.status().message() << "\n";
        return kExitFailure;
      }
      request.set_org_id(org->id());
    } else {
      err << "tdktctl campaigns list: thừa tham số \"" << words[i] << "\"\n";
      return kExitUsage;
    }
  }
  auto stub = CampaignStub(address);
  request.mutable_page()->set_page_size(200);
  std::vector<v1::Campaign> campaigns;
  do {
    v1::ListCampaignsResponse response;
    const grpc::Status status = stub->ListCampaigns(session.Context().get(), request, &response);
    if (!status.ok()) {
      err << "tdktctl campaigns list: " << DescribeFailure("đọc phong trào tại " + address, status) << "\n";
      return kExitFailure;
    }
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
  return 0;
}

int Show(Session& session, const std::string& address, const std::vector<std::string>& words,
         const std::string& data_dir, std::ostream& out, std::ostream& err) {
  if (words.size() != 1) {
    err << "usage: tdktctl campaigns show --user TÊN <mã phong trào | mã kế hoạch>\n";
    return kExitUsage;
  }
  auto stub = CampaignStub(address);
  v1::GetCampaignRequest request;
  request.set_campaign_id(CampaignIdOf(words[0]));
  v1::GetCampaignResponse response;
  grpc::Status status = stub->GetCampaign(session.Context().get(), request, &response);
  if (!status.ok()) {
    err << "tdktctl campaigns show: " << DescribeFailure("đọc phong trào " + words[0], status) << "\n";
    return kExitFailure;
  }
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
    status = stub->ListRegistrations(session.Context().get(), list, &page);
    if (!status.ok()) {
      err << "tdktctl campaigns show: " << DescribeFailure("đọc đăng ký thi đua", status) << "\n";
      return kExitFailure;
    }
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
  return 0;
}

}  // namespace

int RunCampaignsCommand(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  constexpr char kUsage[] =
      "usage: tdktctl campaigns list --user TÊN [--year NĂM] [--org MÃ_ĐƠN_VỊ] [--campaign ADDR]\n"
      "       tdktctl campaigns show --user TÊN <mã phong trào | mã kế hoạch> [--campaign ADDR]";
  if (args.empty() || (args[0] != "list" && args[0] != "show")) {
    err << kUsage << "\n";
    return kExitUsage;
  }
  const std::string action = args[0];
  LoggedInStart start =
      StartLoggedIn("campaigns " + action, std::vector<std::string>(args.begin() + 1, args.end()), std::cin, err, kUsage);
  if (start.exit_code != 0) return start.exit_code;
  const std::string address = TakeCampaignAddress(start.words);
  if (action == "list") return List(*start.session, address, start.words, out, err);
  return Show(*start.session, address, start.words, start.options.data_dir, out, err);
}

int RunRegisterCommand(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  constexpr char kUsage[] =
      "usage: tdktctl register --user TÊN <mã phong trào | mã kế hoạch> --org MÃ_ĐƠN_VỊ --name \"TÊN ĐỐI TƯỢNG\"\n"
      "         [--individual | --household] --award MÃ_DANH_HIỆU [--award …] [--pledge \"NỘI DUNG\"] [--campaign ADDR]";
  LoggedInStart start = StartLoggedIn("register", args, std::cin, err, kUsage);
  if (start.exit_code != 0) return start.exit_code;
  const std::string address = TakeCampaignAddress(start.words);
  v1::Registration registration;
  registration.mutable_nominee()->set_kind(v1::NOMINEE_KIND_COLLECTIVE);
  std::string org_code, campaign_given;
  const std::vector<std::string>& w = start.words;
  for (size_t i = 0; i < w.size(); ++i) {
    const bool has_value = i + 1 < w.size();
    if (w[i] == "--org" && has_value) {
      org_code = w[++i];
    } else if (w[i] == "--name" && has_value) {
      registration.mutable_nominee()->set_name(w[++i]);
    } else if (w[i] == "--award" && has_value) {
      registration.add_award_codes(w[++i]);
    } else if (w[i] == "--pledge" && has_value) {
      registration.set_pledge_vi(w[++i]);
    } else if (w[i] == "--individual") {
      registration.mutable_nominee()->set_kind(v1::NOMINEE_KIND_INDIVIDUAL);
    } else if (w[i] == "--household") {
      registration.mutable_nominee()->set_kind(v1::NOMINEE_KIND_HOUSEHOLD);
    } else if (campaign_given.empty() && w[i].rfind("--", 0) != 0) {
      campaign_given = w[i];
    } else {
      err << "tdktctl register: thừa hoặc thiếu tham số \"" << w[i] << "\"\n" << kUsage << "\n";
      return kExitUsage;
    }
  }
  if (campaign_given.empty() || org_code.empty() || registration.nominee().name().empty() ||
      registration.award_codes().empty()) {
    err << "tdktctl register: cần mã phong trào, --org, --name và ít nhất một --award\n" << kUsage << "\n";
    return kExitUsage;
  }
  Session& session = *start.session;
  absl::StatusOr<v1::Organization> org = session.OrganizationByCode(org_code);
  if (!org.ok()) {
    err << "tdktctl register: " << org.status().message() << "\n";
    return kExitFailure;
  }
  registration.set_campaign_id(CampaignIdOf(campaign_given));
  registration.set_org_id(org->id());
  v1::RegisterRequest request;
  *request.mutable_registration() = registration;
  // The same registration asked again is the same request: the service answers what it answered first.
  request.set_request_id(
      "tdktctl-register-" + base::Sha256Hex(session.username() + "\n" + registration.SerializeAsString()).substr(0, 32));
  v1::RegisterResponse response;
  const grpc::Status status = CampaignStub(address)->Register(session.Context().get(), request, &response);
  if (!status.ok()) {
    err << "tdktctl register: " << DescribeFailure("đăng ký thi đua tại " + address, status) << "\n";
    return kExitFailure;
  }
  const v1::Registration& r = response.registration();
  out << "Đã đăng ký thi đua " << r.id() << " ngày " << FormatDate(r.registered_on()) << " cho "
      << session.OrganizationLabel(r.org_id()) << ": " << r.nominee().name() << "\n";
  out << (r.late() ? "  MUỘN: sau hạn đăng ký của phong trào (vẫn được ghi nhận, đánh dấu muộn)\n"
                   : "  Đúng hạn.\n");
  return 0;
}

}  // namespace tdkt::tdktctl
