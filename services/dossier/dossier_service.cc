#include "services/dossier/dossier_service.h"

#include <spdlog/spdlog.h>

#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "services/auth/grpc_identity.h"
#include "services/common/grpc_status.h"
#include "services/dossier/dossier_view.h"
#include "services/dossier/history_hash.h"
#include "services/dossier/proto_enums.h"
#include "services/dossier/service_support.h"
#include "base/status_macros.h"
#include "workflow/text_checks.h"

namespace tdkt::dossier {
namespace {

namespace wf = workflow;
namespace v1 = tdkt::v1;

absl::StatusOr<absl::CivilDay> DateOf(const v1::Date& date, absl::string_view field_vi) {
  const absl::CivilDay day(date.year(), date.month(), date.day());
  if (date.year() < 1900 || date.year() > 2100 || day.year() != date.year() || day.month() != date.month() ||
      day.day() != date.day()) {
    return Invalid(absl::StrCat(field_vi, " không phải ngày hợp lệ"));
  }
  return day;
}

CommandRequest Base(std::string method, const std::string& request_id, const std::string& dossier_id,
                    int64_t expected_version, const google::protobuf::Message& request) {
  CommandRequest r;
  r.method = std::move(method);
  r.request_id = request_id;
  r.dossier_id = dossier_id;
  if (expected_version > 0) r.expected_version = expected_version;
  r.request_bytes = request.SerializeAsString();
  return r;
}

absl::Status CheckNominee(const v1::Nominee& n) {
  if (!v1::NomineeKind_IsValid(n.kind()) || n.kind() == v1::NOMINEE_KIND_UNSPECIFIED) {
    return Invalid("Loại đối tượng được đề nghị không hợp lệ");
  }
  if (!v1::Gender_IsValid(n.gender())) return Invalid("Giới tính không hợp lệ");
  if (!v1::OccupationCategory_IsValid(n.occupation())) return Invalid("Nhóm nghề nghiệp không hợp lệ");
  if (n.name().empty()) return Invalid("Thiếu tên đối tượng được đề nghị");
  TDKT_RETURN_IF_ERROR(CheckText(n.name(), "Tên đối tượng"));
  TDKT_RETURN_IF_ERROR(CheckId(n.id_number(), "Số định danh", false));
  TDKT_RETURN_IF_ERROR(CheckText(n.position_vi(), "Chức vụ"));
  TDKT_RETURN_IF_ERROR(CheckText(n.unit_name_vi(), "Đơn vị công tác"));
  TDKT_RETURN_IF_ERROR(CheckId(n.person_id(), "Mã cá nhân", false));
  if (n.birth_year() < 0 || n.member_count() < 0 || n.female_member_count() < 0) {
    return Invalid("Số liệu của đối tượng được đề nghị không hợp lệ");
  }
  return absl::OkStatus();
}

}  // namespace

template <typename Response>
grpc::Status DossierServiceImpl::Run(grpc::ServerContext* context, CommandRequest request, Response* response) {
  absl::StatusOr<auth::Identity> caller = Caller(*context);
  if (!caller.ok()) return common::ToGrpcStatus(caller.status());
  const std::string method = request.method;
  // Responses of commands never carry the nominee's ID number: they are stored for idempotent replay, and a
  // replay need not come from someone who may see it. GetDossier shows it to those who may.
  auto render = [this](const DossierView& view) {
    Response r;
    const std::vector<wf::OrgLevel> levels = LevelsOf(runner_.catalog(), view.row.snapshot);
    *r.mutable_dossier() = ToProtoDossier(
        view.row, view.deadline,
        ViewOptions{.level_of = levels, .calendar = runner_.calendar(), .now = runner_.clock().Now()});
    return r.SerializeAsString();
  };
  absl::StatusOr<std::string> bytes = runner_.Run(*caller, std::move(request), render);
  if (!bytes.ok()) {
    spdlog::info("dossier {}: {} by {}: {}", method, absl::StatusCodeToString(bytes.status().code()),
                 caller->person_id, caller->token_id);
    return common::ToGrpcStatus(bytes.status());
  }
  if (!response->ParseFromString(*bytes)) return common::ToGrpcStatus(absl::InternalError("stored response"));
  return grpc::Status::OK;
}

grpc::Status DossierServiceImpl::CreateDossier(grpc::ServerContext* context, const v1::CreateDossierRequest* request,
                                               v1::CreateDossierResponse* response) {
  absl::Status valid = [&]() -> absl::Status {
    TDKT_RETURN_IF_ERROR(CheckId(request->request_id(), "mã yêu cầu (request_id)", true));
    TDKT_RETURN_IF_ERROR(CheckId(request->award_code(), "mã danh hiệu", true));
    TDKT_RETURN_IF_ERROR(CheckId(request->origin_org_id(), "đơn vị đề nghị", true));
    if (request->year() < 1900 || request->year() > 2100) return Invalid("Năm đề nghị không hợp lệ");
    return CheckNominee(request->nominee());
  }();
  if (!valid.ok()) return common::ToGrpcStatus(valid);
  CommandRequest r = Base("CreateDossier", request->request_id(), "", 0, *request);
  r.command = wf::cmd::Create{.dossier_id = "", .origin_org_id = request->origin_org_id()};
  r.new_dossier.award_code = request->award_code();
  r.new_dossier.year = request->year();
  r.new_dossier.nominee_name = request->nominee().name();
  v1::Nominee nominee = request->nominee();
  nominee.clear_personal_data_redacted();
  r.new_dossier.nominee = nominee.SerializeAsString();
  return Run(context, std::move(r), response);
}

grpc::Status DossierServiceImpl::SubmitDossier(grpc::ServerContext* context, const v1::SubmitDossierRequest* request,
                                               v1::SubmitDossierResponse* response) {
  TDKT_CHECK_OR_RETURN(CheckCommon(request->request_id(), request->dossier_id(), request->expected_version(), false));
  TDKT_CHECK_OR_RETURN(CheckText(request->note_vi(), "Ghi chú"));
  CommandRequest r = Base("SubmitDossier", request->request_id(), request->dossier_id(), request->expected_version(), *request);
  r.command = wf::cmd::Submit{};
  r.note = request->note_vi();
  return Run(context, std::move(r), response);
}

grpc::Status DossierServiceImpl::AcceptDossier(grpc::ServerContext* context, const v1::AcceptDossierRequest* request,
                                               v1::AcceptDossierResponse* response) {
  TDKT_CHECK_OR_RETURN(CheckCommon(request->request_id(), request->dossier_id(), request->expected_version(), false));
  TDKT_CHECK_OR_RETURN(CheckText(request->note_vi(), "Ghi chú"));
  CommandRequest r = Base("AcceptDossier", request->request_id(), request->dossier_id(), request->expected_version(), *request);
  r.command = wf::cmd::Accept{};
  r.note = request->note_vi();
  return Run(context, std::move(r), response);
}

grpc::Status DossierServiceImpl::ReturnForSupplement(grpc::ServerContext* context,
                                                     const v1::ReturnForSupplementRequest* request,
                                                     v1::ReturnForSupplementResponse* response) {
  TDKT_CHECK_OR_RETURN(CheckCommon(request->request_id(), request->dossier_id(), request->expected_version(), false));
  TDKT_CHECK_OR_RETURN(CheckText(request->reason_vi(), "Lý do trả lại"));
  if (request->missing_document_kinds_size() > 50) TDKT_CHECK_OR_RETURN(Invalid("Quá nhiều loại tài liệu"));
  for (const std::string& kind : request->missing_document_kinds()) {
    TDKT_CHECK_OR_RETURN(CheckId(kind, "loại tài liệu", true));
  }
  CommandRequest r = Base("ReturnForSupplement", request->request_id(), request->dossier_id(),
                          request->expected_version(), *request);
  r.command = wf::cmd::ReturnForSupplement{.reason = request->reason_vi()};
  return Run(context, std::move(r), response);
}

grpc::Status DossierServiceImpl::ResubmitDossier(grpc::ServerContext* context, const v1::ResubmitDossierRequest* request,
                                                 v1::ResubmitDossierResponse* response) {
  TDKT_CHECK_OR_RETURN(CheckCommon(request->request_id(), request->dossier_id(), request->expected_version(), false));
  TDKT_CHECK_OR_RETURN(CheckText(request->note_vi(), "Ghi chú"));
  CommandRequest r = Base("ResubmitDossier", request->request_id(), request->dossier_id(), request->expected_version(), *request);
  r.command = wf::cmd::Resubmit{};
  r.note = request->note_vi();
  return Run(context, std::move(r), response);
}

grpc::Status DossierServiceImpl::SendToCouncil(grpc::ServerContext* context, const v1::SendToCouncilRequest* request,
                                               v1::SendToCouncilResponse* response) {
  TDKT_CHECK_OR_RETURN(CheckCommon(request->request_id(), request->dossier_id(), request->expected_version(), false));
  TDKT_CHECK_OR_RETURN(CheckText(request->note_vi(), "Ghi chú"));
  if (request->has_meeting_date()) TDKT_CHECK_OR_RETURN(DateOf(request->meeting_date(), "Ngày họp").status());
  CommandRequest r = Base("SendToCouncil", request->request_id(), request->dossier_id(), request->expected_version(), *request);
  r.command = wf::cmd::SendToCouncil{};
  r.note = request->note_vi();
  return Run(context, std::move(r), response);
}

grpc::Status DossierServiceImpl::OpenVote(grpc::ServerContext* context, const v1::OpenVoteRequest* request,
                                          v1::OpenVoteResponse* response) {
  TDKT_CHECK_OR_RETURN(CheckCommon(request->request_id(), request->dossier_id(), request->expected_version(), false));
  CommandRequest r = Base("OpenVote", request->request_id(), request->dossier_id(), request->expected_version(), *request);
  r.command = wf::cmd::OpenVote{};
  return Run(context, std::move(r), response);
}

grpc::Status DossierServiceImpl::CastVote(grpc::ServerContext* context, const v1::CastVoteRequest* request,
                                          v1::CastVoteResponse* response) {
  TDKT_CHECK_OR_RETURN(CheckCommon(request->request_id(), request->dossier_id(), request->expected_version(), true));
  TDKT_CHECK_OR_RETURN(CheckId(request->vote_id(), "mã lượt bỏ phiếu", true));
  wf::Ballot ballot = wf::Ballot::kAbstain;
  switch (request->choice()) {
    case v1::VOTE_CHOICE_YES: ballot = wf::Ballot::kYes; break;
    case v1::VOTE_CHOICE_NO: ballot = wf::Ballot::kNo; break;
    case v1::VOTE_CHOICE_ABSTAIN: ballot = wf::Ballot::kAbstain; break;
    default: return common::ToGrpcStatus(Invalid("Lựa chọn bỏ phiếu không hợp lệ"));
  }
  // Secret ballot: the idempotency fingerprint must not depend on the choice (dossier.proto, CastVoteRequest).
  v1::CastVoteRequest without_choice = *request;
  without_choice.clear_choice();
  CommandRequest r = Base("CastVote", request->request_id(), request->dossier_id(), request->expected_version(),
                          without_choice);
  r.command = wf::cmd::CastVote{.ballot = ballot};
  r.vote_id = request->vote_id();
  return Run(context, std::move(r), response);
}

grpc::Status DossierServiceImpl::CloseVote(grpc::ServerContext* context, const v1::CloseVoteRequest* request,
                                           v1::CloseVoteResponse* response) {
  TDKT_CHECK_OR_RETURN(CheckCommon(request->request_id(), request->dossier_id(), request->expected_version(), false));
  TDKT_CHECK_OR_RETURN(CheckId(request->vote_id(), "mã lượt bỏ phiếu", true));
  TDKT_CHECK_OR_RETURN(CheckId(request->next_level_org_id(), "đơn vị cấp trên", false));
  CommandRequest r = Base("CloseVote", request->request_id(), request->dossier_id(), request->expected_version(), *request);
  r.command = wf::cmd::CloseVote{};
  r.vote_id = request->vote_id();
  r.next_level_org_id = request->next_level_org_id();
  return Run(context, std::move(r), response);
}

grpc::Status DossierServiceImpl::ForwardDossier(grpc::ServerContext* context, const v1::ForwardDossierRequest* request,
                                                v1::ForwardDossierResponse* response) {
  TDKT_CHECK_OR_RETURN(CheckCommon(request->request_id(), request->dossier_id(), request->expected_version(), false));
  TDKT_CHECK_OR_RETURN(CheckText(request->note_vi(), "Ghi chú"));
  TDKT_CHECK_OR_RETURN(CheckId(request->next_level_org_id(), "đơn vị cấp trên", false));
  CommandRequest r = Base("ForwardDossier", request->request_id(), request->dossier_id(), request->expected_version(), *request);
  r.command = wf::cmd::Forward{};
  r.note = request->note_vi();
  r.next_level_org_id = request->next_level_org_id();
  return Run(context, std::move(r), response);
}

grpc::Status DossierServiceImpl::DecideDossier(grpc::ServerContext* context, const v1::DecideDossierRequest* request,
                                               v1::DecideDossierResponse* response) {
  TDKT_CHECK_OR_RETURN(CheckCommon(request->request_id(), request->dossier_id(), request->expected_version(), false));
  const v1::Decision& d = request->decision();
  TDKT_CHECK_OR_RETURN(CheckText(d.number(), "Số quyết định"));
  TDKT_CHECK_OR_RETURN(CheckText(d.signer_name(), "Người ký"));
  TDKT_CHECK_OR_RETURN(CheckText(d.signer_title_vi(), "Chức danh người ký"));
  TDKT_CHECK_OR_RETURN(CheckText(d.issuing_body_vi(), "Cơ quan ban hành"));
  absl::StatusOr<absl::CivilDay> date = DateOf(d.date(), "Ngày quyết định");
  TDKT_CHECK_OR_RETURN(date.status());
  CommandRequest r = Base("DecideDossier", request->request_id(), request->dossier_id(), request->expected_version(), *request);
  r.command = wf::cmd::Decide{.number = d.number(), .date = *date, .signer = d.signer_name()};
  return Run(context, std::move(r), response);
}

grpc::Status DossierServiceImpl::RecordExternalOutcome(grpc::ServerContext* context,
                                                       const v1::RecordExternalOutcomeRequest* request,
                                                       v1::RecordExternalOutcomeResponse* response) {
  TDKT_CHECK_OR_RETURN(CheckCommon(request->request_id(), request->dossier_id(), request->expected_version(), false));
  if (request->outcome() != v1::EXTERNAL_OUTCOME_GRANTED && request->outcome() != v1::EXTERNAL_OUTCOME_NOT_GRANTED) {
    return common::ToGrpcStatus(Invalid("Kết quả xét khen thưởng không hợp lệ"));
  }
  const bool granted = request->outcome() == v1::EXTERNAL_OUTCOME_GRANTED;
  const v1::Decision& d = request->decision();
  TDKT_CHECK_OR_RETURN(CheckText(d.number(), "Số quyết định"));
  TDKT_CHECK_OR_RETURN(CheckText(d.signer_name(), "Người ký"));
  TDKT_CHECK_OR_RETURN(CheckText(d.issuing_body_vi(), "Cơ quan ban hành"));
  TDKT_CHECK_OR_RETURN(CheckText(request->reason_vi(), "Lý do"));
  wf::cmd::RecordExternalOutcome command{.granted = granted, .issuing_body = d.issuing_body_vi(),
                                         .decision_number = d.number(), .decision_date = {},
                                         .signer = d.signer_name(), .reason = request->reason_vi()};
  if (granted) {
    absl::StatusOr<absl::CivilDay> date = DateOf(d.date(), "Ngày quyết định");
    TDKT_CHECK_OR_RETURN(date.status());
    command.decision_date = *date;
  }
  CommandRequest r = Base("RecordExternalOutcome", request->request_id(), request->dossier_id(),
                          request->expected_version(), *request);
  r.command = std::move(command);
  return Run(context, std::move(r), response);
}

grpc::Status DossierServiceImpl::PublishDossier(grpc::ServerContext* context, const v1::PublishDossierRequest* request,
                                                v1::PublishDossierResponse* response) {
  TDKT_CHECK_OR_RETURN(CheckCommon(request->request_id(), request->dossier_id(), request->expected_version(), false));
  CommandRequest r = Base("PublishDossier", request->request_id(), request->dossier_id(), request->expected_version(), *request);
  if (request->has_published_on()) {
    absl::StatusOr<absl::CivilDay> day = DateOf(request->published_on(), "Ngày công bố");
    TDKT_CHECK_OR_RETURN(day.status());
    r.published_on = *day;
  }
  r.command = wf::cmd::Publish{};
  return Run(context, std::move(r), response);
}

grpc::Status DossierServiceImpl::RejectDossier(grpc::ServerContext* context, const v1::RejectDossierRequest* request,
                                               v1::RejectDossierResponse* response) {
  TDKT_CHECK_OR_RETURN(CheckCommon(request->request_id(), request->dossier_id(), request->expected_version(), false));
  TDKT_CHECK_OR_RETURN(CheckText(request->reason_vi(), "Lý do"));
  CommandRequest r = Base("RejectDossier", request->request_id(), request->dossier_id(), request->expected_version(), *request);
  r.command = wf::cmd::Reject{.reason = request->reason_vi()};
  return Run(context, std::move(r), response);
}

grpc::Status DossierServiceImpl::WithdrawDossier(grpc::ServerContext* context, const v1::WithdrawDossierRequest* request,
                                                 v1::WithdrawDossierResponse* response) {
  TDKT_CHECK_OR_RETURN(CheckCommon(request->request_id(), request->dossier_id(), request->expected_version(), false));
  TDKT_CHECK_OR_RETURN(CheckText(request->reason_vi(), "Lý do"));
  CommandRequest r = Base("WithdrawDossier", request->request_id(), request->dossier_id(), request->expected_version(), *request);
  r.command = wf::cmd::Withdraw{.reason = request->reason_vi()};
  return Run(context, std::move(r), response);
}

grpc::Status DossierServiceImpl::FileComplaint(grpc::ServerContext* context, const v1::FileComplaintRequest* request,
                                               v1::FileComplaintResponse* response) {
  TDKT_CHECK_OR_RETURN(CheckCommon(request->request_id(), request->dossier_id(), request->expected_version(), false));
  TDKT_CHECK_OR_RETURN(CheckText(request->text_vi(), "Nội dung khiếu nại"));
  if (!v1::OrgLevel_IsValid(request->concerning_level())) {
    return common::ToGrpcStatus(Invalid("Cấp bị khiếu nại không hợp lệ"));
  }
  CommandRequest r = Base("FileComplaint", request->request_id(), request->dossier_id(), request->expected_version(), *request);
  r.command = wf::cmd::Complain{.reason = request->text_vi()};
  return Run(context, std::move(r), response);
}

grpc::Status DossierServiceImpl::EscalateDossier(grpc::ServerContext* context, const v1::EscalateDossierRequest* request,
                                                 v1::EscalateDossierResponse* response) {
  TDKT_CHECK_OR_RETURN(CheckCommon(request->request_id(), request->dossier_id(), request->expected_version(), true));
  TDKT_CHECK_OR_RETURN(CheckText(request->reason_vi(), "Lý do"));
  std::optional<wf::OrgLevel> level = FromProto(request->level());
  if (!level) return common::ToGrpcStatus(Invalid("Cấp cần nhắc hạn không hợp lệ"));
  if (request->overdue_working_days() < 1) return common::ToGrpcStatus(Invalid("Số ngày quá hạn không hợp lệ"));
  absl::StatusOr<absl::CivilDay> due = DateOf(request->deadline_due_date(), "Hạn xử lý");
  TDKT_CHECK_OR_RETURN(due.status());
  CommandRequest r = Base("EscalateDossier", request->request_id(), request->dossier_id(), request->expected_version(), *request);
  r.command = wf::cmd::Escalate{.level_index = 0, .overdue_working_days = request->overdue_working_days()};
  r.note = request->reason_vi();
  r.escalation_level = level;
  r.escalation_due_date = *due;
  return Run(context, std::move(r), response);
}

grpc::Status DossierServiceImpl::RemoveDocument(grpc::ServerContext* context, const v1::RemoveDocumentRequest* request,
                                                v1::RemoveDocumentResponse* response) {
  TDKT_CHECK_OR_RETURN(CheckCommon(request->request_id(), request->dossier_id(), request->expected_version(), false));
  TDKT_CHECK_OR_RETURN(CheckId(request->document_id(), "mã tài liệu", true));
  CommandRequest r = Base("RemoveDocument", request->request_id(), request->dossier_id(), request->expected_version(),
                          *request);
  r.command = wf::cmd::RemoveDocument{.document_id = request->document_id()};
  return Run(context, std::move(r), response);
}

grpc::Status DossierServiceImpl::GetDossier(grpc::ServerContext* context, const v1::GetDossierRequest* request,
                                            v1::GetDossierResponse* response) {
  absl::StatusOr<auth::Identity> caller = Caller(*context);
  if (!caller.ok()) return common::ToGrpcStatus(caller.status());
  TDKT_CHECK_OR_RETURN(CheckId(request->dossier_id(), "mã hồ sơ", true));
  absl::StatusOr<LoadedDossier> loaded = store_.Load(request->dossier_id());
  TDKT_CHECK_OR_RETURN(loaded.status());
  const wf::DossierSnapshot& s = loaded->row.snapshot;
  absl::StatusOr<wf::ActorContext> actor = runner_.ResolveActor(*caller, s);
  TDKT_CHECK_OR_RETURN(actor.status());
  if (!RelatedToDossier(*actor)) {
    return common::ToGrpcStatus(absl::PermissionDeniedError("Bạn không có quyền xem hồ sơ này"));
  }
  const std::vector<wf::OrgLevel> levels = LevelsOf(runner_.catalog(), s);
  *response->mutable_dossier() =
      ToProtoDossier(loaded->row, loaded->live_deadline,
                     ViewOptions{.level_of = levels, .calendar = runner_.calendar(), .now = runner_.clock().Now(),
                                 .show_personal_data = MaySeePersonalData(*actor)});
  absl::StatusOr<std::vector<EventRow>> history = store_.History(s.id);
  TDKT_CHECK_OR_RETURN(history.status());
  for (const EventRow& row : *history) {
    absl::StatusOr<v1::HistoryEntry> entry = ToProtoHistoryEntry(row, levels);
    TDKT_CHECK_OR_RETURN(entry.status());
    *response->add_history() = std::move(*entry);
  }
  for (wf::CommandKind kind : runner_.AllowedActions(*actor, s)) response->add_allowed_actions(ToProto(kind));
  return grpc::Status::OK;
}

grpc::Status DossierServiceImpl::VerifyHistory(grpc::ServerContext* context, const v1::VerifyHistoryRequest* request,
                                               v1::VerifyHistoryResponse* response) {
  absl::StatusOr<auth::Identity> caller = Caller(*context);
  if (!caller.ok()) return common::ToGrpcStatus(caller.status());
  TDKT_CHECK_OR_RETURN(CheckId(request->dossier_id(), "mã hồ sơ", true));
  absl::StatusOr<LoadedDossier> loaded = store_.Load(request->dossier_id());
  TDKT_CHECK_OR_RETURN(loaded.status());
  absl::StatusOr<wf::ActorContext> actor = runner_.ResolveActor(*caller, loaded->row.snapshot);
  TDKT_CHECK_OR_RETURN(actor.status());
  if (!RelatedToDossier(*actor)) {
    return common::ToGrpcStatus(absl::PermissionDeniedError("Bạn không có quyền xem hồ sơ này"));
  }
  absl::StatusOr<std::vector<EventRow>> history = store_.History(request->dossier_id());
  TDKT_CHECK_OR_RETURN(history.status());
  std::vector<StoredHistoryEntry> entries;
  for (const EventRow& row : *history) entries.push_back({row.seq, row.payload, row.prev_hash, row.hash});
  const HistoryCheck check = VerifyHistoryChain(entries, loaded->row.snapshot.version);
  response->set_intact(check.intact);
  response->set_entries_checked(check.entries_checked);
  response->set_first_broken_sequence(check.first_broken_seq);
  response->set_head_hash(check.head_hash);
  response->set_expected_hash(check.expected_hash);
  response->set_stored_hash(check.stored_hash);
  if (!check.intact) {
    spdlog::warn("dossier {}: history chain broken at entry {}", request->dossier_id(), check.first_broken_seq);
  }
  return grpc::Status::OK;
}

absl::StatusOr<auth::Identity> DossierServiceImpl::Caller(const grpc::ServerContext& context) const {
  return auth::AuthenticatedIdentity(context, verifier_, options_.refresh_keys);
}

}  // namespace tdkt::dossier
