// DossierServiceImpl: the transitions, GetDossier and VerifyHistory.
#include "services/dossier/dossier_service.h"

#include <spdlog/spdlog.h>

#include <utility>

#include "base/sha256.h"
#include "base/status_macros.h"
#include "services/auth/grpc_identity.h"
#include "services/common/handler.h"
#include "services/common/proto_conversions.h"
#include "services/common/request_checks.h"
#include "services/dossier/dossier_view.h"
#include "services/dossier/history_audit.h"
#include "services/dossier/proto_enums.h"
#include "services/dossier/service_support.h"

namespace tdkt::dossier {
namespace {

namespace wf = workflow;
namespace v1 = tdkt::v1;
using common::CheckDate;
using common::CheckEnum;
using common::CheckIdentifier;
using common::CheckText;
using common::Presence;

// A command request as the runner takes it: the fields every command has, the API command and a history note.
template <typename Request>
TransitionRequest RequestOf(std::string method, const Request& request, api::Command command, std::string note = "") {
  TransitionRequest r;
  r.method = std::move(method);
  r.request_id = request.request_id();
  r.request_bytes = request.SerializeAsString();
  r.dossier_id = request.dossier_id();
  if (request.expected_version() > 0) r.expected_version = request.expected_version();
  r.note = std::move(note);
  r.command = std::move(command);
  return r;
}

template <typename Request>
absl::Status CheckCommandOf(const Request& request, Presence version = Presence::kRequired) {
  return CheckCommand(request.request_id(), request.dossier_id(), request.expected_version(), version);
}

absl::Status CheckNominee(const v1::Nominee& n) {
  TDKT_RETURN_IF_ERROR(CheckEnum("loại đối tượng (nominee.kind)", n.kind(), v1::NomineeKind_IsValid));
  TDKT_RETURN_IF_ERROR(CheckEnum("giới tính (nominee.gender)", n.gender(), v1::Gender_IsValid, Presence::kOptional));
  TDKT_RETURN_IF_ERROR(CheckEnum("nhóm nghề nghiệp (nominee.occupation)", n.occupation(),
                                 v1::OccupationCategory_IsValid, Presence::kOptional));
  TDKT_RETURN_IF_ERROR(CheckText("tên đối tượng (nominee.name)", n.name(), {.presence = Presence::kRequired}));
  TDKT_RETURN_IF_ERROR(CheckIdentifier("số định danh (nominee.id_number)", n.id_number(), Presence::kOptional));
  TDKT_RETURN_IF_ERROR(CheckText("chức vụ (nominee.position_vi)", n.position_vi()));
  TDKT_RETURN_IF_ERROR(CheckText("đơn vị công tác (nominee.unit_name_vi)", n.unit_name_vi()));
  TDKT_RETURN_IF_ERROR(CheckIdentifier("mã cá nhân (nominee.person_id)", n.person_id(), Presence::kOptional));
  if (n.birth_year() < 0 || n.member_count() < 0 || n.female_member_count() < 0) {
    return absl::InvalidArgumentError("Số liệu của đối tượng được đề nghị không hợp lệ");
  }
  return absl::OkStatus();
}

absl::Status CheckDecisionText(const v1::Decision& d) {
  TDKT_RETURN_IF_ERROR(CheckText("số quyết định (decision.number)", d.number()));
  TDKT_RETURN_IF_ERROR(CheckText("người ký (decision.signer_name)", d.signer_name()));
  TDKT_RETURN_IF_ERROR(CheckText("chức danh người ký (decision.signer_title_vi)", d.signer_title_vi()));
  return CheckText("cơ quan ban hành (decision.issuing_body_vi)", d.issuing_body_vi());
}

absl::StatusOr<wf::Ballot> BallotOf(int choice) {
  TDKT_RETURN_IF_ERROR(CheckEnum("lựa chọn (choice)", choice, v1::VoteChoice_IsValid));
  switch (choice) {
    case v1::VOTE_CHOICE_YES: return wf::Ballot::kYes;
    case v1::VOTE_CHOICE_NO: return wf::Ballot::kNo;
    default: return wf::Ballot::kAbstain;
  }
}

constexpr std::string_view kNextLevelOrgField = "đơn vị cấp trên (next_level_org_id)";
constexpr std::string_view kVoteIdField = "mã lượt bỏ phiếu (vote_id)";

}  // namespace

template <typename Response>
absl::Status DossierServiceImpl::Transition(const grpc::ServerContext& context, TransitionRequest request,
                                            Response* response) const {
  TDKT_ASSIGN_OR_RETURN(auth::Identity caller, Caller(context));
  auto render = [this](const DossierView& view) {
    Response r;
    *r.mutable_dossier() = CommandView(view);
    return r.SerializeAsString();
  };
  return RunTransition(caller, std::move(request), render, response);
}

absl::Status DossierServiceImpl::RunTransition(const auth::Identity& caller, TransitionRequest request,
                                               const ResponseRenderer& render,
                                               google::protobuf::Message* response) const {
  const std::string method = request.method;
  absl::StatusOr<std::string> bytes = runner_.Run(caller, std::move(request), render);
  if (!bytes.ok()) {
    spdlog::info("dossier {}: {} by {}: {}", method, absl::StatusCodeToString(bytes.status().code()),
                 caller.person_id, caller.token_id);
    return bytes.status();
  }
  if (!response->ParseFromString(*bytes)) return absl::InternalError("stored response");
  return absl::OkStatus();
}

v1::Dossier DossierServiceImpl::DossierMessage(const DossierRow& row, const std::optional<DeadlineRecord>& deadline,
                                               const wf::Visibility& sees) const {
  const std::vector<wf::OrgLevel> levels = LevelsOf(runner_.catalog(), row.snapshot);
  const std::shared_ptr<const wf::calendar::CalendarSnapshot> calendar = runner_.calendar();
  return ToProtoDossier(row, deadline,
                        ViewOptions{.level_of = levels, .calendar = calendar->calendar(), .now = runner_.clock().Now(),
                                    .show_personal_data = sees.personal_data,
                                    .show_ballot_participation = sees.ballot_participation});
}

v1::Dossier DossierServiceImpl::CommandView(const DossierView& view) const {
  return DossierMessage(view.row, view.deadline, view.sees);
}

v1::Dossier DossierServiceImpl::ViewFor(const wf::Visibility& sees, const LoadedDossier& loaded) const {
  return DossierMessage(loaded.row, loaded.live_deadline, sees);
}

absl::StatusOr<LoadedDossier> DossierServiceImpl::LoadVisible(const auth::Identity& caller,
                                                              const std::string& dossier_id, Reading reading) const {
  TDKT_ASSIGN_OR_RETURN(LoadedDossier loaded, store_.Load(dossier_id));
  TDKT_ASSIGN_OR_RETURN(const BoundReader reader, runner_.BindReader(caller, loaded.row));
  if (!reader.sees.dossier) return MayNotSeeDossier();
  if (reading == Reading::kDocuments && !reader.sees.documents) return MayNotSeeDocuments();
  return loaded;
}

grpc::Status DossierServiceImpl::CreateDossier(grpc::ServerContext* context, const v1::CreateDossierRequest* request,
                                               v1::CreateDossierResponse* response) {
  return common::Serve("CreateDossier", [&]() -> absl::Status {
    TDKT_RETURN_IF_ERROR(common::CheckRequestId(request->request_id()));
    TDKT_RETURN_IF_ERROR(CheckIdentifier("mã danh hiệu (award_code)", request->award_code()));
    TDKT_RETURN_IF_ERROR(CheckIdentifier("đơn vị đề nghị (origin_org_id)", request->origin_org_id()));
    if (request->year() < 1900 || request->year() > 2100) {
      return absl::InvalidArgumentError("Năm đề nghị (year) không hợp lệ");
    }
    TDKT_RETURN_IF_ERROR(CheckNominee(request->nominee()));
    TDKT_RETURN_IF_ERROR(CheckIdentifier("mã đăng ký thi đua (registration_id)", request->registration_id(),
                                         Presence::kOptional));
    v1::Nominee nominee = request->nominee();
    nominee.clear_personal_data_redacted();
    std::string id_number = std::move(*nominee.mutable_id_number());  // kept apart, sealed at rest
    nominee.clear_id_number();
    TransitionRequest r;
    r.method = "CreateDossier";
    r.request_id = request->request_id();
    r.request_bytes = request->SerializeAsString();
    r.command = api::Create{.origin_org_id = request->origin_org_id(), .award_code = request->award_code(),
                            .year = request->year(), .nominee_name = nominee.name(),
                            .nominee = nominee.SerializeAsString(), .nominee_id_number = std::move(id_number),
                            .registration_id = request->registration_id()};
    return Transition(*context, std::move(r), response);
  });
}

grpc::Status DossierServiceImpl::SubmitDossier(grpc::ServerContext* context, const v1::SubmitDossierRequest* request,
                                               v1::SubmitDossierResponse* response) {
  return common::Serve("SubmitDossier", [&]() -> absl::Status {
    TDKT_RETURN_IF_ERROR(CheckCommandOf(*request));
    TDKT_RETURN_IF_ERROR(CheckText("ghi chú (note_vi)", request->note_vi(), kNoteRule));
    return Transition(*context, RequestOf("SubmitDossier", *request, api::Plain{wf::cmd::Submit{}}, request->note_vi()),
                      response);
  });
}

grpc::Status DossierServiceImpl::AcceptDossier(grpc::ServerContext* context, const v1::AcceptDossierRequest* request,
                                               v1::AcceptDossierResponse* response) {
  return common::Serve("AcceptDossier", [&]() -> absl::Status {
    TDKT_RETURN_IF_ERROR(CheckCommandOf(*request));
    TDKT_RETURN_IF_ERROR(CheckText("ghi chú (note_vi)", request->note_vi(), kNoteRule));
    return Transition(*context, RequestOf("AcceptDossier", *request, api::Plain{wf::cmd::Accept{}}, request->note_vi()),
                      response);
  });
}

grpc::Status DossierServiceImpl::ReturnForSupplement(grpc::ServerContext* context,
                                                     const v1::ReturnForSupplementRequest* request,
                                                     v1::ReturnForSupplementResponse* response) {
  return common::Serve("ReturnForSupplement", [&]() -> absl::Status {
    TDKT_RETURN_IF_ERROR(CheckCommandOf(*request));
    TDKT_RETURN_IF_ERROR(CheckText("lý do trả lại (reason_vi)", request->reason_vi(), kNoteRule));
    if (request->missing_document_kinds_size() > 50) {
      return absl::InvalidArgumentError("Quá nhiều loại tài liệu (missing_document_kinds)");
    }
    for (const std::string& kind : request->missing_document_kinds()) {
      TDKT_RETURN_IF_ERROR(CheckIdentifier("loại tài liệu (missing_document_kinds)", kind));
    }
    // The state machine checks each kind against the award's required documents.
    const wf::cmd::ReturnForSupplement command{
        .reason = request->reason_vi(),
        .missing_document_kinds = {request->missing_document_kinds().begin(), request->missing_document_kinds().end()}};
    return Transition(*context, RequestOf("ReturnForSupplement", *request, api::Plain{command}), response);
  });
}

grpc::Status DossierServiceImpl::ResubmitDossier(grpc::ServerContext* context, const v1::ResubmitDossierRequest* request,
                                                 v1::ResubmitDossierResponse* response) {
  return common::Serve("ResubmitDossier", [&]() -> absl::Status {
    TDKT_RETURN_IF_ERROR(CheckCommandOf(*request));
    TDKT_RETURN_IF_ERROR(CheckText("ghi chú (note_vi)", request->note_vi(), kNoteRule));
    return Transition(*context,
                      RequestOf("ResubmitDossier", *request, api::Plain{wf::cmd::Resubmit{}}, request->note_vi()),
                      response);
  });
}

grpc::Status DossierServiceImpl::SendToCouncil(grpc::ServerContext* context, const v1::SendToCouncilRequest* request,
                                               v1::SendToCouncilResponse* response) {
  return common::Serve("SendToCouncil", [&]() -> absl::Status {
    TDKT_RETURN_IF_ERROR(CheckCommandOf(*request));
    TDKT_RETURN_IF_ERROR(CheckText("ghi chú (note_vi)", request->note_vi(), kNoteRule));
    if (request->has_meeting_date()) {
      TDKT_RETURN_IF_ERROR(CheckDate("ngày họp (meeting_date)", request->meeting_date()).status());
    }
    return Transition(*context,
                      RequestOf("SendToCouncil", *request, api::Plain{wf::cmd::SendToCouncil{}}, request->note_vi()),
                      response);
  });
}

grpc::Status DossierServiceImpl::OpenVote(grpc::ServerContext* context, const v1::OpenVoteRequest* request,
                                          v1::OpenVoteResponse* response) {
  return common::Serve("OpenVote", [&]() -> absl::Status {
    TDKT_RETURN_IF_ERROR(CheckCommandOf(*request));
    return Transition(*context, RequestOf("OpenVote", *request, api::OpenVote{}), response);
  });
}

grpc::Status DossierServiceImpl::CastVote(grpc::ServerContext* context, const v1::CastVoteRequest* request,
                                          v1::CastVoteResponse* response) {
  return common::Serve("CastVote", [&]() -> absl::Status {
    TDKT_RETURN_IF_ERROR(CheckCommandOf(*request, Presence::kOptional));
    TDKT_RETURN_IF_ERROR(CheckIdentifier(kVoteIdField, request->vote_id()));
    TDKT_ASSIGN_OR_RETURN(wf::Ballot ballot, BallotOf(request->choice()));
    // Secret ballot: the idempotency fingerprint must not depend on the choice (dossier.proto, CastVoteRequest).
    v1::CastVoteRequest without_choice = *request;
    without_choice.clear_choice();
    return Transition(*context,
                      RequestOf("CastVote", without_choice, api::CastVote{.ballot = ballot, .vote_id = request->vote_id()}),
                      response);
  });
}

grpc::Status DossierServiceImpl::CloseVote(grpc::ServerContext* context, const v1::CloseVoteRequest* request,
                                           v1::CloseVoteResponse* response) {
  return common::Serve("CloseVote", [&]() -> absl::Status {
    TDKT_RETURN_IF_ERROR(CheckCommandOf(*request));
    TDKT_RETURN_IF_ERROR(CheckIdentifier(kVoteIdField, request->vote_id()));
    TDKT_RETURN_IF_ERROR(CheckIdentifier(kNextLevelOrgField, request->next_level_org_id(), Presence::kOptional));
    const api::CloseVote command{.vote_id = request->vote_id(), .next_level_org_id = request->next_level_org_id()};
    return Transition(*context, RequestOf("CloseVote", *request, command), response);
  });
}

grpc::Status DossierServiceImpl::ForwardDossier(grpc::ServerContext* context, const v1::ForwardDossierRequest* request,
                                                v1::ForwardDossierResponse* response) {
  return common::Serve("ForwardDossier", [&]() -> absl::Status {
    TDKT_RETURN_IF_ERROR(CheckCommandOf(*request));
    TDKT_RETURN_IF_ERROR(CheckText("ghi chú (note_vi)", request->note_vi(), kNoteRule));
    TDKT_RETURN_IF_ERROR(CheckIdentifier(kNextLevelOrgField, request->next_level_org_id(), Presence::kOptional));
    const api::Forward command{.next_level_org_id = request->next_level_org_id()};
    return Transition(*context, RequestOf("ForwardDossier", *request, command, request->note_vi()), response);
  });
}

grpc::Status DossierServiceImpl::DecideDossier(grpc::ServerContext* context, const v1::DecideDossierRequest* request,
                                               v1::DecideDossierResponse* response) {
  return common::Serve("DecideDossier", [&]() -> absl::Status {
    TDKT_RETURN_IF_ERROR(CheckCommandOf(*request));
    const v1::Decision& d = request->decision();
    TDKT_RETURN_IF_ERROR(CheckDecisionText(d));
    TDKT_ASSIGN_OR_RETURN(absl::CivilDay date, CheckDate("ngày quyết định (decision.date)", d.date()));
    TDKT_RETURN_IF_ERROR(CheckIdentifier("người ký (decision.signer_person_id)", d.signer_person_id(),
                                         Presence::kOptional));
    TDKT_RETURN_IF_ERROR(CheckIdentifier("bản quyết định (decision.document_id)", d.document_id(), Presence::kOptional));
    const api::Decide command{.decision = {.number = d.number(),
                                           .date = date,
                                           .signer = d.signer_name(),
                                           .signer_title = d.signer_title_vi(),
                                           .signer_person_id = d.signer_person_id(),
                                           .issuing_body = d.issuing_body_vi(),
                                           .document_id = d.document_id()}};
    return Transition(*context, RequestOf("DecideDossier", *request, command), response);
  });
}

grpc::Status DossierServiceImpl::RecordExternalOutcome(grpc::ServerContext* context,
                                                       const v1::RecordExternalOutcomeRequest* request,
                                                       v1::RecordExternalOutcomeResponse* response) {
  return common::Serve("RecordExternalOutcome", [&]() -> absl::Status {
    TDKT_RETURN_IF_ERROR(CheckCommandOf(*request));
    if (request->outcome() != v1::EXTERNAL_OUTCOME_GRANTED && request->outcome() != v1::EXTERNAL_OUTCOME_NOT_GRANTED) {
      return absl::InvalidArgumentError("Kết quả xét khen thưởng (outcome) không hợp lệ");
    }
    const v1::Decision& d = request->decision();
    TDKT_RETURN_IF_ERROR(CheckDecisionText(d));
    TDKT_RETURN_IF_ERROR(CheckText("lý do (reason_vi)", request->reason_vi(), kNoteRule));
    TDKT_RETURN_IF_ERROR(CheckIdentifier("bản quyết định (decision.document_id)", d.document_id(), Presence::kOptional));
    // signer_person_id stays empty: the signer of an external decision is not a person of the directory.
    wf::cmd::RecordExternalOutcome command{.granted = request->outcome() == v1::EXTERNAL_OUTCOME_GRANTED,
                                           .issuing_body = d.issuing_body_vi(), .decision_number = d.number(),
                                           .decision_date = {}, .signer = d.signer_name(),
                                           .reason = request->reason_vi(), .signer_title = d.signer_title_vi(),
                                           .document_id = d.document_id()};
    if (command.granted) {
      TDKT_ASSIGN_OR_RETURN(command.decision_date, CheckDate("ngày quyết định (decision.date)", d.date()));
    }
    return Transition(*context, RequestOf("RecordExternalOutcome", *request, api::Plain{std::move(command)}), response);
  });
}

grpc::Status DossierServiceImpl::PublishDossier(grpc::ServerContext* context, const v1::PublishDossierRequest* request,
                                                v1::PublishDossierResponse* response) {
  return common::Serve("PublishDossier", [&]() -> absl::Status {
    TDKT_RETURN_IF_ERROR(CheckCommandOf(*request));
    api::Publish command;
    if (request->has_published_on()) {
      TDKT_ASSIGN_OR_RETURN(command.published_on, CheckDate("ngày công bố (published_on)", request->published_on()));
    }
    return Transition(*context, RequestOf("PublishDossier", *request, command), response);
  });
}

grpc::Status DossierServiceImpl::RejectDossier(grpc::ServerContext* context, const v1::RejectDossierRequest* request,
                                               v1::RejectDossierResponse* response) {
  return common::Serve("RejectDossier", [&]() -> absl::Status {
    TDKT_RETURN_IF_ERROR(CheckCommandOf(*request));
    TDKT_RETURN_IF_ERROR(CheckText("lý do (reason_vi)", request->reason_vi(), kNoteRule));
    const wf::cmd::Reject command{.reason = request->reason_vi()};
    return Transition(*context, RequestOf("RejectDossier", *request, api::Plain{command}), response);
  });
}

grpc::Status DossierServiceImpl::WithdrawDossier(grpc::ServerContext* context, const v1::WithdrawDossierRequest* request,
                                                 v1::WithdrawDossierResponse* response) {
  return common::Serve("WithdrawDossier", [&]() -> absl::Status {
    TDKT_RETURN_IF_ERROR(CheckCommandOf(*request));
    TDKT_RETURN_IF_ERROR(CheckText("lý do (reason_vi)", request->reason_vi(), kNoteRule));
    const wf::cmd::Withdraw command{.reason = request->reason_vi()};
    return Transition(*context, RequestOf("WithdrawDossier", *request, api::Plain{command}), response);
  });
}

grpc::Status DossierServiceImpl::FileComplaint(grpc::ServerContext* context, const v1::FileComplaintRequest* request,
                                               v1::FileComplaintResponse* response) {
  return common::Serve("FileComplaint", [&]() -> absl::Status {
    TDKT_RETURN_IF_ERROR(CheckCommandOf(*request));
    TDKT_RETURN_IF_ERROR(CheckText("nội dung khiếu nại (text_vi)", request->text_vi(), kNoteRule));
    TDKT_RETURN_IF_ERROR(CheckEnum("cấp bị khiếu nại (concerning_level)", request->concerning_level(),
                                   v1::OrgLevel_IsValid, Presence::kOptional));
    const wf::cmd::Complain command{.reason = request->text_vi()};
    return Transition(*context, RequestOf("FileComplaint", *request, api::Plain{command}), response);
  });
}

grpc::Status DossierServiceImpl::EscalateDossier(grpc::ServerContext* context, const v1::EscalateDossierRequest* request,
                                                 v1::EscalateDossierResponse* response) {
  return common::Serve("EscalateDossier", [&]() -> absl::Status {
    TDKT_RETURN_IF_ERROR(CheckCommandOf(*request, Presence::kOptional));
    TDKT_RETURN_IF_ERROR(CheckText("lý do (reason_vi)", request->reason_vi(), kNoteRule));
    TDKT_RETURN_IF_ERROR(CheckEnum("cấp cần nhắc hạn (level)", request->level(), v1::OrgLevel_IsValid));
    if (request->overdue_working_days() < 1) {
      return absl::InvalidArgumentError("Số ngày quá hạn (overdue_working_days) không hợp lệ");
    }
    TDKT_ASSIGN_OR_RETURN(absl::CivilDay due, CheckDate("hạn xử lý (deadline_due_date)", request->deadline_due_date()));
    const api::Escalate command{.level = *common::OrgLevelFromProto(request->level()), .due_date = due,
                                .overdue_working_days = request->overdue_working_days()};
    return Transition(*context, RequestOf("EscalateDossier", *request, command, request->reason_vi()), response);
  });
}

grpc::Status DossierServiceImpl::RemoveDocument(grpc::ServerContext* context, const v1::RemoveDocumentRequest* request,
                                                v1::RemoveDocumentResponse* response) {
  return common::Serve("RemoveDocument", [&]() -> absl::Status {
    TDKT_RETURN_IF_ERROR(CheckCommandOf(*request));
    TDKT_RETURN_IF_ERROR(CheckIdentifier("mã tài liệu (document_id)", request->document_id()));
    const wf::cmd::RemoveDocument command{.document_id = request->document_id()};
    return Transition(*context, RequestOf("RemoveDocument", *request, api::Plain{command}), response);
  });
}

grpc::Status DossierServiceImpl::GetDossier(grpc::ServerContext* context, const v1::GetDossierRequest* request,
                                            v1::GetDossierResponse* response) {
  return common::Serve("GetDossier", [&]() -> absl::Status {
    TDKT_ASSIGN_OR_RETURN(auth::Identity caller, Caller(*context));
    TDKT_RETURN_IF_ERROR(CheckIdentifier(kDossierIdField, request->dossier_id()));
    TDKT_ASSIGN_OR_RETURN(LoadedDossier loaded, store_.Load(request->dossier_id()));
    const wf::DossierSnapshot& s = loaded.row.snapshot;
    TDKT_ASSIGN_OR_RETURN(const BoundReader reader, runner_.BindReader(caller, loaded.row));
    if (!reader.sees.dossier) return MayNotSeeDossier();
    *response->mutable_dossier() = ViewFor(reader.sees, loaded);
    const std::vector<wf::OrgLevel> levels = LevelsOf(runner_.catalog(), s);
    TDKT_ASSIGN_OR_RETURN(std::vector<EventRow> history, store_.History(s.id));
    for (const EventRow& row : history) {
      TDKT_ASSIGN_OR_RETURN(*response->add_history(), ToProtoHistoryEntry(row, levels));
    }
    for (wf::CommandKind kind : runner_.AllowedActions(reader.actor, s)) response->add_allowed_actions(ToProto(kind));
    for (v1::VoteSummary& vote : ToProtoVotes(s, levels, reader.sees.ballot_participation)) {
      *response->add_votes() = std::move(vote);
    }
    return absl::OkStatus();
  });
}

grpc::Status DossierServiceImpl::VerifyHistory(grpc::ServerContext* context, const v1::VerifyHistoryRequest* request,
                                               v1::VerifyHistoryResponse* response) {
  return common::Serve("VerifyHistory", [&]() -> absl::Status {
    TDKT_ASSIGN_OR_RETURN(auth::Identity caller, Caller(*context));
    TDKT_RETURN_IF_ERROR(CheckIdentifier(kDossierIdField, request->dossier_id()));
    TDKT_RETURN_IF_ERROR(LoadVisible(caller, request->dossier_id(), Reading::kDossier).status());
    TDKT_ASSIGN_OR_RETURN(const HistoryAuditRecord record, store_.ReadForAudit(request->dossier_id()));
    std::vector<StoredHistoryEntry> entries;
    for (const EventRow& row : record.history) entries.push_back({row.seq, row.payload, row.prev_hash, row.hash});
    const HistoryAudit audit = AuditHistory({.entries = entries,
                                             .anchors = record.anchors,
                                             .anchor_key = options_.anchor_public_key,
                                             .snapshot = record.snapshot,
                                             .columns = record.columns});
    response->set_intact(audit.intact);
    response->set_entries_checked(audit.entries_checked);
    response->set_head_hash(audit.head_hash);
    response->set_anchored_through_version(audit.anchored_through_version);
    response->set_anchor_public_key(base::HexOf(options_.anchor_public_key));
    const HistoryFinding& finding = audit.finding;
    response->set_first_broken_sequence(finding.seq);
    response->set_expected_hash(finding.expected_hash);
    response->set_stored_hash(finding.stored_hash);
    response->set_problem(ToProto(finding.problem));
    response->set_problem_vi(finding.problem_vi);
    if (!audit.intact) {
      spdlog::warn("dossier {}: history audit failed at entry {}: {}", request->dossier_id(), finding.seq,
                   v1::HistoryProblem_Name(ToProto(finding.problem)));
    }
    return absl::OkStatus();
  });
}

absl::StatusOr<auth::Identity> DossierServiceImpl::Caller(const grpc::ServerContext& context) const {
  return auth::AuthenticatedIdentity(context, verifier_, options_.refresh_keys);
}

}  // namespace tdkt::dossier
