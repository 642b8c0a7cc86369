#include "services/campaign/campaign_service.h"

#include <algorithm>

#include <pqxx/pqxx>

#include "absl/strings/str_cat.h"
#include "base/iso_date.h"
#include "base/sha256.h"
#include "base/status_macros.h"
#include "services/auth/grpc_identity.h"
#include "services/campaign/campaign_rules.h"
#include "services/campaign/campaign_store.h"
#include "services/campaign/campaign_writes.h"
#include "services/campaign/handoff_store.h"
#include "services/common/handler.h"
#include "services/common/paging.h"
#include "services/common/proto_time.h"
#include "services/common/request_checks.h"
#include "workflow/vietnam_time.h"

namespace tdkt::campaign {
namespace {

absl::Status CampaignNotFound() {
  return absl::NotFoundError("Không tìm thấy phong trào thi đua, hoặc bạn không được xem (campaign not found)");
}

}  // namespace

CampaignServiceImpl::CampaignServiceImpl(CampaignServiceDeps deps) : deps_(std::move(deps)), access_(deps_.orgs) {}

absl::StatusOr<auth::Identity> CampaignServiceImpl::Caller(const grpc::ServerContext& context) const {
  return auth::AuthenticatedIdentity(context, *deps_.verifier, deps_.refresh_keys);
}

absl::CivilDay CampaignServiceImpl::Today() const { return workflow::VietnamDate(deps_.clock->Now()); }

absl::StatusOr<StoredCampaign> CampaignServiceImpl::ReadableCampaign(const auth::Identity& caller,
                                                                    const std::string& id) const {
  std::optional<StoredCampaign> stored;
  TDKT_RETURN_IF_ERROR(deps_.pool->InTransaction([&](pqxx::work& txn) {
    stored = CampaignStore::Load(txn, id);
    return absl::OkStatus();
  }));
  if (!stored) return CampaignNotFound();
  TDKT_ASSIGN_OR_RETURN(const bool may, access_.MayRead(caller, *stored, Today()));
  if (!may) return CampaignNotFound();
  return *std::move(stored);
}

tdkt::v1::Campaign CampaignServiceImpl::Writable(const tdkt::v1::Campaign& requested) {
  tdkt::v1::Campaign c = requested;
  c.clear_id();
  c.clear_plan_id();
  c.clear_version();
  c.clear_created_at();
  c.clear_updated_at();
  for (tdkt::v1::CampaignDueDate& due : *c.mutable_due_dates()) {
    due.clear_handoff_state();
    due.clear_scheduler_deadline_id();
    due.clear_last_error();
  }
  return c;
}

grpc::Status CampaignServiceImpl::CreateCampaign(grpc::ServerContext* context,
                                                 const tdkt::v1::CreateCampaignRequest* request,
                                                 tdkt::v1::CreateCampaignResponse* response) {
  return common::Serve("CreateCampaign", [&]() -> absl::Status {
    TDKT_ASSIGN_OR_RETURN(const auth::Identity caller, Caller(*context));
    TDKT_RETURN_IF_ERROR(CampaignAccess::NotAService(caller));
    TDKT_RETURN_IF_ERROR(common::CheckRequestId(request->request_id()));
    tdkt::v1::Campaign campaign = Writable(request->campaign());
    TDKT_RETURN_IF_ERROR(CheckCampaign(campaign, *deps_.catalog));
    TDKT_RETURN_IF_ERROR(access_.MayChange(caller, campaign.issuing_org_id(), ReferenceDay(campaign, Today())));
    campaign.set_id(absl::StrCat("cp-", base::Sha256Hex(caller.person_id + "\n" + request->request_id()).substr(0, 24)));
    TDKT_ASSIGN_OR_RETURN(const NewCampaign prepared, PrepareNewCampaign(campaign, *deps_.orgs, deps_.clock->Now()));
    const std::string fingerprint =
        common::RequestFingerprint("", "CreateCampaign", caller.person_id, request->SerializeAsString());
    TDKT_RETURN_IF_ERROR(deps_.pool->InTransaction([&](pqxx::work& txn) -> absl::Status {
      return idempotency_.Run(txn, request->request_id(), fingerprint, *response, [&]() -> absl::Status {
        InsertNewCampaign(txn, prepared, caller.person_id);
        *response->mutable_campaign() = CampaignStore::Load(txn, prepared.campaign.id())->campaign;
        return absl::OkStatus();
      });
    }));
    if (deps_.handoffs_queued) deps_.handoffs_queued();
    return absl::OkStatus();
  });
}

grpc::Status CampaignServiceImpl::GetCampaign(grpc::ServerContext* context, const tdkt::v1::GetCampaignRequest* request,
                                              tdkt::v1::GetCampaignResponse* response) {
  return common::Serve("GetCampaign", [&]() -> absl::Status {
    TDKT_ASSIGN_OR_RETURN(const auth::Identity caller, Caller(*context));
    TDKT_RETURN_IF_ERROR(common::CheckIdentifier("mã phong trào (campaign_id)", request->campaign_id()));
    TDKT_ASSIGN_OR_RETURN(StoredCampaign stored, ReadableCampaign(caller, request->campaign_id()));
    *response->mutable_campaign() = std::move(stored.campaign);
    return absl::OkStatus();
  });
}

grpc::Status CampaignServiceImpl::ListCampaigns(grpc::ServerContext* context,
                                                const tdkt::v1::ListCampaignsRequest* request,
                                                tdkt::v1::ListCampaignsResponse* response) {
  return common::Serve("ListCampaigns", [&]() -> absl::Status {
    TDKT_ASSIGN_OR_RETURN(const auth::Identity caller, Caller(*context));
    TDKT_RETURN_IF_ERROR(common::CheckIdentifier("đơn vị (org_id)", request->org_id(), common::Presence::kOptional));
    if (request->year() != 0 && (request->year() < 1900 || request->year() > 2200)) {
      return absl::InvalidArgumentError("Năm (year) không hợp lệ");
    }
    const std::string filter = absl::StrCat(request->org_id(), "|", request->year());
    TDKT_ASSIGN_OR_RETURN(const common::Page page, common::DecodePage(request->page(), "campaigns", filter));
    CampaignStore::ListQuery query;
    const absl::CivilDay today = Today();
    if (CampaignAccess::SeesEverything(caller)) {
      query.everything = true;
    } else {
      TDKT_ASSIGN_OR_RETURN(query.root_in, access_.GrantOrgsAndAncestors(caller, today));
      query.path_has = CampaignAccess::GrantOrgs(caller);
    }
    if (!request->org_id().empty()) {
      absl::StatusOr<std::vector<std::string>> above = deps_.orgs->Ancestors(request->org_id(), today);
      if (absl::IsNotFound(above.status())) return absl::InvalidArgumentError("Không tìm thấy đơn vị (org_id)");
      TDKT_RETURN_IF_ERROR(above.status());
      query.covering = {request->org_id()};
      query.covering.insert(query.covering.end(), above->begin(), above->end());
    }
    query.year = request->year();
    if (page.after) query.after = std::make_pair(page.after->sort_key, page.after->id);
    query.limit = page.size + 1;
    std::vector<tdkt::v1::Campaign> rows;
    TDKT_RETURN_IF_ERROR(deps_.pool->InTransaction([&](pqxx::work& txn) {
      rows = CampaignStore::List(txn, query);
      return absl::OkStatus();
    }));
    const size_t shown = std::min(rows.size(), static_cast<size_t>(page.size));
    for (size_t i = 0; i < shown; ++i) *response->add_campaigns() = rows[i];
    if (rows.size() > shown) {
      const tdkt::v1::Campaign& last = rows[shown - 1];
      response->mutable_page()->set_next_page_token(common::EncodePageToken(
          "campaigns", filter, {base::FormatIsoDate(PeriodStart(last)), last.id()}));
    }
    return absl::OkStatus();
  });
}

grpc::Status CampaignServiceImpl::UpdateCampaign(grpc::ServerContext* context,
                                                 const tdkt::v1::UpdateCampaignRequest* request,
                                                 tdkt::v1::UpdateCampaignResponse* response) {
  return common::Serve("UpdateCampaign", [&]() -> absl::Status {
    TDKT_ASSIGN_OR_RETURN(const auth::Identity caller, Caller(*context));
    TDKT_RETURN_IF_ERROR(CampaignAccess::NotAService(caller));
    TDKT_RETURN_IF_ERROR(common::CheckRequestId(request->request_id()));
    TDKT_RETURN_IF_ERROR(common::CheckExpectedVersion(request->expected_version()));
    const std::string& id = request->campaign().id();
    TDKT_RETURN_IF_ERROR(common::CheckIdentifier("mã phong trào (campaign.id)", id));
    std::optional<StoredCampaign> stored;
    TDKT_RETURN_IF_ERROR(deps_.pool->InTransaction([&](pqxx::work& txn) {
      stored = CampaignStore::Load(txn, id);
      return absl::OkStatus();
    }));
    if (!stored) return CampaignNotFound();
    // The organisations are who the campaign belongs to: not writable.
    const tdkt::v1::Campaign& before = stored->campaign;
    if (!request->campaign().issuing_org_id().empty() &&
        request->campaign().issuing_org_id() != before.issuing_org_id()) {
      return absl::InvalidArgumentError("Không thể đổi đơn vị ban hành (campaign.issuing_org_id)");
    }
    if (!request->campaign().covers_org_id().empty() && request->campaign().covers_org_id() != before.covers_org_id()) {
      return absl::InvalidArgumentError("Không thể đổi đơn vị áp dụng (campaign.covers_org_id)");
    }
    tdkt::v1::Campaign changed = Writable(request->campaign());
    changed.set_id(id);
    changed.set_plan_id(before.plan_id());
    changed.set_issuing_org_id(before.issuing_org_id());
    changed.set_covers_org_id(before.covers_org_id());
    TDKT_RETURN_IF_ERROR(CheckCampaign(changed, *deps_.catalog));
    TDKT_RETURN_IF_ERROR(access_.MayChange(caller, before.issuing_org_id(), ReferenceDay(before, Today())));
    const std::string fingerprint =
        common::RequestFingerprint("", "UpdateCampaign", caller.person_id, request->SerializeAsString());
    bool queued = false;
    TDKT_RETURN_IF_ERROR(deps_.pool->InTransaction([&](pqxx::work& txn) -> absl::Status {
      return idempotency_.Run(txn, request->request_id(), fingerprint, *response, [&]() -> absl::Status {
        const std::optional<StoredCampaign> locked = CampaignStore::Load(txn, id, /*for_update=*/true);
        if (locked->campaign.version() != request->expected_version()) {
          return absl::AbortedError(absl::StrCat("Phong trào đã được cập nhật (phiên bản ", locked->campaign.version(),
                                                 ", yêu cầu dựa trên phiên bản ", request->expected_version(),
                                                 "); hãy tải lại và thử lại"));
        }
        changed.set_version(locked->campaign.version() + 1);
        *changed.mutable_created_at() = locked->campaign.created_at();
        *changed.mutable_updated_at() = common::ToProtoTime(deps_.clock->Now());
        TDKT_RETURN_IF_ERROR(CampaignStore::Update(txn, changed, request->expected_version()));
        const DueDateChanges dues = PlanDueDateChanges(CampaignStore::DueDates(txn, id), changed, Today());
        CampaignStore::WriteDueDates(txn, id, dues.rows);
        for (const auto& [action, kind] : dues.handoffs) HandoffStore::Enqueue(txn, id, action, kind);
        queued = !dues.handoffs.empty();
        *response->mutable_campaign() = CampaignStore::Load(txn, id)->campaign;
        return absl::OkStatus();
      });
    }));
    if (queued && deps_.handoffs_queued) deps_.handoffs_queued();
    return absl::OkStatus();
  });
}

}  // namespace tdkt::campaign
