// `tdktctl demo-scenario`: logs in as the demo users and drives the 200 dossiers of demo_scenario_plan.h to every
// state at every level of the chain, so that the demo shows a living system. Every request carries a fixed request
// id ("demo-<key>-<step>") and the version returned by the step before it, so a second run sends byte-identical
// requests: the services replay the stored responses and nothing changes. A run cut short resumes where it stopped.
//
// `--past` drives only the dossiers the plan marks past, to where they stop. deploy/local/demo runs it first, once,
// against the directory and the dossier service started with their clock set back kPastDays (libfaketime), so
// that those dossiers were submitted four weeks ago and their deadlines are overdue now; the full run after it,
// against the services on the real clock, replays their steps and changes nothing. Nothing in the services
// knows: they simply ran at that time.
//
// The dossiers are driven by a few threads at once (--threads, 4 by default): each dossier's steps are in order,
// the dossiers are independent. Then the full run sets up the demo's emulation bloc in tdkt-campaign (--campaign):
// created with its pledge by the commune's standing body, signed by all its members but the last (request ids
// "demo-khoi-<year>-…"); --without-bloc leaves it out, for a stack without the campaign service.
#include <atomic>
#include <iostream>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <thread>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "base/sha256.h"
#include "base/sodium.h"
#include "tools/tdktctl/demo_scenario_plan.h"
#include "tools/tdktctl/json_output.h"
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

constexpr char kHelp[] =
    "usage: tdktctl demo-scenario [--past] [--without-bloc] [--threads N] [--directory ADDR] [--dossier ADDR]\n"
    "       [--campaign ADDR] [--data-dir DIR] [--output json]\n"
    "Nạp 200 hồ sơ demo của 5 đơn vị (nhân sự cấp cơ sở của chúng: data/demo-units) ở mọi trạng thái,\n"
    "mọi cấp (cơ sở → xã → tỉnh): nháp, đã nộp, đang thẩm định, trả lại, đang bỏ phiếu, chờ quyết định, đã quyết\n"
    "định, đã công bố, không được đề nghị, đã rút, trình lên trên tỉnh, một khiếu nại; mật khẩu demo chung qua\n"
    "TDKT_PASSWORD hoặc stdin. Chạy lại không thay đổi gì (mỗi bước có request_id cố định). --past: chỉ các hồ sơ\n"
    "\"quá khứ\" (deploy/local/demo chạy trước, với đồng hồ của dịch vụ lùi 28 ngày: các hồ sơ đó quá hạn).\n"
    "Sau đó lập khối thi đua demo của xã Đồng Tân (tdkt-campaign) với giao ước, các thành viên trừ thành viên cuối\n"
    "đã ký; --without-bloc: bỏ qua (không có dịch vụ phong trào). --past không lập khối.\n"
    "--threads: số luồng gửi song song (mặc định 4). In ra số hồ sơ theo trạng thái và cấp, một tài khoản demo cho\n"
    "mỗi vai trò và các lệnh nên thử; --output json: SearchDossiersResponse của mọi hồ sơ demo.\n";

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

// Where a target's path ends: the last level it reaches (0 unit, 1 commune, 2 province).
int LastLevel(Target t) {
  if (t <= Target::kPublishedAtUnit) return 0;
  if (t <= Target::kPublishedAtCommune) return 1;
  return 2;
}

// One dossier as the scenario follows it: its id and the version after the last step.
struct Progress {
  const DemoDossier* plan = nullptr;
  v1::Dossier dossier;
};

// A council: who opens and closes the ballot, who votes.
struct Council {
  std::string chair;
  std::vector<std::string> voters;
};

class DemoScenario {
 public:
  DemoScenario(OnlineOptions options, std::string password, workflow::catalog::Catalog catalog, bool past_only,
               bool with_bloc, int threads, std::ostream& out)
      : options_(std::move(options)),
        password_(std::move(password)),
        catalog_(std::move(catalog)),
        past_only_(past_only),
        with_bloc_(with_bloc && !past_only),
        threads_(threads),
        out_(out) {}

  absl::Status Run() {
    plan_ = demo::Dossiers();
    std::vector<Progress> progress;
    std::set<std::string> people;
    for (const DemoDossier& d : plan_) {
      if (past_only_ && !d.past) continue;
      progress.push_back(Progress{&d, {}});
      for (const std::string& who : PeopleOf(d)) people.insert(who);
    }
    // Everyone the dossiers need, logged in up front (a few at a time: each login hashes a password), and the
    // submitters of the units, who read the dossiers back for the summary.
    for (const Progress& p : progress) people.insert(p.plan->unit->submitter);
    if (with_bloc_) {
      people.insert(demo::kCommunes[0].appraiser);
      for (size_t i = 0; i < demo::kBlocSigned; ++i) people.insert(demo::kUnits[i].staff[0].username);
    }
    if (absl::Status s = LogIn(people); !s.ok()) return s;
    if (absl::Status s = ResolveOrganisations(*sessions_.begin()->second); !s.ok()) return s;
    if (absl::Status s = ImportLdttBase(); !s.ok()) return s;

    std::atomic<size_t> next{0};
    std::mutex failure_mutex;
    absl::Status failure;
    std::vector<std::thread> workers;
    for (int t = 0; t < threads_; ++t) {
      workers.emplace_back([&] {
        for (size_t i = next++; i < progress.size(); i = next++) {
          absl::Status s = Drive(progress[i]);
          if (s.ok()) continue;
          std::lock_guard<std::mutex> lock(failure_mutex);
          if (failure.ok()) failure = s;
          next = progress.size();  // the others stop after their current dossier
        }
      });
    }
    for (std::thread& w : workers) w.join();
    if (!failure.ok()) return failure;
    if (with_bloc_) {
      if (absl::Status s = LoadBloc(); !s.ok()) return s;
    }
    return PrintSummary(progress);
  }

 private:
  // Who acts on a dossier on its way to its target.
  static std::set<std::string> PeopleOf(const DemoDossier& d) {
    const demo::Unit& unit = *d.unit;
    std::set<std::string> people = {unit.submitter};
    if (d.target <= Target::kSubmittedAtUnit || d.target == Target::kWithdrawnAtUnit) return people;
    for (const demo::UnitStaff& s : unit.staff) people.insert(s.username);
    if (LastLevel(d.target) == 0 || d.target == Target::kSubmittedAtCommune) return people;
    const demo::Commune& commune = demo::CommuneOf(unit);
    people.insert({commune.appraiser, commune.chair});
    for (const char* voter : commune.voters) {
      if (voter != nullptr) people.insert(voter);
    }
    if (LastLevel(d.target) == 1 || d.target == Target::kSubmittedAtProvince) return people;
    people.insert({demo::kProvinceAppraiser, demo::kProvinceChair});
    for (const char* voter : demo::kProvinceVoters) people.insert(voter);
    return people;
  }

  absl::Status LogIn(const std::set<std::string>& usernames) {
    std::vector<std::string> todo(usernames.begin(), usernames.end());
    std::vector<std::unique_ptr<Session>> sessions(todo.size());
    std::vector<absl::Status> statuses(todo.size());
    std::atomic<size_t> next{0};
    std::vector<std::thread> workers;
    for (int t = 0; t < threads_; ++t) {
      workers.emplace_back([&] {
        for (size_t i = next++; i < todo.size(); i = next++) {
          absl::StatusOr<std::unique_ptr<Session>> session = Session::Login(options_, todo[i], password_);
          if (session.ok()) {
            sessions[i] = std::move(*session);
          } else {
            statuses[i] = session.status();
          }
        }
      });
    }
    for (std::thread& w : workers) w.join();
    for (size_t i = 0; i < todo.size(); ++i) {
      if (!statuses[i].ok()) return statuses[i];
      sessions_[todo[i]] = std::move(sessions[i]);
    }
    return absl::OkStatus();
  }

  // A logged-in session (LogIn ran for everyone before the threads start: the map is only read then).
  Session& As(const std::string& username) { return *sessions_.at(username); }

  // The ids of the demo's units and communes, looked up once (Session's cache is not shared between threads).
  absl::Status ResolveOrganisations(Session& session) {
    for (const demo::Unit& unit : demo::kUnits) {
      absl::StatusOr<v1::Organization> org = session.OrganizationByCode(unit.code);
      if (!org.ok()) return org.status();
      unit_ids_[unit.code] = org->id();
    }
    for (const demo::Commune& c : demo::kCommunes) {
      absl::StatusOr<v1::Organization> org = session.OrganizationByCode(c.code);
      if (!org.ok()) return org.status();
      commune_ids_[c.code] = org->id();
    }
    return absl::OkStatus();
  }

  // The base of the CSTĐCS cap (≤ 15 % of a unit's LĐTT holders, data/awards/): kLdttHolders LĐTT holders of
  // kYear per unit, imported into the award history by the unit's deputy (its standing body), for every unit whose
  // deputy takes part in this run. A fixed file and request id per unit: a second run is a replay.
  absl::Status ImportLdttBase() {
    for (const demo::Unit& unit : demo::kUnits) {
      const auto deputy = sessions_.find(unit.staff[1].username);
      if (deputy == sessions_.end()) continue;
      std::string csv = "subject_kind,subject_id,award_code,year,decision_number,decision_date,issuing_body\n";
      for (int i = 1; i <= demo::kLdttHolders; ++i) {
        // Dated early in the year, so that every clock the demo runs the services at (--past too) is past it.
        absl::StrAppend(&csv, "PERSON,demo-ldtt-", unit.key, "-", i, ",LDTT,", demo::kYear, ",01/QĐ-",
                        unit.key, ",", demo::kYear, "-01-15,", unit.name_vi, "\n");
      }
      v1::ImportAwardHistoryRequest request;
      request.set_request_id(absl::StrCat("demo-ldtt-", unit.key));
      request.set_org_id(unit_ids_.at(unit.code));
      request.set_csv(csv);
      v1::ImportAwardHistoryResponse response;
      Session& session = *deputy->second;
      const grpc::Status status =
          session.award_history().ImportAwardHistory(session.Context().get(), request, &response);
      if (!status.ok()) return FromGrpc(absl::StrCat("nhập danh sách LĐTT của ", unit.name_vi), status);
    }
    return absl::OkStatus();
  }

  // The emulation bloc of demo_scenario_plan.h: created with its pledge, then signed by the heads of all members
  // but the last. Fixed request ids: a second run replays every step (after the console's walk signed for the last
  // member too).
  absl::Status LoadBloc() {
    const std::string prefix = absl::StrCat("demo-khoi-", demo::kYear, "-");
    v1::CreateBlocRequest create;
    create.set_request_id(prefix + "tao");
    v1::Bloc& b = *create.mutable_bloc();
    b.set_name_vi(demo::kBlocName);
    b.set_manager_org_id(commune_ids_.at(demo::kCommunes[0].code));
    b.set_year(demo::kYear);
    b.set_head_org_id(unit_ids_.at(demo::kUnits[0].code));
    b.set_award_code(demo::kBlocAward);
    b.set_award_places(1);
    for (size_t i = 0; i < demo::kBlocMembers; ++i) b.add_members()->set_org_id(unit_ids_.at(demo::kUnits[i].code));
    for (const demo::BlocCriterion& c : demo::kBlocCriteria) {
      v1::BlocCriterion* criterion = b.add_criteria();
      criterion->set_code(c.code);
      criterion->set_name_vi(c.name_vi);
      criterion->set_weight(c.weight);
      criterion->set_max_score(c.max_score);
    }
    Session& manager = As(demo::kCommunes[0].appraiser);
    v1::CreateBlocResponse created;
    grpc::Status status = manager.bloc().CreateBloc(manager.Context().get(), create, &created);
    if (!status.ok()) return Failed(absl::StrCat("lập khối thi đua «", demo::kBlocName, "»"), status);
    for (size_t i = 0; i < demo::kBlocSigned; ++i) {
      const demo::Unit& unit = demo::kUnits[i];
      v1::SignBlocPledgeRequest sign;
      sign.set_request_id(absl::StrCat(prefix, "ky-", unit.key));
      sign.set_bloc_id(created.bloc().id());
      sign.set_member_org_id(unit_ids_.at(unit.code));
      sign.set_pledge_version(created.bloc().pledge_version());
      Session& head = As(unit.staff[0].username);
      v1::SignBlocPledgeResponse signed_;
      status = head.bloc().SignBlocPledge(head.Context().get(), sign, &signed_);
      if (!status.ok()) return Failed(absl::StrCat("ký giao ước thi đua cho ", unit.name_vi), status);
    }
    bloc_id_ = created.bloc().id();
    return absl::OkStatus();
  }

  // ---- the dossiers ----

  static Council UnitCouncil(const demo::Unit& unit) {
    return {unit.staff[0].username, {unit.staff[0].username, unit.staff[1].username, unit.staff[2].username}};
  }
  static Council CommuneCouncil(const demo::Commune& c) {
    Council council{c.chair, {}};
    for (const char* voter : c.voters) {
      if (voter != nullptr) council.voters.push_back(voter);
    }
    return council;
  }
  static Council ProvinceCouncil() {
    return {demo::kProvinceChair, {demo::kProvinceVoters.begin(), demo::kProvinceVoters.end()}};
  }

  absl::Status Drive(Progress& p) {
    const DemoDossier& plan = *p.plan;
    const demo::Unit& unit = *plan.unit;
    const demo::Commune& commune = demo::CommuneOf(unit);
    const Target t = plan.target;
    TDKT_DEMO_TRY(Create(p));
    absl::StatusOr<const workflow::AwardDefinition*> award =
        catalog_.AwardOn(plan.award_code, workflow::VietnamDate(absl::FromUnixSeconds(p.dossier.created_at().seconds())));
    if (!award.ok()) return award.status();
    const std::vector<std::string>& kinds = (*award)->required_documents;
    // A draft still lacks its last document; every other dossier has them all.
    const size_t attach = t == Target::kDraft && !kinds.empty() ? kinds.size() - 1 : kinds.size();
    for (size_t i = 0; i < attach; ++i) TDKT_DEMO_TRY(Upload(p, kinds[i]));
    if (t == Target::kDraft) return absl::OkStatus();
    if (t == Target::kWithdrawnDraft) return Withdraw(p, "rut");

    v1::SubmitDossierRequest submit;
    submit.set_note_vi("Đề nghị xét danh hiệu năm " + std::to_string(demo::kYear));
    TDKT_DEMO_TRY(Step(p, "nop", unit.submitter, &v1::DossierService::Stub::SubmitDossier, submit));
    if (t == Target::kSubmittedAtUnit) return absl::OkStatus();
    if (t == Target::kWithdrawnAtUnit) return Withdraw(p, "rut");

    // Each level in turn: the unit (its deputy appraises, its council votes, its head decides), the commune, the
    // province. `level` names the request ids' steps.
    struct Level {
      const char* name;
      std::string appraiser;
      Council council;
      std::string next_org;  // "" at the province
    };
    const std::vector<Level> levels = {
        {"truong", unit.staff[1].username, UnitCouncil(unit), commune_ids_.at(commune.code)},
        {"xa", commune.appraiser, CommuneCouncil(commune), ""},
        {"tinh", demo::kProvinceAppraiser, ProvinceCouncil(), ""},
    };
    const int last = LastLevel(t);
    // The target's place at its last level, as a step of the journey there.
    enum class Stop { kSubmitted, kReview, kReturned, kResubmitted, kVoting, kVoteFailed, kRejected, kComplaint,
                      kPassed };
    Stop stop = Stop::kPassed;
    switch (t) {
      case Target::kReviewAtUnit: case Target::kReviewAtCommune: case Target::kReviewAtProvince:
        stop = Stop::kReview; break;
      case Target::kSubmittedAtCommune: case Target::kSubmittedAtProvince: stop = Stop::kSubmitted; break;
      case Target::kReturnedAtUnit: case Target::kReturnedAtCommune: case Target::kReturnedAtProvince:
        stop = Stop::kReturned; break;
      case Target::kResubmittedAtCommune: stop = Stop::kResubmitted; break;
      case Target::kVotingAtUnit: case Target::kVotingAtCommune: case Target::kVotingAtProvince:
        stop = Stop::kVoting; break;
      case Target::kVoteFailedAtCommune: stop = Stop::kVoteFailed; break;
      case Target::kRejectedAtUnit: case Target::kRejectedAtCommune: case Target::kRejectedAtProvince:
        stop = Stop::kRejected; break;
      case Target::kComplaintAtCommune: stop = Stop::kComplaint; break;
      default: break;
    }
    for (int l = 0; l <= last; ++l) {
      const Level& level = levels[static_cast<size_t>(l)];
      const bool here = l == last;
      if (here && stop == Stop::kSubmitted) return absl::OkStatus();
      v1::AcceptDossierRequest accept;
      accept.set_note_vi("Tiếp nhận hồ sơ");
      TDKT_DEMO_TRY(Step(p, absl::StrCat(level.name, "-tiep-nhan"), level.appraiser,
                         &v1::DossierService::Stub::AcceptDossier, accept));
      if (here && stop == Stop::kReview) return absl::OkStatus();
      if (here && (stop == Stop::kReturned || stop == Stop::kResubmitted)) {
        v1::ReturnForSupplementRequest ret;
        ret.set_reason_vi("Báo cáo thành tích chưa có xác nhận của Thủ trưởng đơn vị");
        TDKT_DEMO_TRY(Step(p, absl::StrCat(level.name, "-tra-lai"), level.appraiser,
                           &v1::DossierService::Stub::ReturnForSupplement, ret));
        if (stop == Stop::kReturned) return absl::OkStatus();
        v1::ResubmitDossierRequest again;
        again.set_note_vi("Đã bổ sung xác nhận của Thủ trưởng đơn vị");
        return Step(p, absl::StrCat(level.name, "-nop-lai"), unit.submitter, &v1::DossierService::Stub::ResubmitDossier,
                    again);
      }
      if (here && (stop == Stop::kRejected || stop == Stop::kComplaint)) {
        v1::RejectDossierRequest reject;
        reject.set_reason_vi("Chưa đủ tiêu chuẩn: chưa có sáng kiến được công nhận");
        TDKT_DEMO_TRY(Step(p, absl::StrCat(level.name, "-khong-de-nghi"), level.appraiser,
                           &v1::DossierService::Stub::RejectDossier, reject));
        if (stop == Stop::kRejected) return absl::OkStatus();
        v1::FileComplaintRequest complaint;
        complaint.set_text_vi("Sáng kiến của đồng chí đã được Hội đồng khoa học trường công nhận ngày 15/5");
        return Step(p, "khieu-nai", unit.submitter, &v1::DossierService::Stub::FileComplaint, complaint);
      }
      v1::SendToCouncilRequest send;
      send.set_note_vi("Hồ sơ đủ điều kiện, đề nghị Hội đồng xét");
      TDKT_DEMO_TRY(Step(p, absl::StrCat(level.name, "-trinh-hoi-dong"), level.appraiser,
                         &v1::DossierService::Stub::SendToCouncil, send));
      TDKT_DEMO_TRY(Step(p, absl::StrCat(level.name, "-mo-phieu"), level.council.chair,
                         &v1::DossierService::Stub::OpenVote, v1::OpenVoteRequest()));
      const std::vector<std::string>& voters = level.council.voters;
      if (here && stop == Stop::kVoting) {  // every ballot but the last cast
        for (size_t v = 0; v + 1 < voters.size(); ++v) TDKT_DEMO_TRY(Cast(p, level.name, voters[v], v1::VOTE_CHOICE_YES));
        return absl::OkStatus();
      }
      const v1::VoteChoice choice = here && stop == Stop::kVoteFailed ? v1::VOTE_CHOICE_NO : v1::VOTE_CHOICE_YES;
      for (const std::string& voter : voters) TDKT_DEMO_TRY(Cast(p, level.name, voter, choice));
      v1::CloseVoteRequest close;
      close.set_vote_id(p.dossier.vote().vote_id());
      close.set_next_level_org_id(level.next_org);
      TDKT_DEMO_TRY(Step(p, absl::StrCat(level.name, "-ket-thuc-phieu"), level.council.chair,
                         &v1::DossierService::Stub::CloseVote, close));
      if (here && stop == Stop::kVoteFailed) return absl::OkStatus();
    }
    // Passed the last level's council: awaiting the decision there, or sent beyond the province.
    const std::string decider = last == 0 ? unit.staff[0].username : last == 1 ? commune.chair : demo::kProvinceChair;
    switch (t) {
      case Target::kAwaitingAtUnit: case Target::kAwaitingAtCommune: case Target::kAwaitingAtProvince:
      case Target::kForwardedExternal:
        return absl::OkStatus();
      case Target::kExternalGranted: {
        v1::RecordExternalOutcomeRequest outcome;
        outcome.set_outcome(v1::EXTERNAL_OUTCOME_GRANTED);
        v1::Decision* d = outcome.mutable_decision();
        d->set_number("1520/QĐ-TTg");
        *d->mutable_date() = DateOf(workflow::VietnamDate(absl::FromUnixSeconds(p.dossier.state_changed_at().seconds())));
        d->set_signer_name("Nguyễn Văn Quốc");
        d->set_signer_title_vi("Phó Thủ tướng Chính phủ");
        d->set_issuing_body_vi("Thủ tướng Chính phủ");
        return Step(p, "ket-qua-trung-uong", demo::kProvinceAppraiser,
                    &v1::DossierService::Stub::RecordExternalOutcome, outcome);
      }
      default:
        break;
    }
    // Decided where the award is decided: the head signs on the day the dossier reached them (stable across
    // replays).
    v1::DecideDossierRequest decide;
    v1::Decision* decision = decide.mutable_decision();
    const std::string unit_decision = unit.council_decision;  // "12/QĐ-THĐT": the unit's own numbering
    decision->set_number(last == 0 ? "45/" + unit_decision.substr(unit_decision.find('/') + 1)
                                   : last == 1 ? "45/QĐ-UBND" : "1234/QĐ-UBND");
    *decision->mutable_date() =
        DateOf(workflow::VietnamDate(absl::FromUnixSeconds(p.dossier.state_changed_at().seconds())));
    const char* const kSigners[] = {unit.staff[0].full_name, "Nguyễn Văn Bình", "Trần Quốc Hưng"};
    const char* const kTitles[] = {unit.staff[0].title_vi, "Chủ tịch UBND xã", "Chủ tịch UBND tỉnh"};
    decision->set_signer_name(kSigners[last]);
    decision->set_signer_title_vi(kTitles[last]);
    decision->set_issuing_body_vi(last == 0 ? unit.name_vi : last == 1 ? "UBND xã" : "UBND tỉnh Phú Thọ");
    TDKT_DEMO_TRY(Step(p, "quyet-dinh", decider, &v1::DossierService::Stub::DecideDossier, decide));
    if (t == Target::kDecidedAtUnit || t == Target::kDecidedAtCommune || t == Target::kDecidedAtProvince) {
      return absl::OkStatus();
    }
    return Step(p, "cong-bo", decider, &v1::DossierService::Stub::PublishDossier, v1::PublishDossierRequest());
  }

  absl::Status Withdraw(Progress& p, const std::string& step) {
    v1::WithdrawDossierRequest withdraw;
    withdraw.set_reason_vi("Đơn vị rút để bổ sung thành tích năm sau");
    return Step(p, step, p.plan->unit->submitter, &v1::DossierService::Stub::WithdrawDossier, withdraw);
  }

  absl::Status Create(Progress& p) {
    const DemoDossier& plan = *p.plan;
    Session& session = As(plan.unit->submitter);
    v1::CreateDossierRequest request;
    request.set_request_id(absl::StrCat("demo-", plan.key, "-tao"));
    request.set_award_code(plan.award_code);
    request.set_year(demo::kYear);
    request.set_origin_org_id(unit_ids_.at(plan.unit->code));
    v1::Nominee* nominee = request.mutable_nominee();
    nominee->set_kind(v1::NOMINEE_KIND_INDIVIDUAL);
    nominee->set_name(plan.nominee_name);
    nominee->set_id_number(plan.nominee_id_number);
    nominee->set_birth_year(plan.birth_year);
    nominee->set_gender(plan.gender);
    nominee->set_position_vi(plan.position_vi);
    nominee->set_unit_name_vi(plan.unit->name_vi);
    nominee->set_occupation(v1::OCCUPATION_CATEGORY_CIVIL_SERVANT);
    v1::CreateDossierResponse response;
    const grpc::Status status = session.dossier().CreateDossier(session.Context().get(), request, &response);
    if (!status.ok()) return Failed(absl::StrCat("tạo hồ sơ «", plan.key, "»"), status);
    p.dossier = response.dossier();
    return absl::OkStatus();
  }

  absl::Status Upload(Progress& p, const std::string& kind) {
    Session& session = As(p.plan->unit->submitter);
    const std::string content = DemoPdf(p.plan->key, kind);
    v1::UploadDocumentResponse response;
    auto context = session.Context();
    std::unique_ptr<grpc::ClientWriter<v1::UploadDocumentRequest>> writer =
        session.dossier().UploadDocument(context.get(), &response);
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

  absl::Status Cast(Progress& p, const std::string& level, const std::string& voter, v1::VoteChoice choice) {
    v1::CastVoteRequest ballot;
    ballot.set_vote_id(p.dossier.vote().vote_id());
    ballot.set_choice(choice);
    return Step(p, level + "-phieu-" + voter, voter, &v1::DossierService::Stub::CastVote, ballot,
                /*check_version=*/false);
  }

  // One transition as `username`: request id "demo-<key>-<step>", the version the previous step returned.
  template <typename Request, typename Response>
  absl::Status Step(Progress& p, const std::string& step, const std::string& username,
                    DossierCall<Request, Response> call, Request request, bool check_version = true) {
    Session& session = As(username);
    request.set_request_id(absl::StrCat("demo-", p.plan->key, "-", step));
    request.set_dossier_id(p.dossier.id());
    request.set_expected_version(check_version ? p.dossier.version() : 0);
    Response response;
    const grpc::Status status = (session.dossier().*call)(session.Context().get(), request, &response);
    if (!status.ok()) {
      return Failed(absl::StrCat("bước «", step, "» của hồ sơ «", p.plan->key, "» (", username, ")"), status);
    }
    p.dossier = response.dossier();
    return absl::OkStatus();
  }

  static absl::Status Failed(const std::string& what, const grpc::Status& status) { return FromGrpc(what, status); }

  // The demo's dossiers as they are now, read back by each unit's submitter (who sees all of the unit's): counts
  // by state and level, the demo users to try, what to try.
  absl::Status PrintSummary(const std::vector<Progress>& progress) {
    std::set<std::string> keys;
    std::set<std::string> units;
    for (const Progress& p : progress) {
      keys.insert(p.plan->nominee_id_number);
      units.insert(p.plan->unit->code);
    }
    v1::SearchDossiersResponse all;
    std::map<std::pair<v1::DossierState, v1::OrgLevel>, int> counts;
    int overdue = 0;
    std::string waiting_code;
    for (const demo::Unit& unit : demo::kUnits) {
      if (units.count(unit.code) == 0) continue;
      Session& submitter = As(unit.submitter);
      v1::SearchDossiersRequest request;
      request.set_year(demo::kYear);
      request.set_org_subtree_id(unit_ids_.at(unit.code));
      request.mutable_page()->set_page_size(200);
      do {
        v1::SearchDossiersResponse page;
        const grpc::Status status = submitter.dossier().SearchDossiers(submitter.Context().get(), request, &page);
        if (!status.ok()) return Failed(absl::StrCat("đọc các hồ sơ của ", unit.name_vi), status);
        for (const v1::Dossier& d : page.dossiers()) {
          // Only the demo's own dossiers (a user may have added some): by their nominee's ID number.
          if (keys.count(d.nominee().id_number()) == 0 || d.origin_org_id() != unit_ids_.at(unit.code)) continue;
          ++counts[{d.state(), d.current_level()}];
          overdue += d.deadline().overdue() ? 1 : 0;
          if (waiting_code.empty() && std::string(unit.code) == demo::kUnits[0].code &&
              d.state() == v1::DOSSIER_STATE_SUBMITTED && d.current_level() == v1::ORG_LEVEL_COMMUNE &&
              !d.deadline().overdue()) {
            waiting_code = d.tracking_code();
          }
          *all.add_dossiers() = d;
        }
        request.mutable_page()->set_page_token(page.page().next_page_token());
      } while (!request.page().page_token().empty());
    }
    if (options_.json) {
      // The ID numbers are the submitters' to see, not the demo's output.
      for (v1::Dossier& d : *all.mutable_dossiers()) d.mutable_nominee()->clear_id_number();
      PrintJson(all, out_);
      return absl::OkStatus();
    }
    out_ << "Kịch bản demo: " << all.dossiers_size() << " hồ sơ của " << units.size()
         << " đơn vị (cơ sở → xã → tỉnh Phú Thọ), " << overdue << " quá hạn xử lý\n";
    for (const auto& [key, count] : counts) {
      out_ << "  " << StateNameVi(key.first) << " — cấp " << LevelNameVi(key.second) << ": " << count << "\n";
    }
    if (past_only_) return absl::OkStatus();
    out_ << "Tài khoản demo (mật khẩu chung " << demo::kPassword << "), một cho mỗi vai trò:\n"
         << "  cán bộ đề nghị       " << demo::kUnits[0].submitter << "  (" << demo::kUnits[0].name_vi << ")\n"
         << "  cán bộ thẩm định     " << demo::kCommunes[0].appraiser << "  (UBND xã Đồng Tân)\n"
         << "  Chủ tịch Hội đồng    " << demo::kCommunes[0].chair << "  (Hội đồng xã Đồng Tân; cũng quyết định)\n"
         << "  thành viên Hội đồng  " << demo::kCommunes[0].voters[1] << "  (Hội đồng xã Đồng Tân)\n"
         << "  người quyết định     " << demo::kProvinceChair << "  (Chủ tịch UBND tỉnh)\n"
         << "  quản trị             " << demo::kProvinceAdmin << "  (quản trị tỉnh Phú Thọ)\n"
         << "Thử tiếp:\n"
         << "  tdktctl login --user " << demo::kCommunes[0].appraiser << "   (mật khẩu qua TDKT_PASSWORD hoặc stdin)\n"
         << "  tdktctl inbox\n"
         << "  tdktctl stats --user " << demo::kProvinceAppraiser << "\n"
         << "  tdktctl notifications --user " << demo::kUnits[0].submitter << "\n"
         << "  tdktctl status " << waiting_code << "\n";
    if (!bloc_id_.empty()) {
      out_ << "  tdktctl bloc show " << bloc_id_ << " --user " << demo::kUnits[demo::kBlocMembers - 1].staff[0].username
           << "   (khối thi đua demo của xã Đồng Tân)\n";
    }
    return absl::OkStatus();
  }


  OnlineOptions options_;
  std::string password_;
  workflow::catalog::Catalog catalog_;
  const bool past_only_;
  const bool with_bloc_;
  const int threads_;
  std::ostream& out_;
  std::vector<DemoDossier> plan_;
  std::map<std::string, std::string> unit_ids_;     // code → id
  std::map<std::string, std::string> commune_ids_;  // code → id
  std::map<std::string, std::unique_ptr<Session>> sessions_;
  std::string bloc_id_;  // the demo's bloc, once loaded
};

#undef TDKT_DEMO_TRY

int RunDemoScenario(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  std::vector<std::string> words;
  absl::StatusOr<OnlineOptions> options = ParseOnlineOptions(args, &words);
  if (!options.ok()) {
    err << "tdktctl demo-scenario: " << options.status().message() << "\n" << kHelp;
    return kExitUsage;
  }
  CommandLine line({{"--past", kSwitch}, {"--without-bloc", kSwitch}, {"--threads", kValue}});
  absl::Status usage = line.Parse(words);
  int threads = 4;
  if (usage.ok() && !line.positional().empty()) usage = absl::InvalidArgumentError("thừa tham số");
  if (usage.ok() && !options->user.empty()) {
    usage = absl::InvalidArgumentError("không nhận --user (kịch bản tự đăng nhập bằng các tài khoản demo)");
  }
  if (usage.ok() && line.Has("--threads") &&
      (!absl::SimpleAtoi(*line.Value("--threads"), &threads) || threads < 1 || threads > 32)) {
    usage = absl::InvalidArgumentError("--threads cần một số từ 1 đến 32");
  }
  if (!usage.ok()) {
    err << "tdktctl demo-scenario: " << usage.message() << "\n" << kHelp;
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
    return kExitUsage;
  }
  if (!tdkt::base::InitSodium().ok()) {
    err << "tdktctl demo-scenario: libsodium không khởi động được\n";
    return kExitRefused;
  }
  DemoScenario scenario(*options, *password, std::move(*catalog), line.Has("--past"), !line.Has("--without-bloc"),
                        threads, out);
  if (absl::Status status = scenario.Run(); !status.ok()) return Failed("demo-scenario", status, err);
  return kExitOk;
}

}  // namespace

Subcommand DemoScenarioSubcommand() {
  return {"demo-scenario", "nạp 200 hồ sơ demo ở mọi trạng thái (chạy lại không thay đổi gì)", kHelp,
          RunDemoScenario};
}

}  // namespace tdkt::tdktctl
