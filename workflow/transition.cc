#include "workflow/transition.h"

#include <algorithm>
#include <string>
#include <utility>
#include <variant>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "base/iso_date.h"
#include "workflow/authorization.h"
#include "workflow/vietnam_time.h"
#include "workflow/reasons.h"
#include "base/status_macros.h"
#include "workflow/text_checks.h"

namespace tdkt::workflow {
namespace {

using S = DossierState;

absl::Status Refuse(absl::StatusCode code, ReasonCode reason, std::string_view message) {
  return WorkflowError(code, reason, message);
}

// Applies one command to a copy of the snapshot. Each handler validates before it changes anything it
// cannot undo; errors discard the copy, so the caller's snapshot is never touched.
class Applier {
 public:
  Applier(Transition& t, const ActorContext& actor, const TransitionContext& context)
      : t_(t), d_(t.dossier), actor_(actor), context_(context), policy_(context.policy) {}

  absl::Status operator()(const cmd::Create&) {
    // Authorize() refuses Create on an existing dossier before we get here.
    return Refuse(absl::StatusCode::kFailedPrecondition, ReasonCode::kWrongState, "Hồ sơ đã tồn tại");
  }

  absl::Status operator()(const cmd::AttachDocument& c) {
    TDKT_RETURN_IF_ERROR(CheckRequiredText(c.document_id, "mã tài liệu", policy_.max_id_bytes,
                                           ReasonCode::kInvalidText));
    TDKT_RETURN_IF_ERROR(CheckRequiredText(c.kind, "loại tài liệu", policy_.max_id_bytes, ReasonCode::kInvalidText));
    if (d_.documents.size() >= policy_.max_documents) {
      return Refuse(absl::StatusCode::kInvalidArgument, ReasonCode::kTooManyDocuments,
                    absl::StrCat("Hồ sơ đã có ", d_.documents.size(), " tài liệu, đạt giới hạn ",
                                 policy_.max_documents));
    }
    if (FindDocument(c.document_id) != d_.documents.end()) {
      return Refuse(absl::StatusCode::kAlreadyExists, ReasonCode::kDuplicateDocument,
                    absl::StrCat("Tài liệu «", c.document_id, "» đã được đính kèm"));
    }
    d_.documents.push_back(DocumentRef{c.document_id, c.kind, actor_.id});
    AddEvent(EventType::kDocumentAttached, {{"document_id", c.document_id}, {"kind", c.kind}});
    return absl::OkStatus();
  }

  absl::Status operator()(const cmd::RemoveDocument& c) {
    auto it = FindDocument(c.document_id);
    if (it == d_.documents.end()) {
      return Refuse(absl::StatusCode::kNotFound, ReasonCode::kUnknownDocument,
                    absl::StrCat("Hồ sơ không có tài liệu «", c.document_id, "»"));
    }
    std::string kind = it->kind;
    d_.documents.erase(it);
    AddEvent(EventType::kDocumentRemoved, {{"document_id", c.document_id}, {"kind", std::move(kind)}});
    return absl::OkStatus();
  }

  absl::Status operator()(const cmd::Submit&) {
    TDKT_RETURN_IF_ERROR(CheckRequiredDocuments());
    d_.state = S::kSubmitted;
    StartDeadline(d_.level_index);
    AddEvent(EventType::kSubmitted, {{"level_index", std::to_string(d_.level_index)}, {"org_id", d_.holder_org_id}});
    Notify(Audience::kAppraisers, d_.holder_org_id);
    return absl::OkStatus();
  }

  absl::Status operator()(const cmd::Accept&) {
    d_.state = S::kUnderReview;
    AddEvent(EventType::kAccepted, {{"level_index", std::to_string(d_.level_index)}});
    Notify(Audience::kSubmitters, d_.origin_org_id);
    return absl::OkStatus();
  }

  absl::Status operator()(const cmd::ReturnForSupplement& c) {
    TDKT_RETURN_IF_ERROR(CheckRequiredText(c.reason, "lý do trả lại", policy_.max_text_bytes,
                                           ReasonCode::kMissingReason));
    for (const std::string& kind : c.missing_document_kinds) {
      const std::vector<std::string>& required = context_.award.required_documents;
      if (std::find(required.begin(), required.end(), kind) == required.end()) {
        return Refuse(absl::StatusCode::kInvalidArgument, ReasonCode::kUnknownDocument,
                      absl::StrCat("«", kind, "» không phải thành phần hồ sơ bắt buộc của danh hiệu «",
                                   context_.award.name_vi, "»"));
      }
    }
    d_.state = S::kReturnedForSupplement;
    d_.returned_reason = c.reason;
    d_.deadline.mode = DeadlineMode::kPaused;
    AddDeadlineOp(DeadlineOpKind::kPause, d_.level_index);
    AddEvent(EventType::kReturnedForSupplement,
             {{"reason", c.reason}, {"missing_document_kinds", absl::StrJoin(c.missing_document_kinds, ",")}});
    Notify(Audience::kSubmitters, d_.origin_org_id);
    return absl::OkStatus();
  }

  absl::Status operator()(const cmd::Resubmit&) {
    TDKT_RETURN_IF_ERROR(CheckRequiredDocuments());
    d_.state = S::kUnderReview;
    d_.deadline.mode = DeadlineMode::kRunning;
    AddDeadlineOp(DeadlineOpKind::kResume, d_.level_index);
    AddEvent(EventType::kResubmitted, {{"level_index", std::to_string(d_.level_index)}});
    Notify(Audience::kAppraisers, d_.holder_org_id);
    return absl::OkStatus();
  }

  absl::Status operator()(const cmd::SendToCouncil&) {
    if (!Level().council_votes) {
      return Refuse(absl::StatusCode::kFailedPrecondition, ReasonCode::kNoCouncilAtLevel,
                    "Cấp này không có Hội đồng bỏ phiếu; hãy chuyển hồ sơ lên cấp trên hoặc trình quyết định");
    }
    d_.state = S::kCouncilVoting;
    AddEvent(EventType::kSentToCouncil, {{"level_index", std::to_string(d_.level_index)}});
    Notify(Audience::kCouncilChair, d_.holder_org_id);
    return absl::OkStatus();
  }

  absl::Status operator()(const cmd::OpenVote& c) {
    if (d_.vote) {
      return Refuse(absl::StatusCode::kFailedPrecondition, ReasonCode::kVoteAlreadyOpen,
                    "Hội đồng đang bỏ phiếu hồ sơ này; hãy kết thúc lần bỏ phiếu hiện tại trước");
    }
    const VoteRule rule = VoteRuleFor(Level(), context_.award, policy_.vote);
    for (const std::string& member : c.eligible_members) {
      if (member.size() > policy_.max_id_bytes) {
        return Refuse(absl::StatusCode::kInvalidArgument, ReasonCode::kInvalidMembers,
                      "Danh sách thành viên Hội đồng có mã thành viên quá dài");
      }
    }
    if (!c.member_names.empty() && c.member_names.size() != c.eligible_members.size()) {
      return Refuse(absl::StatusCode::kInvalidArgument, ReasonCode::kInvalidMembers,
                    "Danh sách tên thành viên Hội đồng không khớp danh sách thành viên");
    }
    TDKT_RETURN_IF_ERROR(CheckOptionalText(c.council_id, "mã Hội đồng", policy_.max_id_bytes));
    TDKT_ASSIGN_OR_RETURN(CouncilVote vote, OpenCouncilVote(c.eligible_members, rule, d_.level_index,
                                                            context_.now, policy_.max_council_members));
    vote.council_id = c.council_id;
    if (!c.member_names.empty()) vote.names = NamesInOrder(c, vote.eligible_members());
    AddEvent(EventType::kVoteOpened, {{"council_id", vote.council_id},
                                      {"eligible", std::to_string(vote.eligible_members().size())},
                                      {"quorum", absl::StrFormat("%.4f", rule.quorum)},
                                      {"pass_threshold", absl::StrFormat("%.4f", rule.pass_threshold)},
                                      {"of_all_members", rule.base == ThresholdBase::kAllMembers ? "true" : "false"}});
    d_.vote = std::move(vote);
    Notify(Audience::kCouncilMembers, d_.holder_org_id);
    return absl::OkStatus();
  }

  absl::Status operator()(const cmd::CastVote& c) {
    if (!d_.vote) return NoVoteOpen();
    TDKT_RETURN_IF_ERROR(CastBallot(*d_.vote, actor_.id, c.ballot, context_.now));
    AddEvent(EventType::kVoteCast, {{"voter", actor_.id}});  // secret ballot: never the ballot itself
    return absl::OkStatus();
  }

  absl::Status operator()(const cmd::CloseVote&) {
    if (!d_.vote) return NoVoteOpen();
    const VoteTally tally = TallyVotes(*d_.vote);
    AddEvent(EventType::kVoteClosed, {{"result", std::string(VoteResultCode(tally.result))},
                                      {"eligible", std::to_string(tally.eligible)},
                                      {"participants", std::to_string(tally.participants)},
                                      {"yes", std::to_string(tally.yes)},
                                      {"no", std::to_string(tally.no)},
                                      {"abstain", std::to_string(tally.abstain)},
                                      {"yes_needed", std::to_string(tally.yes_needed)}});
    switch (tally.result) {
      case VoteResult::kPassed:
        TDKT_RETURN_IF_ERROR(MoveOn());
        break;
      case VoteResult::kFailed:
        RejectWith(absl::StrCat("Hội đồng không thông qua: ", tally.yes, "/", tally.participants,
                                " phiếu đồng ý, cần ", tally.yes_needed));
        break;
      case VoteResult::kNoQuorum:
        // The ballot is void; the dossier stays with the council for a new vote at the next meeting.
        Notify(Audience::kCouncilChair, d_.holder_org_id);
        break;
    }
    d_.closed_votes.push_back(VoteOutcome{std::move(*d_.vote), tally, context_.now});
    d_.vote.reset();
    return absl::OkStatus();
  }

  absl::Status operator()(const cmd::Forward&) {
    if (Level().council_votes) {
      return Refuse(absl::StatusCode::kFailedPrecondition, ReasonCode::kCouncilRequired,
                    "Hồ sơ ở cấp này phải được Hội đồng bỏ phiếu thông qua trước khi chuyển đi");
    }
    return MoveOn();
  }

  absl::Status operator()(const cmd::Decide& c) {
    TDKT_ASSIGN_OR_RETURN(Decision decision,
                          CheckDecision(Decision{.number = c.number,
                                                 .date = c.date,
                                                 .signer = c.signer,
                                                 .issuing_body = c.issuing_body,
                                                 .signer_title = c.signer_title,
                                                 .signer_person_id = c.signer_person_id.empty() ? actor_.id
                                                                                                : c.signer_person_id,
                                                 .document_id = c.document_id}));
    AddEvent(EventType::kDecided,
             {{"number", decision.number}, {"date", base::FormatIsoDate(decision.date)}, {"signer", decision.signer},
              {"signer_title", decision.signer_title}, {"signer_person_id", decision.signer_person_id},
              {"issuing_body", decision.issuing_body}, {"document_id", decision.document_id}});
    d_.state = S::kDecided;
    d_.decision = std::move(decision);
    Notify(Audience::kSubmitters, d_.origin_org_id);
    return absl::OkStatus();
  }

  absl::Status operator()(const cmd::RecordExternalOutcome& c) {
    TDKT_RETURN_IF_ERROR(CheckOptionalText(c.issuing_body, "cơ quan ban hành", policy_.max_text_bytes));
    ExternalOutcome outcome{c.granted, c.issuing_body, c.reason, context_.now};
    if (c.granted) {
      TDKT_ASSIGN_OR_RETURN(Decision decision, CheckDecision(Decision{.number = c.decision_number,
                                                                      .date = c.decision_date,
                                                                      .signer = c.signer,
                                                                      .issuing_body = c.issuing_body,
                                                                      .signer_title = c.signer_title,
                                                                      .document_id = c.document_id}));
      AddEvent(EventType::kExternalOutcomeRecorded,
               {{"granted", "true"}, {"number", decision.number}, {"date", base::FormatIsoDate(decision.date)},
                {"signer", decision.signer}, {"signer_title", decision.signer_title},
                {"issuing_body", c.issuing_body}, {"document_id", decision.document_id}});
      d_.state = S::kDecided;
      d_.decision = std::move(decision);
    } else {
      TDKT_RETURN_IF_ERROR(CheckRequiredText(c.reason, "lý do không được khen thưởng", policy_.max_text_bytes,
                                             ReasonCode::kMissingReason));
      AddEvent(EventType::kExternalOutcomeRecorded,
               {{"granted", "false"}, {"reason", c.reason}, {"issuing_body", c.issuing_body}});
      d_.state = S::kRejected;
      d_.rejection_reason = c.reason;
    }
    d_.external_outcome = std::move(outcome);
    Notify(Audience::kSubmitters, d_.origin_org_id);
    return absl::OkStatus();
  }

  absl::Status operator()(const cmd::Publish&) {
    d_.state = S::kPublished;
    AddEvent(EventType::kPublished, {{"number", d_.decision ? d_.decision->number : ""}});
    Notify(Audience::kSubmitters, d_.origin_org_id);
    return absl::OkStatus();
  }

  absl::Status operator()(const cmd::Reject& c) {
    TDKT_RETURN_IF_ERROR(CheckRequiredText(c.reason, "lý do từ chối", policy_.max_text_bytes,
                                           ReasonCode::kMissingReason));
    RejectWith(c.reason);
    return absl::OkStatus();
  }

  absl::Status operator()(const cmd::Withdraw& c) {
    TDKT_RETURN_IF_ERROR(CheckOptionalText(c.reason, "lý do rút hồ sơ", policy_.max_text_bytes));
    const bool was_draft = d_.state == S::kDraft;
    const bool vote_cancelled = d_.vote.has_value();
    d_.vote.reset();
    ClearDeadline();
    d_.state = S::kWithdrawn;
    d_.withdrawal_reason = c.reason;
    AddEvent(EventType::kWithdrawn, {{"reason", c.reason}, {"vote_cancelled", vote_cancelled ? "true" : "false"}});
    if (!was_draft) Notify(Audience::kAppraisers, d_.holder_org_id);
    return absl::OkStatus();
  }

  absl::Status operator()(const cmd::Complain& c) {
    TDKT_RETURN_IF_ERROR(CheckRequiredText(c.reason, "nội dung khiếu nại", policy_.max_text_bytes,
                                           ReasonCode::kMissingReason));
    AddEvent(EventType::kComplaintFiled,
             {{"reason", c.reason},
              {"about", std::string(DossierStateCode(d_.state))},
              {"decision_number", d_.decision ? d_.decision->number : ""},
              {"level_index", std::to_string(d_.level_index)}});
    // The level that rejected or decided reviews the complaint; the reopened review gets a fresh deadline.
    d_.state = S::kUnderReview;
    d_.decision.reset();
    d_.rejection_reason.clear();
    d_.complaint_reason = c.reason;
    ++d_.complaint_count;
    StartDeadline(d_.level_index);
    Notify(Audience::kAppraisers, d_.holder_org_id);
    return absl::OkStatus();
  }

  absl::Status operator()(const cmd::Escalate& c) {
    if (c.level_index != d_.level_index || d_.deadline.mode != DeadlineMode::kRunning ||
        d_.deadline.level_index != c.level_index) {
      return Refuse(absl::StatusCode::kFailedPrecondition, ReasonCode::kStaleDeadline,
                    absl::StrCat("Hồ sơ không còn thời hạn thẩm định đang chạy ở cấp ", c.level_index,
                                 "; bỏ qua báo cáo quá hạn"));
    }
    if (c.overdue_working_days < 1) {
      return Refuse(absl::StatusCode::kInvalidArgument, ReasonCode::kInvalidText,
                    "Số ngày làm việc quá hạn phải từ 1 trở lên");
    }
    AddEvent(EventType::kDeadlineEscalated, {{"level_index", std::to_string(c.level_index)},
                                             {"overdue_working_days", std::to_string(c.overdue_working_days)}});
    Notify(Audience::kCouncilChair, d_.holder_org_id);
    return absl::OkStatus();
  }

  absl::Status operator()(const cmd::RecalculateDeadline&) {
    if (d_.deadline.mode == DeadlineMode::kNone) {
      return Refuse(absl::StatusCode::kFailedPrecondition, ReasonCode::kStaleDeadline,
                    "Hồ sơ không có thời hạn thẩm định đang chạy hay tạm dừng; không có hạn nào để tính lại");
    }
    AddDeadlineOp(DeadlineOpKind::kRecalculate, d_.deadline.level_index);
    return absl::OkStatus();
  }

 private:
  const ChainLevel& Level() const { return context_.chain.levels[static_cast<size_t>(d_.level_index)]; }

  std::vector<DocumentRef>::iterator FindDocument(std::string_view id) {
    return std::find_if(d_.documents.begin(), d_.documents.end(),
                        [id](const DocumentRef& doc) { return doc.id == id; });
  }
  std::vector<DocumentRef>::const_iterator FindDocument(std::string_view id) const {
    return std::find_if(d_.documents.cbegin(), d_.documents.cend(),
                        [id](const DocumentRef& doc) { return doc.id == id; });
  }

  // The command's names in the order of the vote's (sorted) eligible list.
  static std::shared_ptr<const std::vector<std::string>> NamesInOrder(const cmd::OpenVote& c,
                                                                      const std::vector<std::string>& sorted) {
    std::vector<std::string> names;
    names.reserve(sorted.size());
    for (const std::string& member : sorted) {
      const auto at = std::find(c.eligible_members.begin(), c.eligible_members.end(), member);
      names.push_back(c.member_names[static_cast<size_t>(at - c.eligible_members.begin())]);
    }
    return std::make_shared<const std::vector<std::string>>(std::move(names));
  }

  absl::Status CheckRequiredDocuments() const {
    std::string missing;
    for (const std::string& kind : context_.award.required_documents) {
      const bool present = std::any_of(d_.documents.begin(), d_.documents.end(),
                                       [&kind](const DocumentRef& doc) { return doc.kind == kind; });
      if (present) continue;
      if (!missing.empty()) missing += ", ";
      missing += kind;
    }
    if (missing.empty()) return absl::OkStatus();
    return Refuse(absl::StatusCode::kFailedPrecondition, ReasonCode::kMissingDocument,
                  absl::StrCat("Hồ sơ còn thiếu tài liệu bắt buộc: ", missing));
  }

  // The decision as given, checked: number, date and signer required, the other texts bounded, the scan one of
  // the dossier's documents.
  absl::StatusOr<Decision> CheckDecision(Decision decision) const {
    TDKT_RETURN_IF_ERROR(CheckRequiredText(decision.number, "số quyết định", policy_.max_text_bytes,
                                           ReasonCode::kMissingDecisionField));
    TDKT_RETURN_IF_ERROR(CheckRequiredText(decision.signer, "người ký quyết định", policy_.max_text_bytes,
                                           ReasonCode::kMissingDecisionField));
    TDKT_RETURN_IF_ERROR(CheckOptionalText(decision.signer_title, "chức danh người ký", policy_.max_text_bytes));
    TDKT_RETURN_IF_ERROR(CheckOptionalText(decision.issuing_body, "cơ quan ban hành", policy_.max_text_bytes));
    TDKT_RETURN_IF_ERROR(CheckOptionalText(decision.signer_person_id, "mã người ký", policy_.max_id_bytes));
    if (!decision.document_id.empty() && FindDocument(decision.document_id) == d_.documents.end()) {
      return Refuse(absl::StatusCode::kInvalidArgument, ReasonCode::kUnknownDocument,
                    absl::StrCat("Hồ sơ không có tài liệu «", decision.document_id, "» để làm bản quyết định"));
    }
    const absl::CivilDay date = decision.date;
    const absl::CivilDay today = VietnamDate(context_.now);
    if (date > today) {
      return Refuse(absl::StatusCode::kInvalidArgument, ReasonCode::kDecisionDateInFuture,
                    absl::StrCat("Ngày quyết định ", base::FormatIsoDate(date), " sau ngày hôm nay ", base::FormatIsoDate(today)));
    }
    // A default-constructed date (1970-01-01) is how an absent date arrives; no decision predates its dossier.
    const absl::CivilDay created = VietnamDate(d_.created_at);
    if (date < created) {
      return Refuse(absl::StatusCode::kInvalidArgument, ReasonCode::kMissingDecisionField,
                    absl::StrCat("Thiếu ngày quyết định hợp lệ: ", base::FormatIsoDate(date), " trước ngày lập hồ sơ ",
                                 base::FormatIsoDate(created)));
    }
    return decision;
  }

  // Passed council vote, or forward at a level without a council: decide here, leave tdkt, or go up a level.
  absl::Status MoveOn() {
    const std::optional<int> deciding = d_.deciding_level_index;
    const int here = d_.level_index;
    if (deciding && *deciding == here) {
      ClearDeadline();
      d_.state = S::kAwaitingDecision;
      AddEvent(EventType::kAwaitingDecision, {{"level_index", std::to_string(d_.level_index)}});
      Notify(Audience::kDeciders, d_.holder_org_id);
      return absl::OkStatus();
    }
    if (deciding && *deciding < here) {
      // CreateDossier pins a deciding level at or above the origin, so only inconsistent data lands here.
      return Refuse(absl::StatusCode::kFailedPrecondition, ReasonCode::kChainNotValid,
                    "Cấp quyết định của danh hiệu thấp hơn cấp đang giữ hồ sơ");
    }
    if (!deciding && static_cast<size_t>(here) + 1 == context_.chain.levels.size()) {
      ClearDeadline();
      d_.state = S::kForwardedExternal;
      AddEvent(EventType::kForwardedExternal, {{"level_index", std::to_string(d_.level_index)}});
      Notify(Audience::kSubmitters, d_.origin_org_id);
      return absl::OkStatus();
    }
    const std::string& next_org = context_.next_level_org_id;
    if (next_org.empty() || next_org == d_.holder_org_id) {
      return Refuse(absl::StatusCode::kInvalidArgument, ReasonCode::kMissingNextLevelOrg,
                    "Thiếu đơn vị cấp trên nhận hồ sơ");
    }
    TDKT_RETURN_IF_ERROR(CheckRequiredText(next_org, "đơn vị cấp trên", policy_.max_id_bytes,
                                           ReasonCode::kMissingNextLevelOrg));
    const int from_level = d_.level_index;
    ClearDeadline();
    d_.level_index = from_level + 1;
    d_.holder_org_id = next_org;
    d_.state = S::kSubmitted;
    StartDeadline(d_.level_index);
    t_.effects.new_holder_org_id = next_org;
    AddEvent(EventType::kForwarded, {{"from_level", std::to_string(from_level)},
                                     {"to_level", std::to_string(d_.level_index)},
                                     {"to_org_id", next_org}});
    Notify(Audience::kAppraisers, next_org);
    Notify(Audience::kSubmitters, d_.origin_org_id);
    return absl::OkStatus();
  }

  void RejectWith(std::string reason) {
    ClearDeadline();
    d_.state = S::kRejected;
    AddEvent(EventType::kRejected, {{"reason", reason}, {"level_index", std::to_string(d_.level_index)}});
    d_.rejection_reason = std::move(reason);
    Notify(Audience::kSubmitters, d_.origin_org_id);
  }

  absl::Status NoVoteOpen() const {
    return Refuse(absl::StatusCode::kFailedPrecondition, ReasonCode::kNoVoteOpen,
                  "Hội đồng chưa mở bỏ phiếu cho hồ sơ này");
  }

  void StartDeadline(int level_index) {
    d_.deadline = DeadlineStatus{DeadlineMode::kRunning, level_index};
    t_.effects.deadline_ops.push_back(DeadlineOp{
        DeadlineOpKind::kStart, level_index,
        context_.chain.levels[static_cast<size_t>(level_index)].appraisal_working_days, context_.now});
  }

  void ClearDeadline() {
    if (d_.deadline.mode == DeadlineMode::kNone) return;
    AddDeadlineOp(DeadlineOpKind::kClear, d_.deadline.level_index);
    d_.deadline = DeadlineStatus{};
  }

  void AddDeadlineOp(DeadlineOpKind kind, int level_index) {
    t_.effects.deadline_ops.push_back(DeadlineOp{kind, level_index, 0, context_.now});
  }

  void AddEvent(EventType type, std::initializer_list<EventField> fields) {
    t_.effects.events.push_back(Event{type, std::vector<EventField>(fields)});
  }

  void Notify(Audience audience, const std::string& org_id) {
    t_.effects.notifications.push_back(NotificationHint{audience, org_id});
  }

  Transition& t_;
  DossierSnapshot& d_;
  const ActorContext& actor_;
  const TransitionContext& context_;
  const TransitionPolicy& policy_;
};

absl::Status CheckPinnedContext(const DossierSnapshot& d, const TransitionContext& context) {
  if (d.chain_id != context.chain.id || d.chain_version != context.chain.version || d.award_code != context.award.code ||
      d.level_index < 0 || static_cast<size_t>(d.level_index) >= context.chain.levels.size() ||
      (d.deciding_level_index && (*d.deciding_level_index < 0 ||
                                  static_cast<size_t>(*d.deciding_level_index) >= context.chain.levels.size()))) {
    return Refuse(absl::StatusCode::kFailedPrecondition, ReasonCode::kContextMismatch,
                  absl::StrCat("Hồ sơ theo quy trình «", d.chain_id, "» phiên bản ", d.chain_version,
                               ", danh hiệu «", d.award_code, "»; dữ liệu quy trình được cung cấp không khớp"));
  }
  return absl::OkStatus();
}

bool IsAbove(OrgLevel a, OrgLevel b) { return static_cast<int>(a) > static_cast<int>(b); }

}  // namespace

absl::StatusOr<Transition> CreateDossier(const cmd::Create& command, const ActorContext& actor,
                                         const TransitionContext& context) {
  const ChainDefinition& chain = context.chain;
  const AwardDefinition& award = context.award;
  const Role unit_appraiser = chain.levels.empty() ? Role::kAppraiser : chain.levels.front().appraiser_role;
  TDKT_RETURN_IF_ERROR(Authorize(CommandKind::kCreate, std::nullopt, actor, unit_appraiser, context.policy).status());
  TDKT_RETURN_IF_ERROR(CheckRequiredText(command.dossier_id, "mã hồ sơ", context.policy.max_id_bytes,
                                         ReasonCode::kInvalidText));
  TDKT_RETURN_IF_ERROR(CheckRequiredText(command.origin_org_id, "đơn vị đề nghị", context.policy.max_id_bytes,
                                         ReasonCode::kInvalidText));
  const absl::CivilDay today = VietnamDate(context.now);
  if (!chain.ValidOn(today)) {
    return Refuse(absl::StatusCode::kFailedPrecondition, ReasonCode::kChainNotValid,
                  absl::StrCat("Quy trình «", chain.id, "» không còn hiệu lực vào ngày ", base::FormatIsoDate(today)));
  }
  if (!award.ValidOn(today)) {
    return Refuse(absl::StatusCode::kFailedPrecondition, ReasonCode::kAwardNotProposable,
                  absl::StrCat("Danh hiệu «", award.name_vi, "» không có hiệu lực vào ngày ", base::FormatIsoDate(today)));
  }
  const std::optional<size_t> origin_index = chain.LevelIndex(command.origin_level);
  if (!origin_index) {
    return Refuse(absl::StatusCode::kInvalidArgument, ReasonCode::kChainNotValid,
                  absl::StrCat("Quy trình «", chain.id, "» không có cấp của đơn vị đề nghị"));
  }
  if (!award.proposing_levels.empty() &&
      std::find(award.proposing_levels.begin(), award.proposing_levels.end(), command.origin_level) ==
          award.proposing_levels.end()) {
    return Refuse(absl::StatusCode::kInvalidArgument, ReasonCode::kAwardNotProposable,
                  absl::StrCat("Danh hiệu «", award.name_vi, "» không được đề nghị từ cấp của đơn vị này"));
  }
  // Same rule as catalog::DecisionPointOf: deciding_level is the lowest level that decides the award, so a
  // dossier opened higher up is decided where it was opened.
  std::optional<int> deciding_index;
  if (command.decided_by_unit_head) {
    if (!award.unit_head_may_decide) {
      return Refuse(absl::StatusCode::kInvalidArgument, ReasonCode::kAwardNotProposable,
                    absl::StrCat("Thủ trưởng đơn vị không có thẩm quyền quyết định danh hiệu «", award.name_vi, "»"));
    }
    deciding_index = static_cast<int>(*origin_index);
  } else if (std::optional<size_t> in_chain = chain.LevelIndex(award.deciding_level)) {
    deciding_index = static_cast<int>(std::max(*in_chain, *origin_index));
  } else if (!IsAbove(award.deciding_level, chain.levels.back().org_level)) {
    // E.g. an award decided by the district chairman in the 3-level chain: the catalogue entry is out of date.
    return Refuse(absl::StatusCode::kInvalidArgument, ReasonCode::kChainNotValid,
                  absl::StrCat("Quy trình «", chain.id, "» không có cấp quyết định danh hiệu «", award.name_vi, "»"));
  }

  Transition t;
  DossierSnapshot& d = t.dossier;
  d.id = command.dossier_id;
  d.state = DossierState::kDraft;
  d.version = 1;
  d.chain_id = chain.id;
  d.chain_version = chain.version;
  d.level_index = static_cast<int>(*origin_index);
  d.origin_level_index = d.level_index;
  d.deciding_level_index = deciding_index;
  d.holder_org_id = command.origin_org_id;
  d.origin_org_id = command.origin_org_id;
  d.award_code = award.code;
  d.created_by = actor.id;
  d.created_at = context.now;
  d.updated_at = context.now;
  t.effects.new_holder_org_id = command.origin_org_id;
  t.effects.events.push_back(Event{EventType::kCreated,
                                   {{"award_code", award.code},
                                    {"origin_org_id", command.origin_org_id},
                                    {"chain_id", chain.id},
                                    {"chain_version", std::to_string(chain.version)},
                                    {"deciding_level_index", deciding_index ? std::to_string(*deciding_index) : "external"}}});
  return t;
}

absl::StatusOr<Transition> ApplyCommand(const DossierSnapshot& current, const Command& command,
                                        const ActorContext& actor, const TransitionContext& context) {
  TDKT_RETURN_IF_ERROR(CheckPinnedContext(current, context));
  if (context.expected_version && *context.expected_version != current.version) {
    return Refuse(absl::StatusCode::kAborted, ReasonCode::kVersionConflict,
                  absl::StrCat("Hồ sơ đã được cập nhật (phiên bản ", current.version, ", yêu cầu dựa trên phiên bản ",
                               *context.expected_version, "); hãy tải lại và thử lại"));
  }
  const ChainLevel& level = context.chain.levels[static_cast<size_t>(current.level_index)];
  TDKT_RETURN_IF_ERROR(
      Authorize(KindOf(command), current.state, actor, level.appraiser_role, context.policy).status());

  Transition t{current, {}};
  Applier applier(t, actor, context);
  TDKT_RETURN_IF_ERROR(std::visit(applier, command));
  t.dossier.version = current.version + 1;
  t.dossier.updated_at = context.now;
  return t;
}

}  // namespace tdkt::workflow
