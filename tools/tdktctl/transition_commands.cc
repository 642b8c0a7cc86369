// Every dossier command of the lifecycle as a tdktctl subcommand: create, then submit, accept, return, resubmit,
// send-to-council, open-vote, vote, close-vote, forward, decide, record-outcome, publish, reject, withdraw and
// complain. Each one names the dossier by id or tracking code, reads it (the version it sends as expected_version
// unless --version is given; the open ballot's id for vote and close-vote), sends a fresh request_id (or
// --request-id, to repeat a command whose answer was lost: the service replays its first answer), and prints the
// dossier after it — or, with --output json, the service's response.
#include <cstdlib>
#include <functional>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "base/iso_date.h"
#include "tools/tdktctl/dossier_format.h"
#include "tools/tdktctl/dossier_ref.h"
#include "tools/tdktctl/json_output.h"
#include "tools/tdktctl/online_client.h"
#include "tools/tdktctl/online_commands.h"
#include "workflow/vietnam_time.h"

namespace tdkt::tdktctl {
namespace {

namespace v1 = tdkt::v1;

// ---- option values ----

absl::StatusOr<v1::Date> DateOf(const std::string& option, const std::string& text) {
  const std::optional<absl::CivilDay> day = base::ParseIsoDate(text);
  if (!day) return absl::InvalidArgumentError(option + " cần một ngày YYYY-MM-DD, không phải \"" + text + "\"");
  v1::Date date;
  date.set_year(static_cast<int>(day->year()));
  date.set_month(day->month());
  date.set_day(day->day());
  return date;
}

absl::StatusOr<google::protobuf::Timestamp> TimeOf(const std::string& option, const std::string& text) {
  absl::Time time;
  std::string error;
  for (const char* format : {"%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M"}) {
    if (absl::ParseTime(format, text, workflow::VietnamTimeZone(), &time, &error)) {
      google::protobuf::Timestamp stamp;
      stamp.set_seconds(absl::ToUnixSeconds(time));
      return stamp;
    }
  }
  return absl::InvalidArgumentError(option + " cần \"YYYY-MM-DD HH:MM\" (giờ Việt Nam), không phải \"" + text + "\"");
}

absl::StatusOr<v1::OrgLevel> LevelOf(const std::string& text) {
  const std::string name = absl::AsciiStrToLower(text);
  if (name == "unit" || name == "co-so") return v1::ORG_LEVEL_UNIT;
  if (name == "commune" || name == "xa") return v1::ORG_LEVEL_COMMUNE;
  if (name == "district" || name == "huyen") return v1::ORG_LEVEL_DISTRICT;
  if (name == "province" || name == "tinh") return v1::ORG_LEVEL_PROVINCE;
  return absl::InvalidArgumentError("--level nhận unit, commune, district hoặc province, không nhận \"" + text + "\"");
}

absl::StatusOr<v1::VoteChoice> ChoiceOf(const std::string& text) {
  const std::string name = absl::AsciiStrToLower(text);
  if (name == "yes" || name == "dong-y") return v1::VOTE_CHOICE_YES;
  if (name == "no" || name == "khong-dong-y") return v1::VOTE_CHOICE_NO;
  if (name == "abstain" || name == "khong-y-kien") return v1::VOTE_CHOICE_ABSTAIN;
  return absl::InvalidArgumentError("phiếu là yes, no hoặc abstain (dong-y, khong-dong-y, khong-y-kien)");
}

absl::Status Required(const CommandLine& line, std::initializer_list<const char*> names) {
  for (const char* name : names) {
    if (!line.Has(name)) return absl::InvalidArgumentError(std::string("cần ") + name);
  }
  return absl::OkStatus();
}

// ---- one command on an existing dossier ----

// What a transition's request is built from: the dossier as read, and the command line.
struct Mutation {
  Session& session;
  const OnlineOptions& options;
  const CommandLine& line;
  const v1::GetDossierResponse& current;
};

struct TransitionSpec {
  const char* name;
  const char* summary;
  const char* help;
  std::vector<OptionSpec> options;  // besides --version and --request-id
  size_t extra_positional;          // words after the dossier (vote: the choice)
  WordCheck check;                  // the options' values, before anything is sent
  const char* verb_vi;              // "Đã <verb_vi>: …"
  // Builds the request from `m`, sends it with `request_id` and `version`, and returns the response.
  std::function<absl::StatusOr<std::unique_ptr<google::protobuf::Message>>(
      const Mutation& m, const std::string& request_id, int64_t version)>
      send;
};

template <typename Request, typename Response>
using DossierRpc = grpc::Status (v1::DossierService::Stub::*)(grpc::ClientContext*, const Request&, Response*);

// Sends `request` (with the dossier, request id and version set) and returns the response, DescribeFailure'd.
template <typename Request, typename Response>
absl::StatusOr<std::unique_ptr<google::protobuf::Message>> Call(const Mutation& m, DossierRpc<Request, Response> rpc,
                                                                Request request, const std::string& request_id,
                                                                int64_t version, const std::string& what) {
  request.set_request_id(request_id);
  request.set_dossier_id(m.current.dossier().id());
  request.set_expected_version(version);
  auto response = std::make_unique<Response>();
  const grpc::Status status = (m.session.dossier().*rpc)(m.session.Context().get(), request, response.get());
  if (!status.ok()) return FromGrpc(absl::StrCat(what, " hồ sơ ", m.current.dossier().tracking_code()), status);
  return std::unique_ptr<google::protobuf::Message>(std::move(response));
}

// The open ballot of the dossier (--vote-id overrides it).
absl::StatusOr<std::string> OpenVoteId(const Mutation& m) {
  if (const auto given = m.line.Value("--vote-id")) return *given;
  const v1::VoteSummary& vote = m.current.dossier().vote();
  if (vote.status() != v1::VOTE_STATUS_OPEN) {
    return absl::FailedPreconditionError("hồ sơ " + m.current.dossier().tracking_code() +
                                         " không có cuộc bỏ phiếu nào đang mở");
  }
  return vote.vote_id();
}

absl::StatusOr<std::string> OrgIdOf(const Mutation& m, const char* option) {
  const auto code = m.line.Value(option);
  if (!code) return std::string();
  absl::StatusOr<v1::Organization> org = m.session.OrganizationByCode(*code);
  if (!org.ok()) return org.status();
  return org->id();
}

const v1::Dossier& DossierOf(const google::protobuf::Message& response) {
  const google::protobuf::FieldDescriptor* field = response.GetDescriptor()->FindFieldByName("dossier");
  return static_cast<const v1::Dossier&>(response.GetReflection()->GetMessage(response, field));
}

absl::Status CheckDecision(const CommandLine& line) {
  if (line.Has("--date")) {
    if (absl::StatusOr<v1::Date> d = DateOf("--date", *line.Value("--date")); !d.ok()) return d.status();
  }
  return absl::OkStatus();
}

v1::Decision DecisionOf(const CommandLine& line) {
  v1::Decision decision;
  decision.set_number(line.Value("--number").value_or(""));
  if (line.Has("--date")) *decision.mutable_date() = *DateOf("--date", *line.Value("--date"));
  decision.set_signer_name(line.Value("--signer").value_or(""));
  decision.set_signer_title_vi(line.Value("--title").value_or(""));
  decision.set_issuing_body_vi(line.Value("--issuing-body").value_or(""));
  decision.set_document_id(line.Value("--document").value_or(""));
  return decision;
}

// What every transition's --help ends with.
#define TDKT_COMMON_HELP                                                                                         \
  "Chung: HỒ_SƠ là mã hồ sơ hoặc mã tra cứu; --version N gửi phiên bản hồ sơ bạn đã thấy (mặc định đọc hồ sơ\n" \
  "trước; khác phiên bản hiện tại thì máy chủ từ chối, mã thoát 1); --request-id MÃ gửi lại đúng một yêu cầu đã\n" \
  "gửi (máy chủ trả lại kết quả lần đầu); --output json in phản hồi của máy chủ (…Response).\n"

#define TDKT_CALL(Rpc, request, what) Call(m, &v1::DossierService::Stub::Rpc, request, id, version, what)

const std::vector<TransitionSpec>& Specs() {
  static const std::vector<TransitionSpec>* const kSpecs = new std::vector<TransitionSpec>{
      {"submit", "nộp hồ sơ nháp (đơn vị đề nghị)",
       "usage: tdktctl submit HỒ_SƠ [--note GHI_CHÚ]\n"
       "Nộp hồ sơ nháp (DRAFT → SUBMITTED) khi đã đủ tài liệu bắt buộc; bắt đầu hạn xử lý của cấp nhận.\n" TDKT_COMMON_HELP,
       {{"--note", kValue}}, 0, nullptr, "nộp",
       [](const Mutation& m, const std::string& id, int64_t version) {
         v1::SubmitDossierRequest r;
         r.set_note_vi(m.line.Value("--note").value_or(""));
         return TDKT_CALL(SubmitDossier, r, "nộp");
       }},
      {"accept", "tiếp nhận hồ sơ để thẩm định (cán bộ thẩm định)",
       "usage: tdktctl accept HỒ_SƠ [--note GHI_CHÚ]\nTiếp nhận hồ sơ đã nộp (SUBMITTED → UNDER_REVIEW).\n" TDKT_COMMON_HELP,
       {{"--note", kValue}}, 0, nullptr, "tiếp nhận",
       [](const Mutation& m, const std::string& id, int64_t version) {
         v1::AcceptDossierRequest r;
         r.set_note_vi(m.line.Value("--note").value_or(""));
         return TDKT_CALL(AcceptDossier, r, "tiếp nhận");
       }},
      {"return", "trả lại hồ sơ để bổ sung, kèm lý do (cán bộ thẩm định)",
       "usage: tdktctl return HỒ_SƠ --reason LÝ_DO [--missing LOẠI_TÀI_LIỆU]...\n"
       "Trả hồ sơ đang thẩm định cho đơn vị bổ sung (UNDER_REVIEW → RETURNED_FOR_SUPPLEMENT); hạn xử lý tạm dừng.\n"
       "--missing: loại tài liệu còn thiếu (TO_TRINH, BAO_CAO_THANH_TICH, BIEN_BAN_XET…), có thể lặp lại.\n" TDKT_COMMON_HELP,
       {{"--reason", kValue}, {"--missing", kRepeated}}, 0,
       [](const CommandLine& l) { return Required(l, {"--reason"}); }, "trả lại",
       [](const Mutation& m, const std::string& id, int64_t version) {
         v1::ReturnForSupplementRequest r;
         r.set_reason_vi(*m.line.Value("--reason"));
         for (const std::string& kind : m.line.Values("--missing")) r.add_missing_document_kinds(kind);
         return TDKT_CALL(ReturnForSupplement, r, "trả lại");
       }},
      {"resubmit", "nộp lại hồ sơ đã bổ sung (đơn vị đề nghị)",
       "usage: tdktctl resubmit HỒ_SƠ [--note GHI_CHÚ]\n"
       "Nộp lại hồ sơ bị trả lại (RETURNED_FOR_SUPPLEMENT → UNDER_REVIEW ở cấp đã trả); hạn xử lý chạy tiếp.\n" TDKT_COMMON_HELP,
       {{"--note", kValue}}, 0, nullptr, "nộp lại",
       [](const Mutation& m, const std::string& id, int64_t version) {
         v1::ResubmitDossierRequest r;
         r.set_note_vi(m.line.Value("--note").value_or(""));
         return TDKT_CALL(ResubmitDossier, r, "nộp lại");
       }},
      {"send-to-council", "trình Hội đồng xét (cán bộ thẩm định)",
       "usage: tdktctl send-to-council HỒ_SƠ [--note TÓM_TẮT_THẨM_ĐỊNH] [--meeting-date YYYY-MM-DD]\n"
       "Trình Hội đồng Thi đua – Khen thưởng của cấp đang giữ (UNDER_REVIEW → COUNCIL_VOTING).\n" TDKT_COMMON_HELP,
       {{"--note", kValue}, {"--meeting-date", kValue}}, 0,
       [](const CommandLine& l) {
         if (!l.Has("--meeting-date")) return absl::OkStatus();
         return DateOf("--meeting-date", *l.Value("--meeting-date")).status();
       },
       "trình Hội đồng",
       [](const Mutation& m, const std::string& id, int64_t version) {
         v1::SendToCouncilRequest r;
         r.set_note_vi(m.line.Value("--note").value_or(""));
         if (m.line.Has("--meeting-date")) *r.mutable_meeting_date() = *DateOf("", *m.line.Value("--meeting-date"));
         return TDKT_CALL(SendToCouncil, r, "trình Hội đồng");
       }},
      {"open-vote", "mở bỏ phiếu (Chủ tịch Hội đồng)",
       "usage: tdktctl open-vote HỒ_SƠ [--closes-at \"YYYY-MM-DD HH:MM\"]\n"
       "Mở cuộc bỏ phiếu kín của Hội đồng cho hồ sơ đang trình Hội đồng; --closes-at báo giờ dự kiến kết thúc.\n" TDKT_COMMON_HELP,
       {{"--closes-at", kValue}}, 0,
       [](const CommandLine& l) {
         if (!l.Has("--closes-at")) return absl::OkStatus();
         return TimeOf("--closes-at", *l.Value("--closes-at")).status();
       },
       "mở bỏ phiếu",
       [](const Mutation& m, const std::string& id, int64_t version) {
         v1::OpenVoteRequest r;
         if (m.line.Has("--closes-at")) *r.mutable_closes_at() = *TimeOf("", *m.line.Value("--closes-at"));
         return TDKT_CALL(OpenVote, r, "mở bỏ phiếu");
       }},
      {"vote", "bỏ phiếu kín: yes, no hoặc abstain (thành viên Hội đồng)",
       "usage: tdktctl vote HỒ_SƠ (yes | no | abstain) [--vote-id MÃ] [--version 0]\n"
       "Bỏ phiếu trong cuộc bỏ phiếu đang mở của hồ sơ; máy chủ ghi ai đã bỏ phiếu, không bao giờ ghi phiếu gì.\n"
       "Phiếu không phụ thuộc nhau: --version 0 bỏ qua kiểm tra phiên bản khi nhiều người cùng bỏ phiếu.\n" TDKT_COMMON_HELP,
       {{"--vote-id", kValue}}, 1, [](const CommandLine& l) { return ChoiceOf(l.positional()[1]).status(); },
       "bỏ phiếu cho",
       [](const Mutation& m, const std::string& id, int64_t version) -> absl::StatusOr<std::unique_ptr<google::protobuf::Message>> {
         v1::CastVoteRequest r;
         absl::StatusOr<std::string> vote = OpenVoteId(m);
         if (!vote.ok()) return vote.status();
         r.set_vote_id(*vote);
         r.set_choice(*ChoiceOf(m.line.positional()[1]));
         return TDKT_CALL(CastVote, r, "bỏ phiếu cho");
       }},
      {"close-vote", "kết thúc bỏ phiếu và kiểm phiếu (Chủ tịch Hội đồng)",
       "usage: tdktctl close-vote HỒ_SƠ [--vote-id MÃ] [--next-org MÃ_ĐƠN_VỊ]\n"
       "Kết thúc cuộc bỏ phiếu đang mở và kiểm phiếu: đạt thì hồ sơ đi tiếp (chờ quyết định, hoặc lên cấp trên —\n"
       "--next-org chọn đơn vị cấp trên nhận; mặc định đơn vị cấp trên theo danh mục), không đạt thì không được đề\n"
       "nghị; thiếu số thành viên tham gia thì cuộc bỏ phiếu vô hiệu.\n" TDKT_COMMON_HELP,
       {{"--vote-id", kValue}, {"--next-org", kValue}}, 0, nullptr, "kết thúc bỏ phiếu",
       [](const Mutation& m, const std::string& id, int64_t version) -> absl::StatusOr<std::unique_ptr<google::protobuf::Message>> {
         v1::CloseVoteRequest r;
         absl::StatusOr<std::string> vote = OpenVoteId(m);
         if (!vote.ok()) return vote.status();
         r.set_vote_id(*vote);
         absl::StatusOr<std::string> next = OrgIdOf(m, "--next-org");
         if (!next.ok()) return next.status();
         r.set_next_level_org_id(*next);
         return TDKT_CALL(CloseVote, r, "kết thúc bỏ phiếu");
       }},
      {"forward", "chuyển hồ sơ lên cấp trên ở cấp không bỏ phiếu (cán bộ thẩm định)",
       "usage: tdktctl forward HỒ_SƠ [--note TÓM_TẮT_TỜ_TRÌNH] [--next-org MÃ_ĐƠN_VỊ]\n"
       "Chuyển hồ sơ đang thẩm định lên cấp trên, ở cấp mà Hội đồng không bỏ phiếu (ở cấp có bỏ phiếu: close-vote).\n" TDKT_COMMON_HELP,
       {{"--note", kValue}, {"--next-org", kValue}}, 0, nullptr, "chuyển",
       [](const Mutation& m, const std::string& id, int64_t version) -> absl::StatusOr<std::unique_ptr<google::protobuf::Message>> {
         v1::ForwardDossierRequest r;
         r.set_note_vi(m.line.Value("--note").value_or(""));
         absl::StatusOr<std::string> next = OrgIdOf(m, "--next-org");
         if (!next.ok()) return next.status();
         r.set_next_level_org_id(*next);
         return TDKT_CALL(ForwardDossier, r, "chuyển");
       }},
      {"decide", "quyết định khen thưởng (người có thẩm quyền)",
       "usage: tdktctl decide HỒ_SƠ --number SỐ --date YYYY-MM-DD --signer HỌ_TÊN [--title CHỨC_DANH]\n"
       "       [--issuing-body CƠ_QUAN] [--document MÃ_TÀI_LIỆU]\n"
       "Ghi quyết định khen thưởng cho hồ sơ đang chờ quyết định (AWAITING_DECISION → DECIDED), như in trên quyết\n"
       "định; --document: bản quét đã đính kèm hồ sơ.\n" TDKT_COMMON_HELP,
       {{"--number", kValue}, {"--date", kValue}, {"--signer", kValue}, {"--title", kValue},
        {"--issuing-body", kValue}, {"--document", kValue}},
       0,
       [](const CommandLine& l) {
         absl::Status s = Required(l, {"--number", "--date", "--signer"});
         return s.ok() ? CheckDecision(l) : s;
       },
       "quyết định khen thưởng",
       [](const Mutation& m, const std::string& id, int64_t version) {
         v1::DecideDossierRequest r;
         *r.mutable_decision() = DecisionOf(m.line);
         return TDKT_CALL(DecideDossier, r, "quyết định");
       }},
      {"record-outcome", "ghi kết quả của cấp trên ngoài hệ thống (cán bộ thẩm định tỉnh)",
       "usage: tdktctl record-outcome HỒ_SƠ granted --number SỐ --date YYYY-MM-DD --signer HỌ_TÊN [--title …]\n"
       "       [--issuing-body CƠ_QUAN]\n"
       "       tdktctl record-outcome HỒ_SƠ not-granted --reason LÝ_DO\n"
       "Hồ sơ đã trình lên trên tỉnh (FORWARDED_EXTERNAL): được khen (→ DECIDED) hoặc không (→ REJECTED).\n" TDKT_COMMON_HELP,
       {{"--number", kValue}, {"--date", kValue}, {"--signer", kValue}, {"--title", kValue},
        {"--issuing-body", kValue}, {"--reason", kValue}},
       1,
       [](const CommandLine& l) {
         const std::string outcome = l.positional()[1];
         if (outcome == "granted") {
           absl::Status s = Required(l, {"--number", "--date", "--signer"});
           return s.ok() ? CheckDecision(l) : s;
         }
         if (outcome == "not-granted") return Required(l, {"--reason"});
         return absl::InvalidArgumentError("kết quả là granted hoặc not-granted");
       },
       "ghi kết quả cho",
       [](const Mutation& m, const std::string& id, int64_t version) {
         v1::RecordExternalOutcomeRequest r;
         if (m.line.positional()[1] == "granted") {
           r.set_outcome(v1::EXTERNAL_OUTCOME_GRANTED);
           *r.mutable_decision() = DecisionOf(m.line);
         } else {
           r.set_outcome(v1::EXTERNAL_OUTCOME_NOT_GRANTED);
           r.set_reason_vi(*m.line.Value("--reason"));
         }
         return TDKT_CALL(RecordExternalOutcome, r, "ghi kết quả");
       }},
      {"publish", "công bố quyết định (người có thẩm quyền)",
       "usage: tdktctl publish HỒ_SƠ [--date YYYY-MM-DD]\n"
       "Công bố quyết định khen thưởng (DECIDED → PUBLISHED), vào ngày --date (mặc định hôm nay).\n" TDKT_COMMON_HELP,
       {{"--date", kValue}}, 0,
       [](const CommandLine& l) {
         return l.Has("--date") ? DateOf("--date", *l.Value("--date")).status() : absl::OkStatus();
       },
       "công bố",
       [](const Mutation& m, const std::string& id, int64_t version) {
         v1::PublishDossierRequest r;
         if (m.line.Has("--date")) *r.mutable_published_on() = *DateOf("", *m.line.Value("--date"));
         return TDKT_CALL(PublishDossier, r, "công bố");
       }},
      {"reject", "không đề nghị khen thưởng, kèm lý do",
       "usage: tdktctl reject HỒ_SƠ --reason LÝ_DO\n"
       "Không đề nghị (SUBMITTED, UNDER_REVIEW → REJECTED: cán bộ thẩm định; AWAITING_DECISION: người quyết định).\n" TDKT_COMMON_HELP,
       {{"--reason", kValue}}, 0, [](const CommandLine& l) { return Required(l, {"--reason"}); }, "không đề nghị",
       [](const Mutation& m, const std::string& id, int64_t version) {
         v1::RejectDossierRequest r;
         r.set_reason_vi(*m.line.Value("--reason"));
         return TDKT_CALL(RejectDossier, r, "không đề nghị");
       }},
      {"withdraw", "rút hồ sơ (đơn vị đề nghị)",
       "usage: tdktctl withdraw HỒ_SƠ [--reason LÝ_DO]\n"
       "Rút hồ sơ ở bất kỳ trạng thái nào trước khi có quyết định (trừ khi đã trình lên trên tỉnh).\n" TDKT_COMMON_HELP,
       {{"--reason", kValue}}, 0, nullptr, "rút",
       [](const Mutation& m, const std::string& id, int64_t version) {
         v1::WithdrawDossierRequest r;
         r.set_reason_vi(m.line.Value("--reason").value_or(""));
         return TDKT_CALL(WithdrawDossier, r, "rút");
       }},
      {"complain", "khiếu nại việc không đề nghị hoặc quyết định (đơn vị đề nghị)",
       "usage: tdktctl complain HỒ_SƠ --text NỘI_DUNG [--level unit|commune|district|province]\n"
       "Khiếu nại (REJECTED, DECIDED → UNDER_REVIEW ở cấp bị khiếu nại; --level mặc định: cấp đã quyết định sau\n"
       "cùng).\n" TDKT_COMMON_HELP,
       {{"--text", kValue}, {"--level", kValue}}, 0,
       [](const CommandLine& l) {
         absl::Status s = Required(l, {"--text"});
         if (s.ok() && l.Has("--level")) s = LevelOf(*l.Value("--level")).status();
         return s;
       },
       "khiếu nại",
       [](const Mutation& m, const std::string& id, int64_t version) {
         v1::FileComplaintRequest r;
         r.set_text_vi(*m.line.Value("--text"));
         if (m.line.Has("--level")) r.set_concerning_level(*LevelOf(*m.line.Value("--level")));
         return TDKT_CALL(FileComplaint, r, "khiếu nại");
       }},
  };
  return *kSpecs;
}

#undef TDKT_CALL
#undef TDKT_COMMON_HELP

int RunTransition(const TransitionSpec& spec, const std::vector<std::string>& args, std::ostream& out,
                  std::ostream& err) {
  std::vector<OptionSpec> options = spec.options;
  options.push_back({"--version", kValue});
  options.push_back({"--request-id", kValue});
  CommandLine line(options);
  int64_t given_version = -1;
  const std::string usage = spec.help;
  LoggedInStart start = StartLoggedIn(
      spec.name, args, err, usage, line, 1 + spec.extra_positional, 1 + spec.extra_positional,
      [&](const CommandLine& l) {
        if (const auto v = l.Value("--version"); v && (!absl::SimpleAtoi(*v, &given_version) || given_version < 0)) {
          return absl::InvalidArgumentError("--version cần một số không âm");
        }
        return spec.check ? spec.check(l) : absl::OkStatus();
      });
  if (start.exit_code != 0) return start.exit_code;
  Session& session = *start.session;
  absl::StatusOr<v1::GetDossierResponse> current = ReadDossier(session, start.options, line.positional()[0]);
  if (!current.ok()) return Failed(spec.name, current.status(), err);
  const int64_t version = given_version >= 0 ? given_version : current->dossier().version();
  const std::string request_id = line.Value("--request-id").value_or(NewRequestId());
  absl::StatusOr<std::unique_ptr<google::protobuf::Message>> response =
      spec.send(Mutation{session, start.options, line, *current}, request_id, version);
  if (!response.ok()) return Failed(spec.name, response.status(), err);
  if (start.options.json) {
    PrintJson(**response, out);
    return kExitOk;
  }
  const v1::Dossier& after = DossierOf(**response);
  out << "Đã " << spec.verb_vi << " hồ sơ " << after.tracking_code() << ": " << StateNameVi(after.state())
      << " — cấp " << LevelNameVi(after.current_level()) << ", " << session.OrganizationLabel(after.holding_org_id())
      << "; phiên bản " << after.version() << "\n";
  return kExitOk;
}

// One function per row of Specs(), for the subcommand table's plain function pointers.
template <size_t I>
int RunSpec(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  return RunTransition(Specs()[I], args, out, err);
}

template <size_t... I>
std::vector<Subcommand> SpecSubcommands(std::index_sequence<I...>) {
  return {Subcommand{Specs()[I].name, Specs()[I].summary, Specs()[I].help, RunSpec<I>}...};
}

// ---- create ----

constexpr char kCreateHelp[] =
    "usage: tdktctl create --award MÃ_DANH_HIỆU --year NĂM --name HỌ_TÊN [--unit MÃ_ĐƠN_VỊ] [--kind individual|\n"
    "       collective|household] [--id-number SỐ] [--birth-year NĂM] [--gender male|female] [--position CHỨC_VỤ]\n"
    "       [--workplace ĐƠN_VỊ_CÔNG_TÁC] [--members N] [--female-members N] [--registration MÃ_ĐĂNG_KÝ]\n"
    "       [--request-id MÃ]\n"
    "Lập hồ sơ nháp (DRAFT) tại đơn vị --unit (mặc định: đơn vị duy nhất tài khoản là cán bộ đề nghị), theo quy\n"
    "trình và danh mục danh hiệu hiện hành. Sau đó: tdktctl upload (tài liệu bắt buộc), tdktctl submit.\n"
    "--registration: mã đăng ký thi đua (tdktctl register), cần khi nộp hồ sơ danh hiệu phải đăng ký.\n"
    "--id-number là dữ liệu cá nhân: máy chủ mã hóa khi lưu; dòng lệnh có thể còn trong lịch sử shell.\n"
    "--output json: CreateDossierResponse.\n";

int RunCreate(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  CommandLine line({{"--award", kValue}, {"--year", kValue}, {"--name", kValue}, {"--unit", kValue},
                    {"--kind", kValue}, {"--id-number", kValue}, {"--birth-year", kValue}, {"--gender", kValue},
                    {"--position", kValue}, {"--workplace", kValue}, {"--members", kValue},
                    {"--female-members", kValue}, {"--registration", kValue},
                    {"--request-id", kValue}});
  v1::CreateDossierRequest request;
  LoggedInStart start = StartLoggedIn("create", args, err, kCreateHelp, line, 0, 0, [&](const CommandLine& l) {
    if (absl::Status s = Required(l, {"--award", "--year", "--name"}); !s.ok()) return s;
    request.set_award_code(*l.Value("--award"));
    v1::Nominee* nominee = request.mutable_nominee();
    nominee->set_name(*l.Value("--name"));
    int number = 0;
    for (const char* option : {"--year", "--birth-year", "--members", "--female-members"}) {
      if (!l.Has(option)) continue;
      if (!absl::SimpleAtoi(*l.Value(option), &number) || number < 0) {
        return absl::InvalidArgumentError(std::string(option) + " cần một số");
      }
      const std::string name = option;
      if (name == "--year") request.set_year(number);
      if (name == "--birth-year") nominee->set_birth_year(number);
      if (name == "--members") nominee->set_member_count(number);
      if (name == "--female-members") nominee->set_female_member_count(number);
    }
    const std::string kind = l.Value("--kind").value_or("individual");
    if (kind == "individual") {
      nominee->set_kind(v1::NOMINEE_KIND_INDIVIDUAL);
    } else if (kind == "collective") {
      nominee->set_kind(v1::NOMINEE_KIND_COLLECTIVE);
    } else if (kind == "household") {
      nominee->set_kind(v1::NOMINEE_KIND_HOUSEHOLD);
    } else {
      return absl::InvalidArgumentError("--kind nhận individual, collective hoặc household");
    }
    if (const auto gender = l.Value("--gender")) {
      if (*gender != "male" && *gender != "female") return absl::InvalidArgumentError("--gender nhận male hoặc female");
      nominee->set_gender(*gender == "male" ? v1::GENDER_MALE : v1::GENDER_FEMALE);
    }
    nominee->set_id_number(l.Value("--id-number").value_or(""));
    nominee->set_position_vi(l.Value("--position").value_or(""));
    nominee->set_unit_name_vi(l.Value("--workplace").value_or(""));
    request.set_registration_id(l.Value("--registration").value_or(""));
    return absl::OkStatus();
  });
  if (start.exit_code != 0) return start.exit_code;
  Session& session = *start.session;
  if (const auto unit = line.Value("--unit")) {
    absl::StatusOr<v1::Organization> org = session.OrganizationByCode(*unit);
    if (!org.ok()) return Failed("create", org.status(), err);
    request.set_origin_org_id(org->id());
  } else {
    for (const v1::RoleGrant& grant : session.login().grants()) {
      if (grant.role() != v1::ROLE_SUBMITTER) continue;
      if (!request.origin_org_id().empty()) {
        err << "tdktctl create: tài khoản là cán bộ đề nghị ở nhiều đơn vị: chọn một bằng --unit\n";
        return kExitUsage;
      }
      request.set_origin_org_id(grant.org_id());
    }
    if (request.origin_org_id().empty()) {
      err << "tdktctl create: tài khoản không là cán bộ đề nghị ở đơn vị nào: chọn đơn vị bằng --unit\n";
      return kExitUsage;
    }
  }
  request.set_request_id(line.Value("--request-id").value_or(NewRequestId()));
  v1::CreateDossierResponse response;
  const grpc::Status status = session.dossier().CreateDossier(session.Context().get(), request, &response);
  if (!status.ok()) return Failed("create", FromGrpc("lập hồ sơ", status), err);
  if (start.options.json) {
    PrintJson(response, out);
    return kExitOk;
  }
  out << "Đã lập hồ sơ nháp " << response.dossier().tracking_code() << " (mã hồ sơ " << response.dossier().id()
      << ", phiên bản " << response.dossier().version() << ")\n";
  PrintDossierSummary(response.dossier(), session, start.options.data_dir, out);
  return kExitOk;
}

}  // namespace

std::vector<Subcommand> TransitionSubcommands() {
  std::vector<Subcommand> all = {{"create", "lập hồ sơ nháp tại đơn vị (cán bộ đề nghị)", kCreateHelp, RunCreate}};
  constexpr size_t kTransitions = 15;  // the rows of Specs()
  if (Specs().size() != kTransitions) std::abort();
  for (const Subcommand& s : SpecSubcommands(std::make_index_sequence<kTransitions>())) all.push_back(s);
  return all;
}

}  // namespace tdkt::tdktctl
