// `tdktctl demo-scenario`: logs in as demo users and drives the dossiers of demo_scenario_plan.h to a spread of
// states, so that the demo shows a living system. Every request carries a fixed request id ("demo-<key>-<step>")
// and the version returned by the step before it, so a second run sends byte-identical requests: the services
// replay the stored responses and nothing changes. A run cut short resumes where it stopped.
#include <iostream>
#include <map>
#include <memory>

#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "base/sha256.h"
#include "base/sodium.h"
#include "tools/tdktctl/demo_scenario_plan.h"
#include "tools/tdktctl/online_client.h"
#include "tools/tdktctl/online_commands.h"
#include "workflow/catalog/catalog.h"
#include "workflow/vietnam_time.h"
#include "workflow/loader/catalog_loader.h"

namespace tdkt::tdktctl {
namespace {

namespace v1 = tdkt::v1;
using demo::DemoDossier;
using demo::Target;

constexpr char kUsage[] =
    "usage: tdktctl demo-scenario [--directory ADDR] [--dossier ADDR] [--data-dir DIR] "
    "(mật khẩu demo chung: TDKT_PASSWORD hoặc stdin)";

#define TDKT_DEMO_TRY(expr)                         \
  do {                                              \
    if (absl::Status s = (expr); !s.ok()) return s; \
  } while (false)

template <typename Request, typename Response>
using DossierCall = grpc::Status (v1::DossierService::Stub::*)(grpc::ClientContext*, const Request&, Response*);

v1::Date DateOf(const absl::CivilDay& day) {
  v1::Date date;
  date.set_year(static_cast<int>(day.year()));
  date.set_month(day.month());
  date.set_day(day.day());
  return date;
}

// A one-page PDF naming the document; deterministic, so that a replayed upload is the same request.
std::string DemoPdf(const std::string& dossier_key, const std::string& kind) {
  return absl::StrCat("%PDF-1.4\n% tdkt demo: ", dossier_key, " ", kind,
                      "\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
                      "2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n"
                      "3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >> endobj\n"
                      "trailer << /Root 1 0 R >>\n%%EOF\n");
}

std::string DocumentFileName(const std::string& kind) {
  static const std::map<std::string, std::string> kNames = {
      {"TO_TRINH", "Tờ trình đề nghị khen thưởng.pdf"},
      {"BAO_CAO_THANH_TICH", "Báo cáo thành tích.pdf"},
      {"BIEN_BAN_XET", "Biên bản họp xét thi đua.pdf"},
      {"Y_KIEN_CO_QUAN_LIEN_QUAN", "Ý kiến cơ quan liên quan.pdf"},
  };
  auto it = kNames.find(kind);
  return it == kNames.end() ? kind + ".pdf" : it->second;
}

// One dossier as the scenario follows it: its id and the version after the last step.
struct Progress {
  const DemoDossier* plan = nullptr;
  v1::Dossier dossier;
};

class DemoScenario {
 public:
  DemoScenario(OnlineOptions options, std::string password, workflow::catalog::Catalog catalog, std::ostream& out)
      : options_(std::move(options)), password_(std::move(password)), catalog_(std::move(catalog)), out_(out) {}

  absl::Status Run() {
    TDKT_DEMO_TRY(StaffTheUnit());
    std::vector<Progress> progress;
    for (const DemoDossier& plan : demo::kDossiers) {
      Progress p;
      p.plan = &plan;
      TDKT_DEMO_TRY(Drive(p));
      progress.push_back(std::move(p));
    }
    return PrintSummary(progress);
  }

 private:
  // A logged-in session per demo user, made on first use.
  absl::StatusOr<Session*> As(const std::string& username) {
    auto it = sessions_.find(username);
    if (it != sessions_.end()) return it->second.get();
    absl::StatusOr<std::unique_ptr<Session>> session = Session::Login(options_, username, password_);
    if (!session.ok()) return session.status();
    return (sessions_[username] = std::move(*session)).get();
  }

  // ---- the unit's standing body and council, created once through the directory ----

  absl::Status StaffTheUnit() {
    absl::StatusOr<Session*> admin = As(demo::kCommuneAdmin);
    if (!admin.ok()) return admin.status();
    absl::StatusOr<v1::Organization> unit = (*admin)->OrganizationByCode(demo::kUnitCode);
    if (!unit.ok()) return unit.status();
    unit_id_ = unit->id();
    v1::Council council;
    council.set_org_id(unit_id_);
    council.set_name_vi("Hội đồng Thi đua – Khen thưởng Trường Tiểu học Đồng Tân");
    council.set_establishing_decision("12/QĐ-THĐT");
    *council.mutable_term_from() = DateOf(absl::CivilDay(2025, 7, 1));
    for (const demo::UnitStaff& staff : demo::kUnitStaff) {
      v1::CreatePersonRequest request;
      request.set_request_id(absl::StrCat("demo-nhan-su-", staff.username));
      request.mutable_person()->set_username(staff.username);
      request.mutable_person()->set_full_name(staff.full_name);
      request.mutable_person()->set_active(true);
      request.set_initial_password(password_);
      v1::CreatePersonResponse person;
      grpc::Status status = (*admin)->directory().CreatePerson((*admin)->Context().get(), request, &person);
      if (!status.ok()) return Failed("tạo người dùng " + std::string(staff.username), status);
      if (staff.appraiser) {
        v1::CreateRoleAssignmentRequest role;
        role.set_request_id(absl::StrCat("demo-vai-tro-", staff.username));
        role.mutable_assignment()->set_person_id(person.person().id());
        role.mutable_assignment()->set_org_id(unit_id_);
        role.mutable_assignment()->set_role(v1::ROLE_APPRAISER);
        *role.mutable_assignment()->mutable_valid_from() = DateOf(absl::CivilDay(2025, 7, 1));
        v1::CreateRoleAssignmentResponse assigned;
        status = (*admin)->directory().CreateRoleAssignment((*admin)->Context().get(), role, &assigned);
        if (!status.ok()) return Failed("giao vai trò thẩm định cho " + std::string(staff.username), status);
      }
      v1::CouncilMember* member = council.add_members();
      member->set_person_id(person.person().id());
      member->set_position(staff.position);
      member->set_title_vi(staff.title_vi);
      member->set_voting(true);
    }
    v1::CreateCouncilRequest request;
    request.set_request_id("demo-hoi-dong-thdt");
    *request.mutable_council() = council;
    v1::CreateCouncilResponse created;
    const grpc::Status status = (*admin)->directory().CreateCouncil((*admin)->Context().get(), request, &created);
    if (!status.ok()) return Failed("lập Hội đồng thi đua của trường", status);
    return absl::OkStatus();
  }

  // ---- the dossiers ----

  absl::Status Drive(Progress& p) {
    const DemoDossier& plan = *p.plan;
    TDKT_DEMO_TRY(Create(p));
    absl::StatusOr<const workflow::AwardDefinition*> award =
        catalog_.AwardOn(plan.award_code, workflow::VietnamDate(absl::Now()));
    if (!award.ok()) return award.status();
    const std::vector<std::string>& kinds = (*award)->required_documents;
    // A draft still lacks its last document; every other dossier has them all.
    const size_t attach = plan.target == Target::kDraft && !kinds.empty() ? kinds.size() - 1 : kinds.size();
    for (size_t i = 0; i < attach; ++i) TDKT_DEMO_TRY(Upload(p, kinds[i]));
    if (plan.target == Target::kDraft) return absl::OkStatus();

    v1::SubmitDossierRequest submit;
    submit.set_note_vi("Đề nghị xét danh hiệu năm " + std::to_string(demo::kYear));
    TDKT_DEMO_TRY(Step(p, "nop", demo::kUnitSubmitter, &v1::DossierService::Stub::SubmitDossier, submit));
    if (plan.target == Target::kSubmittedAtUnit) return absl::OkStatus();

    // The school: its standing body takes it up, its council votes yes, the dossier goes to the commune.
    TDKT_DEMO_TRY(PassCouncilLevel(p, "truong", demo::kUnitAppraiser, demo::kUnitChair,
                                   {demo::kUnitStaff[0].username, demo::kUnitStaff[1].username,
                                    demo::kUnitStaff[2].username}));
    if (plan.target == Target::kSubmittedAtCommune) return absl::OkStatus();

    v1::AcceptDossierRequest accept;
    accept.set_note_vi("Tiếp nhận hồ sơ");
    TDKT_DEMO_TRY(Step(p, "xa-tiep-nhan", demo::kCommuneAppraiser, &v1::DossierService::Stub::AcceptDossier, accept));
    if (plan.target == Target::kUnderReviewAtCommune) return absl::OkStatus();
    if (plan.target == Target::kReturnedAtCommune) {
      v1::ReturnForSupplementRequest ret;
      ret.set_reason_vi("Báo cáo thành tích chưa có xác nhận của Thủ trưởng đơn vị");
      return Step(p, "xa-tra-lai", demo::kCommuneAppraiser, &v1::DossierService::Stub::ReturnForSupplement, ret);
    }
    TDKT_DEMO_TRY(SendAndOpen(p, "xa", demo::kCommuneAppraiser, demo::kCommuneDecider));
    if (plan.target == Target::kVotingAtCommune) {
      TDKT_DEMO_TRY(Cast(p, "xa", demo::kCommuneVoters[0], v1::VOTE_CHOICE_YES));
      return Cast(p, "xa", demo::kCommuneVoters[1], v1::VOTE_CHOICE_YES);
    }
    for (const char* voter : demo::kCommuneVoters) TDKT_DEMO_TRY(Cast(p, "xa", voter, v1::VOTE_CHOICE_YES));
    TDKT_DEMO_TRY(Close(p, "xa", demo::kCommuneDecider));
    if (plan.target == Target::kForwardedToProvince) return absl::OkStatus();

    // Decided at the commune: the chairman signs on the day the dossier reached him (stable across replays).
    v1::DecideDossierRequest decide;
    v1::Decision* decision = decide.mutable_decision();
    decision->set_number("45/QĐ-UBND");
    *decision->mutable_date() = DateOf(workflow::VietnamDate(absl::FromUnixSeconds(
        p.dossier.state_changed_at().seconds())));
    decision->set_signer_name("Nguyễn Văn Bình");
    decision->set_signer_title_vi("Chủ tịch UBND xã");
    decision->set_issuing_body_vi("UBND xã Đồng Tân");
    TDKT_DEMO_TRY(Step(p, "xa-quyet-dinh", demo::kCommuneDecider, &v1::DossierService::Stub::DecideDossier, decide));
    return Step(p, "xa-cong-bo", demo::kCommuneDecider, &v1::DossierService::Stub::PublishDossier,
                v1::PublishDossierRequest());
  }

  absl::Status Create(Progress& p) {
    const DemoDossier& plan = *p.plan;
    absl::StatusOr<Session*> session = As(demo::kUnitSubmitter);
    if (!session.ok()) return session.status();
    v1::CreateDossierRequest request;
    request.set_request_id(absl::StrCat("demo-", plan.key, "-tao"));
    request.set_award_code(plan.award_code);
    request.set_year(demo::kYear);
    request.set_origin_org_id(unit_id_);
    v1::Nominee* nominee = request.mutable_nominee();
    nominee->set_kind(v1::NOMINEE_KIND_INDIVIDUAL);
    nominee->set_name(plan.nominee_name);
    nominee->set_id_number(plan.nominee_id_number);
    nominee->set_birth_year(plan.birth_year);
    nominee->set_gender(plan.gender);
    nominee->set_position_vi(plan.position_vi);
    nominee->set_unit_name_vi("Trường Tiểu học Đồng Tân");
    nominee->set_occupation(v1::OCCUPATION_CATEGORY_CIVIL_SERVANT);
    v1::CreateDossierResponse response;
    const grpc::Status status = (*session)->dossier().CreateDossier((*session)->Context().get(), request, &response);
    if (!status.ok()) return Failed(absl::StrCat("tạo hồ sơ «", plan.key, "»"), status);
    p.dossier = response.dossier();
    return absl::OkStatus();
  }

  absl::Status Upload(Progress& p, const std::string& kind) {
    absl::StatusOr<Session*> session = As(demo::kUnitSubmitter);
    if (!session.ok()) return session.status();
    const std::string content = DemoPdf(p.plan->key, kind);
    v1::UploadDocumentResponse response;
    auto context = (*session)->Context();
    std::unique_ptr<grpc::ClientWriter<v1::UploadDocumentRequest>> writer =
        (*session)->dossier().UploadDocument(context.get(), &response);
    v1::UploadDocumentRequest first;
    first.set_request_id(absl::StrCat("demo-", p.plan->key, "-tai-lieu-", kind));
    first.set_expected_version(p.dossier.version());
    v1::DocumentUploadMetadata* metadata = first.mutable_metadata();
    metadata->set_dossier_id(p.dossier.id());
    metadata->set_kind(kind);
    metadata->set_file_name(DocumentFileName(kind));
    metadata->set_content_type("application/pdf");
    metadata->set_size_bytes(static_cast<int64_t>(content.size()));
    metadata->set_sha256(tdkt::base::Sha256Hex(content));
    v1::UploadDocumentRequest chunk;
    chunk.set_chunk(content);
    // A failed Write means the server has ended the call; Finish tells why.
    if (writer->Write(first)) writer->Write(chunk);
    writer->WritesDone();
    const grpc::Status status = writer->Finish();
    if (!status.ok()) return Failed(absl::StrCat("đính kèm ", kind, " vào hồ sơ «", p.plan->key, "»"), status);
    p.dossier = response.dossier();
    return absl::OkStatus();
  }

  // Accept, send to the council, open the vote, every member votes yes, the chair closes it.
  absl::Status PassCouncilLevel(Progress& p, const std::string& level, const std::string& appraiser,
                                const std::string& chair, const std::vector<std::string>& voters) {
    v1::AcceptDossierRequest accept;
    accept.set_note_vi("Tiếp nhận hồ sơ");
    TDKT_DEMO_TRY(Step(p, level + "-tiep-nhan", appraiser, &v1::DossierService::Stub::AcceptDossier, accept));
    TDKT_DEMO_TRY(SendAndOpen(p, level, appraiser, chair));
    for (const std::string& voter : voters) TDKT_DEMO_TRY(Cast(p, level, voter, v1::VOTE_CHOICE_YES));
    return Close(p, level, chair);
  }

  absl::Status SendAndOpen(Progress& p, const std::string& level, const std::string& appraiser,
                           const std::string& chair) {
    v1::SendToCouncilRequest send;
    send.set_note_vi("Hồ sơ đủ điều kiện, đề nghị Hội đồng xét");
    TDKT_DEMO_TRY(Step(p, level + "-trinh-hoi-dong", appraiser, &v1::DossierService::Stub::SendToCouncil, send));
    return Step(p, level + "-mo-phieu", chair, &v1::DossierService::Stub::OpenVote, v1::OpenVoteRequest());
  }

  absl::Status Cast(Progress& p, const std::string& level, const std::string& voter, v1::VoteChoice choice) {
    v1::CastVoteRequest ballot;
    ballot.set_vote_id(p.dossier.vote().vote_id());
    ballot.set_choice(choice);
    return Step(p, level + "-phieu-" + voter, voter, &v1::DossierService::Stub::CastVote, ballot,
                /*check_version=*/false);
  }

  absl::Status Close(Progress& p, const std::string& level, const std::string& chair) {
    v1::CloseVoteRequest close;
    close.set_vote_id(p.dossier.vote().vote_id());
    return Step(p, level + "-ket-thuc-phieu", chair, &v1::DossierService::Stub::CloseVote, close);
  }

  // One transition as `username`: request id "demo-<key>-<step>", the version the previous step returned.
  template <typename Request, typename Response>
  absl::Status Step(Progress& p, const std::string& step, const std::string& username,
                    DossierCall<Request, Response> call, Request request, bool check_version = true) {
    absl::StatusOr<Session*> session = As(username);
    if (!session.ok()) return session.status();
    request.set_request_id(absl::StrCat("demo-", p.plan->key, "-", step));
    request.set_dossier_id(p.dossier.id());
    request.set_expected_version(check_version ? p.dossier.version() : 0);
    Response response;
    const grpc::Status status = ((*session)->dossier().*call)((*session)->Context().get(), request, &response);
    if (!status.ok()) {
      return Failed(absl::StrCat("bước «", step, "» của hồ sơ «", p.plan->key, "» (", username, ")"), status);
    }
    p.dossier = response.dossier();
    return absl::OkStatus();
  }

  static absl::Status Failed(const std::string& what, const grpc::Status& status) {
    return absl::UnknownError(DescribeFailure(what, status));
  }

  // The dossiers as they are now (a replayed step returns the dossier as it was then).
  absl::Status PrintSummary(const std::vector<Progress>& progress) {
    absl::StatusOr<Session*> submitter = As(demo::kUnitSubmitter);
    if (!submitter.ok()) return submitter.status();
    out_ << "Kịch bản demo: " << progress.size()
         << " hồ sơ của Trường Tiểu học Đồng Tân (cơ sở → xã Đồng Tân → tỉnh Phú Thọ)\n";
    std::string waiting_code;
    for (const Progress& p : progress) {
      v1::GetDossierRequest request;
      request.set_dossier_id(p.dossier.id());
      v1::GetDossierResponse now;
      const grpc::Status status = (*submitter)->dossier().GetDossier((*submitter)->Context().get(), request, &now);
      if (!status.ok()) return Failed(absl::StrCat("đọc hồ sơ «", p.plan->key, "»"), status);
      const v1::Dossier& d = now.dossier();
      if (p.plan->target == Target::kSubmittedAtCommune) waiting_code = d.tracking_code();
      out_ << "  " << d.tracking_code() << "  " << StateNameVi(d.state()) << " — "
           << (*submitter)->OrganizationLabel(d.holding_org_id()) << " — "
           << AwardNameVi(options_.data_dir, d.award_code()) << ", phiên bản " << d.version() << "\n";
    }
    out_ << "Thử tiếp (mật khẩu demo qua TDKT_PASSWORD hoặc stdin):\n"
         << "  tdktctl inbox --user " << demo::kCommuneAppraiser << "\n"
         << "  tdktctl notifications --user " << demo::kUnitSubmitter << "\n"
         << "  tdktctl status " << waiting_code << "\n";
    return absl::OkStatus();
  }

#undef TDKT_DEMO_TRY

  OnlineOptions options_;
  std::string password_;
  workflow::catalog::Catalog catalog_;
  std::ostream& out_;
  std::string unit_id_;
  std::map<std::string, std::unique_ptr<Session>> sessions_;
};

}  // namespace

namespace {

int RunDemoScenario(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  std::vector<std::string> words;
  absl::StatusOr<OnlineOptions> options = ParseOnlineOptions(args, &words);
  if (!options.ok()) {
    err << "tdktctl demo-scenario: " << options.status().message() << "\n" << kUsage << "\n";
    return kExitUsage;
  }
  if (!words.empty() || !options->user.empty()) {
    err << "tdktctl demo-scenario: không nhận tham số này (kịch bản tự đăng nhập bằng các tài khoản demo)\n"
        << kUsage << "\n";
    return kExitUsage;
  }
  absl::StatusOr<workflow::catalog::Catalog> catalog = workflow::loader::LoadCatalog(options->data_dir);
  if (!catalog.ok()) {
    err << "tdktctl demo-scenario: không đọc được danh mục danh hiệu: " << catalog.status().message() << "\n";
    return kExitRefused;
  }
  absl::StatusOr<std::string> password = ReadPassword(std::cin);
  if (!password.ok()) {
    err << "tdktctl demo-scenario: " << password.status().message() << "\n";
    return kExitRefused;
  }
  if (!tdkt::base::InitSodium().ok()) {
    err << "tdktctl demo-scenario: libsodium không khởi động được\n";
    return kExitRefused;
  }
  DemoScenario scenario(*options, *password, std::move(*catalog), out);
  if (absl::Status status = scenario.Run(); !status.ok()) {
    err << "tdktctl demo-scenario: " << status.message() << "\n";
    return kExitRefused;
  }
  return 0;
}

}  // namespace

Subcommand DemoScenarioSubcommand() {
  return {"demo-scenario", "nạp các hồ sơ demo (chạy lại không thay đổi gì)", kUsage, RunDemoScenario};
}

}  // namespace tdkt::tdktctl
