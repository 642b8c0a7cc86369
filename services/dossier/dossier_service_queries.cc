// DossierServiceImpl: ListInbox, SearchDossiers and GetPublicStatus (dossier.proto, "queries").
#include <spdlog/spdlog.h>

#include <algorithm>
#include <set>

#include "absl/strings/numbers.h"
#include "base/iso_date.h"
#include "base/status_macros.h"
#include "services/common/handler.h"
#include "services/common/paging.h"
#include "services/common/proto_conversions.h"
#include "services/common/proto_time.h"
#include "services/common/request_checks.h"
#include "services/dossier/dossier_service.h"
#include "services/dossier/dossier_view.h"
#include "services/dossier/inbox_rules.h"
#include "services/dossier/proto_enums.h"
#include "services/dossier/service_support.h"
#include "services/dossier/tracking_code.h"
#include "workflow/vietnam_time.h"

namespace tdkt::dossier {
namespace {

namespace wf = workflow;
namespace v1 = tdkt::v1;
using common::Presence;

constexpr int kMaxStateFilters = 20;
constexpr char kInboxQuery[] = "inbox";
constexpr char kSearchQuery[] = "search";

absl::StatusOr<std::vector<std::string>> StateCodes(const google::protobuf::RepeatedField<int>& states) {
  if (states.size() > kMaxStateFilters) return absl::InvalidArgumentError("Quá nhiều trạng thái trong bộ lọc (states)");
  std::vector<std::string> codes;
  for (int s : states) {
    TDKT_RETURN_IF_ERROR(common::CheckEnum("trạng thái trong bộ lọc (states)", s, v1::DossierState_IsValid));
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

// Every field of a list request but its page: what a page token is bound to, so that a token of one filter
// is refused with another.
template <typename Request>
std::string FilterOf(const Request& request) {
  Request filter = request;
  filter.clear_page();
  return filter.SerializeAsString();
}

absl::Status BadPageToken() { return absl::InvalidArgumentError("Mã trang (page_token) không hợp lệ"); }

// The due date the inbox sorts by: that of a running deadline only ("" = none, after every date).
std::string InboxSortKey(const LoadedDossier& loaded) {
  const std::optional<DeadlineRecord>& d = loaded.live_deadline;
  if (!d || d->state != DeadlineRecordState::kRunning) return "";
  return base::FormatIsoDate(d->due_date);
}

// The caller's grants the request selects, each turned into (organisation, state) pairs by the core's table.
absl::StatusOr<InboxQuery> InboxQueryFor(const auth::Identity& caller, const v1::ListInboxRequest& request,
                                         const std::vector<wf::Role>& appraiser_roles,
                                         const wf::TransitionPolicy& policy) {
  InboxQuery query;
  bool org_held = request.org_id().empty();
  bool role_held = false;
  for (const wf::RoleGrant& grant : caller.grants) {
    if (!request.org_id().empty() && grant.org_id != request.org_id()) continue;
    org_held = true;
    if (request.role() != v1::ROLE_UNSPECIFIED && common::ToProto(grant.role) != request.role()) continue;
    role_held = true;
    const InboxStates states = InboxStatesFor(grant.role, appraiser_roles, policy);
    for (wf::DossierState s : states.as_holder) {
      query.holder_orgs.push_back(grant.org_id);
      query.holder_states.emplace_back(wf::DossierStateCode(s));
    }
    for (wf::DossierState s : states.as_origin) {
      query.origin_orgs.push_back(grant.org_id);
      query.origin_states.emplace_back(wf::DossierStateCode(s));
    }
  }
  if (!org_held || (!role_held && request.role() != v1::ROLE_UNSPECIFIED)) {
    return absl::PermissionDeniedError("Bạn không có vai trò này tại đơn vị đã chọn");
  }
  return query;
}

absl::Status SetInboxAfter(const common::PageCursor& after, InboxQuery& query) {
  query.after_set = true;
  query.after_id = after.id;
  if (after.sort_key.empty()) return absl::OkStatus();
  query.after_due = base::ParseIsoDate(after.sort_key);
  return query.after_due ? absl::OkStatus() : BadPageToken();
}

absl::Status CheckSearchRequest(const v1::SearchDossiersRequest& request) {
  TDKT_RETURN_IF_ERROR(common::CheckEnum("cấp (level)", request.level(), v1::OrgLevel_IsValid, Presence::kOptional));
  TDKT_RETURN_IF_ERROR(common::CheckIdentifier("mã danh hiệu (award_code)", request.award_code(), Presence::kOptional));
  TDKT_RETURN_IF_ERROR(common::CheckIdentifier("đơn vị (org_subtree_id)", request.org_subtree_id(), Presence::kOptional));
  if (request.year() != 0 && (request.year() < 1900 || request.year() > 2100)) {
    return absl::InvalidArgumentError("Năm (year) không hợp lệ");
  }
  // Any Unicode form: the database folds accents and forms, so "Trần" typed decomposed finds "Trần".
  return common::CheckText("tên cần tìm (nominee_name)", common::ToNfc(request.nominee_name()));
}

absl::Status ServiceAccountRefused() {
  return absl::PermissionDeniedError("Tài khoản dịch vụ không tra cứu hồ sơ");
}

}  // namespace

grpc::Status DossierServiceImpl::ListInbox(grpc::ServerContext* context, const v1::ListInboxRequest* request,
                                           v1::ListInboxResponse* response) {
  return common::Serve("ListInbox", [&]() -> absl::Status {
    TDKT_ASSIGN_OR_RETURN(auth::Identity caller, Caller(*context));
    if (caller.service_name.has_value()) return ServiceAccountRefused();
    TDKT_RETURN_IF_ERROR(common::CheckIdentifier("đơn vị (org_id)", request->org_id(), Presence::kOptional));
    TDKT_RETURN_IF_ERROR(common::CheckEnum("vai trò (role)", request->role(), v1::Role_IsValid, Presence::kOptional));
    TDKT_ASSIGN_OR_RETURN(std::vector<std::string> only_states, StateCodes(request->states()));
    TDKT_ASSIGN_OR_RETURN(const common::Page page, common::DecodePage(request->page(), kInboxQuery, FilterOf(*request)));
    TDKT_ASSIGN_OR_RETURN(InboxQuery query,
                          InboxQueryFor(caller, *request, AppraiserRoles(runner_.catalog()), runner_.policy()));
    query.only_states = std::move(only_states);
    query.limit = page.size + 1;
    if (page.after) TDKT_RETURN_IF_ERROR(SetInboxAfter(*page.after, query));
    if (query.holder_orgs.empty() && query.origin_orgs.empty()) return absl::OkStatus();

    TDKT_ASSIGN_OR_RETURN(std::vector<LoadedDossier> rows, store_.Inbox(query));
    const size_t shown = std::min(rows.size(), static_cast<size_t>(page.size));
    for (size_t i = 0; i < shown; ++i) {
      TDKT_ASSIGN_OR_RETURN(const BoundReader reader, runner_.BindReader(caller, rows[i].row));
      if (!reader.sees.dossier) continue;  // inbox work is always visible; a guard should the two rules part
      v1::InboxItem* item = response->add_items();
      *item->mutable_dossier() = ViewFor(reader.sees, rows[i]);
      for (wf::CommandKind kind : runner_.AllowedActions(reader.actor, rows[i].row.snapshot)) {
        item->add_allowed_actions(ToProto(kind));
      }
    }
    if (rows.size() > shown && shown > 0) {
      const LoadedDossier& last = rows[shown - 1];
      response->mutable_page()->set_next_page_token(common::EncodePageToken(
          kInboxQuery, FilterOf(*request), {InboxSortKey(last), last.row.snapshot.id}));
    }
    return absl::OkStatus();
  });
}

// The subtree must lie within one where the caller holds a role: the organisation itself or an ancestor.
absl::Status DossierServiceImpl::CheckSubtreeVisible(const std::string& subtree_org_id,
                                                     const std::set<std::string>& visible) const {
  if (visible.count(subtree_org_id) > 0) return absl::OkStatus();
  TDKT_ASSIGN_OR_RETURN(std::vector<std::string> ancestors,
                        runner_.directory().Ancestors(subtree_org_id, wf::VietnamDate(runner_.clock().Now())));
  for (const std::string& org : ancestors) {
    if (visible.count(org) > 0) return absl::OkStatus();
  }
  return absl::PermissionDeniedError("Bạn không có vai trò tại đơn vị này hoặc đơn vị cấp trên của nó");
}

grpc::Status DossierServiceImpl::SearchDossiers(grpc::ServerContext* context, const v1::SearchDossiersRequest* request,
                                                v1::SearchDossiersResponse* response) {
  return common::Serve("SearchDossiers", [&]() -> absl::Status {
    TDKT_ASSIGN_OR_RETURN(auth::Identity caller, Caller(*context));
    if (caller.service_name.has_value()) return ServiceAccountRefused();
    TDKT_ASSIGN_OR_RETURN(std::vector<std::string> states, StateCodes(request->states()));
    TDKT_RETURN_IF_ERROR(CheckSearchRequest(*request));
    TDKT_ASSIGN_OR_RETURN(const common::Page page, common::DecodePage(request->page(), kSearchQuery, FilterOf(*request)));
    SearchQuery query;
    query.states = std::move(states);
    query.level = common::OrgLevelFromProto(request->level());
    query.award_code = request->award_code();
    query.year = request->year();
    query.nominee_name = request->nominee_name();
    query.limit = page.size + 1;
    std::set<std::string> visible;
    for (const wf::RoleGrant& grant : caller.grants) visible.insert(grant.org_id);
    // What the visibility rule shows, as SQL can select it; the rule itself decides each row below.
    wf::VisibleFrom from = wf::VisibleFromGrants(caller.grants);
    std::set<std::string> seeing(from.as_origin.begin(), from.as_origin.end());
    seeing.insert(from.as_receiver.begin(), from.as_receiver.end());
    seeing.insert(from.above_holder.begin(), from.above_holder.end());
    query.visible_orgs.assign(seeing.begin(), seeing.end());
    query.origin_orgs = std::move(from.as_origin);
    query.receiver_orgs = std::move(from.as_receiver);
    query.above_holder_orgs = std::move(from.above_holder);
    if (page.after) {
      int64_t micros = 0;
      if (!absl::SimpleAtoi(page.after->sort_key, &micros)) return BadPageToken();
      query.after_updated_at = absl::FromUnixMicros(micros);
      query.after_id = page.after->id;
    }
    if (!request->org_subtree_id().empty()) {
      TDKT_RETURN_IF_ERROR(CheckSubtreeVisible(request->org_subtree_id(), visible));
      query.subtree_org_id = request->org_subtree_id();
    }
    if (query.visible_orgs.empty()) return absl::OkStatus();

    TDKT_ASSIGN_OR_RETURN(std::vector<LoadedDossier> rows, store_.Search(query));
    const size_t shown = std::min(rows.size(), static_cast<size_t>(page.size));
    for (size_t i = 0; i < shown; ++i) {
      TDKT_ASSIGN_OR_RETURN(const BoundReader reader, runner_.BindReader(caller, rows[i].row));
      // The SQL reads the holder's ancestors from the stored path; should the tree have changed since, the rule
      // (with the directory's ancestry) has the last word.
      if (!reader.sees.dossier) continue;
      *response->add_dossiers() = ViewFor(reader.sees, rows[i]);
    }
    if (rows.size() > shown && shown > 0) {
      const wf::DossierSnapshot& last = rows[shown - 1].row.snapshot;
      response->mutable_page()->set_next_page_token(common::EncodePageToken(
          kSearchQuery, FilterOf(*request), {std::to_string(absl::ToUnixMicros(last.updated_at)), last.id}));
    }
    return absl::OkStatus();
  });
}

grpc::Status DossierServiceImpl::GetPublicStatus(grpc::ServerContext* context,
                                                 const v1::GetPublicStatusRequest* request,
                                                 v1::GetPublicStatusResponse* response) {
  return common::Serve("GetPublicStatus", [&]() -> absl::Status {
    // Unauthenticated: limited per client address before any work, so that a flood costs a map lookup each.
    if (options_.public_status_limit != nullptr &&
        !options_.public_status_limit->Allow(common::ClientAddress(context->peer()))) {
      return absl::ResourceExhaustedError(
          "Quá nhiều lượt tra cứu từ địa chỉ này; vui lòng thử lại sau ít phút (rate limited per client address)");
    }
    // Malformed and unknown codes take the same path (one lookup) and get the same answer, so that neither the
    // message nor the timing tells a guesser anything.
    const std::optional<std::string> code = CanonicalTrackingCode(request->tracking_code());
    TDKT_ASSIGN_OR_RETURN(LoadedDossier loaded, store_.LoadByTrackingCode(code.value_or("-")));
    const DossierRow& row = loaded.row;
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
    // Organisations are public. Without the directory the citizen still gets the state, without the name.
    absl::StatusOr<std::string> holder_name =
        runner_.directory().OrganisationName(s.holder_org_id, wf::VietnamDate(runner_.clock().Now()));
    if (holder_name.ok()) {
      status->set_holding_org_name_vi(*holder_name);
    } else {
      spdlog::warn("dossier {}: public status without the holder's name: {}", s.id, holder_name.status().ToString());
    }
    *status->mutable_created_at() = common::ToProtoTime(s.created_at);
    if (row.submitted_at) *status->mutable_submitted_at() = common::ToProtoTime(*row.submitted_at);
    *status->mutable_state_changed_at() = common::ToProtoTime(row.state_changed_at);
    if (const std::optional<DeadlineRecord>& d = loaded.live_deadline) {
      if (d->state == DeadlineRecordState::kRunning) *status->mutable_due_date() = common::ToProtoDate(d->due_date);
      status->set_deadline_paused(d->state == DeadlineRecordState::kPaused);
    }
    if (s.state == wf::DossierState::kPublished && s.decision) {
      status->set_decision_number(s.decision->number);
      *status->mutable_decision_date() = common::ToProtoDate(s.decision->date);
    }
    return absl::OkStatus();
  });
}

}  // namespace tdkt::dossier
