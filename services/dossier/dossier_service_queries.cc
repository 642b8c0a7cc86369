// DossierServiceImpl: ListInbox, SearchDossiers and GetPublicStatus (dossier.proto, "queries").
#include <spdlog/spdlog.h>

#include <algorithm>
#include <set>

#include "absl/strings/str_cat.h"
#include "services/common/proto_time.h"
#include "services/common/grpc_status.h"
#include "services/dossier/dossier_service.h"
#include "services/dossier/dossier_view.h"
#include "services/dossier/inbox_rules.h"
#include "services/dossier/page_token.h"
#include "services/dossier/proto_enums.h"
#include "services/dossier/service_support.h"
#include "services/dossier/snapshot_codec.h"
#include "services/dossier/tracking_code.h"
#include "workflow/vietnam_time.h"
#include "base/status_macros.h"

namespace tdkt::dossier {
namespace {

namespace wf = workflow;
namespace v1 = tdkt::v1;

constexpr int kMaxStateFilters = 20;
constexpr size_t kMaxNameQueryBytes = 200;

absl::StatusOr<std::vector<std::string>> StateCodes(const google::protobuf::RepeatedField<int>& states) {
  if (states.size() > kMaxStateFilters) return Invalid("Quá nhiều trạng thái trong bộ lọc");
  std::vector<std::string> codes;
  for (int s : states) {
    if (s == v1::DOSSIER_STATE_UNSPECIFIED || !v1::DossierState_IsValid(s)) {
      return Invalid("Trạng thái hồ sơ trong bộ lọc không hợp lệ");
    }
    codes.emplace_back(wf::DossierStateCode(static_cast<wf::DossierState>(s - 1)));
  }
  return codes;
}

std::vector<wf::Role> AppraiserRoles(const wf::catalog::Catalog& catalog) {
  std::vector<wf::Role> roles;
  for (const wf::ChainDefinition& chain : catalog.chains()) {
    for (const wf::ChainLevel& level : chain.levels) {
      if (std::find(roles.begin(), roles.end(), level.appraiser_role) == roles.end()) {
        roles.push_back(level.appraiser_role);
      }
    }
  }
  return roles;
}

void SetDate(v1::Date* out, absl::CivilDay day) {
  out->set_year(static_cast<int32_t>(day.year()));
  out->set_month(day.month());
  out->set_day(day.day());
}

// The due date the inbox sorts by: that of a running deadline only (migration 002, dossier.due_date).
std::string InboxSortKey(const LoadedDossier& loaded) {
  const std::optional<DeadlineRecord>& d = loaded.live_deadline;
  if (!d || d->state != DeadlineRecordState::kRunning) return "";
  return FormatDate(d->due_date);
}

absl::Status ServiceAccountRefused() {
  return absl::PermissionDeniedError("Tài khoản dịch vụ không tra cứu hồ sơ");
}

}  // namespace

v1::Dossier DossierServiceImpl::ViewFor(const wf::ActorContext& actor, const LoadedDossier& loaded) const {
  const std::vector<wf::OrgLevel> levels = LevelsOf(runner_.catalog(), loaded.row.snapshot);
  return ToProtoDossier(loaded.row, loaded.live_deadline,
                        ViewOptions{.level_of = levels, .calendar = runner_.calendar(), .now = runner_.clock().Now(),
                                    .show_personal_data = MaySeePersonalData(actor)});
}

grpc::Status DossierServiceImpl::ListInbox(grpc::ServerContext* context, const v1::ListInboxRequest* request,
                                           v1::ListInboxResponse* response) {
  absl::StatusOr<auth::Identity> caller = Caller(*context);
  if (!caller.ok()) return common::ToGrpcStatus(caller.status());
  if (caller->service_name.has_value()) return common::ToGrpcStatus(ServiceAccountRefused());
  TDKT_CHECK_OR_RETURN(CheckId(request->org_id(), "đơn vị", false));
  if (!v1::Role_IsValid(request->role())) return common::ToGrpcStatus(Invalid("Vai trò không hợp lệ"));
  absl::StatusOr<std::vector<std::string>> only_states = StateCodes(request->states());
  TDKT_CHECK_OR_RETURN(only_states.status());
  absl::StatusOr<int> page_size = PageSizeOf(request->page().page_size());
  TDKT_CHECK_OR_RETURN(page_size.status());

  InboxQuery query;
  query.only_states = std::move(*only_states);
  query.limit = *page_size + 1;
  if (!request->page().page_token().empty()) {
    absl::StatusOr<PageKey> key = DecodePageToken(PageKind::kInbox, request->page().page_token());
    TDKT_CHECK_OR_RETURN(key.status());
    if (!key->sort_key.empty()) {
      absl::StatusOr<absl::CivilDay> due = ParseDate(key->sort_key);
      if (!due.ok()) return common::ToGrpcStatus(Invalid("Mã trang (page_token) không hợp lệ"));
      query.after_due = *due;
    }
    query.after_set = true;
    query.after_id = key->id;
  }

  // The caller's grants the request selects, each turned into (organisation, state) pairs by the core's table.
  const std::vector<wf::Role> appraiser_roles = AppraiserRoles(runner_.catalog());
  bool org_held = request->org_id().empty();
  bool role_held = false;
  for (const wf::RoleGrant& grant : caller->grants) {
    if (!request->org_id().empty() && grant.org_id != request->org_id()) continue;
    org_held = true;
    if (request->role() != v1::ROLE_UNSPECIFIED && static_cast<int>(grant.role) + 1 != request->role()) continue;
    role_held = true;
    const InboxStates states = InboxStatesFor(grant.role, appraiser_roles, runner_.policy());
    for (wf::DossierState s : states.as_holder) {
      query.holder_orgs.push_back(grant.org_id);
      query.holder_states.emplace_back(wf::DossierStateCode(s));
    }
    for (wf::DossierState s : states.as_origin) {
      query.origin_orgs.push_back(grant.org_id);
      query.origin_states.emplace_back(wf::DossierStateCode(s));
    }
  }
  if (!org_held || (!role_held && request->role() != v1::ROLE_UNSPECIFIED)) {
    return common::ToGrpcStatus(absl::PermissionDeniedError("Bạn không có vai trò này tại đơn vị đã chọn"));
  }
  if (query.holder_orgs.empty() && query.origin_orgs.empty()) return grpc::Status::OK;

  absl::StatusOr<std::vector<LoadedDossier>> rows = store_.Inbox(query);
  TDKT_CHECK_OR_RETURN(rows.status());
  const size_t shown = std::min(rows->size(), static_cast<size_t>(*page_size));
  for (size_t i = 0; i < shown; ++i) {
    const LoadedDossier& loaded = (*rows)[i];
    absl::StatusOr<wf::ActorContext> actor = ActorForRow(runner_, *caller, loaded.row);
    TDKT_CHECK_OR_RETURN(actor.status());
    v1::InboxItem* item = response->add_items();
    *item->mutable_dossier() = ViewFor(*actor, loaded);
    for (wf::CommandKind kind : runner_.AllowedActions(*actor, loaded.row.snapshot)) {
      item->add_allowed_actions(ToProto(kind));
    }
  }
  if (rows->size() > shown && shown > 0) {
    const LoadedDossier& last = (*rows)[shown - 1];
    response->mutable_page()->set_next_page_token(
        EncodePageToken(PageKind::kInbox, InboxSortKey(last), last.row.snapshot.id));
  }
  return grpc::Status::OK;
}

grpc::Status DossierServiceImpl::SearchDossiers(grpc::ServerContext* context, const v1::SearchDossiersRequest* request,
                                                v1::SearchDossiersResponse* response) {
  absl::StatusOr<auth::Identity> caller = Caller(*context);
  if (!caller.ok()) return common::ToGrpcStatus(caller.status());
  if (caller->service_name.has_value()) return common::ToGrpcStatus(ServiceAccountRefused());
  absl::StatusOr<std::vector<std::string>> states = StateCodes(request->states());
  TDKT_CHECK_OR_RETURN(states.status());
  if (!v1::OrgLevel_IsValid(request->level())) return common::ToGrpcStatus(Invalid("Cấp không hợp lệ"));
  TDKT_CHECK_OR_RETURN(CheckId(request->award_code(), "mã danh hiệu", false));
  TDKT_CHECK_OR_RETURN(CheckId(request->org_subtree_id(), "đơn vị", false));
  if (request->year() != 0 && (request->year() < 1900 || request->year() > 2100)) {
    return common::ToGrpcStatus(Invalid("Năm không hợp lệ"));
  }
  if (request->nominee_name().size() > kMaxNameQueryBytes) {
    return common::ToGrpcStatus(Invalid(absl::StrCat("Tên cần tìm dài quá ", kMaxNameQueryBytes, " byte")));
  }
  TDKT_CHECK_OR_RETURN(CheckText(request->nominee_name(), "Tên cần tìm"));
  absl::StatusOr<int> page_size = PageSizeOf(request->page().page_size());
  TDKT_CHECK_OR_RETURN(page_size.status());

  SearchQuery query;
  query.states = std::move(*states);
  query.level = FromProto(request->level());
  query.award_code = request->award_code();
  query.year = request->year();
  query.nominee_name = request->nominee_name();
  query.limit = *page_size + 1;
  std::set<std::string> visible;
  for (const wf::RoleGrant& grant : caller->grants) visible.insert(grant.org_id);
  query.visible_orgs.assign(visible.begin(), visible.end());
  if (!request->page().page_token().empty()) {
    absl::StatusOr<PageKey> key = DecodePageToken(PageKind::kSearch, request->page().page_token());
    TDKT_CHECK_OR_RETURN(key.status());
    int64_t micros = 0;
    if (!absl::SimpleAtoi(key->sort_key, &micros)) return common::ToGrpcStatus(Invalid("Mã trang (page_token) không hợp lệ"));
    query.after_updated_at = absl::FromUnixMicros(micros);
    query.after_id = key->id;
  }
  // The subtree must lie within one where the caller holds a role: the organisation itself or an ancestor.
  if (!request->org_subtree_id().empty()) {
    bool within = visible.count(request->org_subtree_id()) > 0;
    if (!within) {
      absl::StatusOr<std::vector<std::string>> ancestors =
          runner_.directory().Ancestors(request->org_subtree_id(), wf::VietnamDate(runner_.clock().Now()));
      TDKT_CHECK_OR_RETURN(ancestors.status());
      within = std::any_of(ancestors->begin(), ancestors->end(),
                           [&](const std::string& org) { return visible.count(org) > 0; });
    }
    if (!within) {
      return common::ToGrpcStatus(
          absl::PermissionDeniedError("Bạn không có vai trò tại đơn vị này hoặc đơn vị cấp trên của nó"));
    }
    query.subtree_org_id = request->org_subtree_id();
  }
  if (query.visible_orgs.empty()) return grpc::Status::OK;

  absl::StatusOr<std::vector<LoadedDossier>> rows = store_.Search(query);
  TDKT_CHECK_OR_RETURN(rows.status());
  const size_t shown = std::min(rows->size(), static_cast<size_t>(*page_size));
  for (size_t i = 0; i < shown; ++i) {
    const LoadedDossier& loaded = (*rows)[i];
    absl::StatusOr<wf::ActorContext> actor = ActorForRow(runner_, *caller, loaded.row);
    TDKT_CHECK_OR_RETURN(actor.status());
    *response->add_dossiers() = ViewFor(*actor, loaded);
  }
  if (rows->size() > shown && shown > 0) {
    const wf::DossierSnapshot& last = (*rows)[shown - 1].row.snapshot;
    response->mutable_page()->set_next_page_token(
        EncodePageToken(PageKind::kSearch, std::to_string(absl::ToUnixMicros(last.updated_at)), last.id));
  }
  return grpc::Status::OK;
}

grpc::Status DossierServiceImpl::GetPublicStatus(grpc::ServerContext* /*context*/,
                                                 const v1::GetPublicStatusRequest* request,
                                                 v1::GetPublicStatusResponse* response) {
  // Malformed and unknown codes take the same path (one lookup) and get the same answer, so that neither the
  // message nor the timing tells a guesser anything.
  const std::optional<std::string> code = CanonicalTrackingCode(request->tracking_code());
  absl::StatusOr<LoadedDossier> loaded = store_.LoadByTrackingCode(code.value_or("-"));
  if (absl::IsNotFound(loaded.status())) {
    return grpc::Status(grpc::StatusCode::NOT_FOUND, "Không tìm thấy hồ sơ với mã tra cứu này");
  }
  TDKT_CHECK_OR_RETURN(loaded.status());
  const DossierRow& row = loaded->row;
  const wf::DossierSnapshot& s = row.snapshot;
  const std::vector<wf::OrgLevel> levels = LevelsOf(runner_.catalog(), s);
  v1::PublicDossierStatus* status = response->mutable_status();
  status->set_tracking_code(row.tracking_code);
  status->set_award_code(s.award_code);
  status->set_year(row.year);
  status->set_state(ToProto(s.state));
  if (s.level_index >= 0 && static_cast<size_t>(s.level_index) < levels.size()) {
    status->set_current_level(ToProto(levels[static_cast<size_t>(s.level_index)]));
  }
  *status->mutable_created_at() = common::ToProtoTime(s.created_at);
  if (row.submitted_at) *status->mutable_submitted_at() = common::ToProtoTime(*row.submitted_at);
  *status->mutable_state_changed_at() = common::ToProtoTime(row.state_changed_at);
  if (const std::optional<DeadlineRecord>& d = loaded->live_deadline) {
    if (d->state == DeadlineRecordState::kRunning) SetDate(status->mutable_due_date(), d->due_date);
    status->set_deadline_paused(d->state == DeadlineRecordState::kPaused);
  }
  if (s.state == wf::DossierState::kPublished && s.decision) {
    status->set_decision_number(s.decision->number);
    SetDate(status->mutable_decision_date(), s.decision->date);
  }
  return grpc::Status::OK;
}

}  // namespace tdkt::dossier
