// CampaignServiceImpl: registrations for titles (đăng ký thi đua). A registration is accepted until the end of the
// campaign's period, marked late after its registration due date by the service's clock, and, for an
// organisation below the covered root, marks the scheduler's registration deadline done for it through the
// handoff queue (once per organisation), so that it is not reminded any more.
#include <algorithm>

#include <pqxx/pqxx>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "base/sha256.h"
#include "base/status_macros.h"
#include "services/campaign/campaign_rules.h"
#include "services/campaign/campaign_service.h"
#include "services/campaign/campaign_store.h"
#include "services/campaign/handoff_store.h"
#include "services/campaign/registration_store.h"
#include "services/common/handler.h"
#include "services/common/paging.h"
#include "services/common/proto_conversions.h"
#include "services/common/proto_time.h"
#include "services/common/request_checks.h"

namespace tdkt::campaign {
namespace {

absl::Status RegistrationNotFound() {
  return absl::NotFoundError("Không tìm thấy đăng ký thi đua, hoặc bạn không được xem (registration not found)");
}

// Whether the scheduler has, or will have, the campaign's registration deadline to mark done.
bool RegistrationDeadlineAtScheduler(const std::vector<DueDateRow>& dues) {
  return std::any_of(dues.begin(), dues.end(), [](const DueDateRow& row) {
    return row.due.kind() == tdkt::v1::PLAN_DUE_KIND_REGISTRATION && !row.removed &&
           (row.handoff_state == tdkt::v1::HANDOFF_STATE_PENDING || row.handoff_state == tdkt::v1::HANDOFF_STATE_DONE);
  });
}

}  // namespace

grpc::Status CampaignServiceImpl::Register(grpc::ServerContext* context, const tdkt::v1::RegisterRequest* request,
                                           tdkt::v1::RegisterResponse* response) {
  return common::Serve("Register", [&]() -> absl::Status {
    TDKT_ASSIGN_OR_RETURN(const auth::Identity caller, Caller(*context));
    TDKT_RETURN_IF_ERROR(CampaignAccess::NotAService(caller));
    TDKT_RETURN_IF_ERROR(common::CheckRequestId(request->request_id()));
    const tdkt::v1::Registration& asked = request->registration();
    TDKT_RETURN_IF_ERROR(common::CheckIdentifier("mã phong trào (registration.campaign_id)", asked.campaign_id()));
    TDKT_RETURN_IF_ERROR(common::CheckIdentifier("đơn vị đăng ký (registration.org_id)", asked.org_id()));
    TDKT_ASSIGN_OR_RETURN(const StoredCampaign stored, ReadableCampaign(caller, asked.campaign_id()));
    const tdkt::v1::Campaign& campaign = stored.campaign;
    TDKT_RETURN_IF_ERROR(CheckRegistration(asked, campaign, *deps_.catalog));
    const absl::CivilDay today = Today();
    if (today > PeriodEnd(campaign)) {
      return absl::FailedPreconditionError("Phong trào thi đua đã kết thúc; không nhận đăng ký (the campaign has ended)");
    }
    absl::StatusOr<std::vector<std::string>> ancestors = deps_.orgs->Ancestors(asked.org_id(), today);
    if (absl::IsNotFound(ancestors.status())) {
      return absl::InvalidArgumentError("Không tìm thấy đơn vị đăng ký (registration.org_id)");
    }
    TDKT_RETURN_IF_ERROR(ancestors.status());
    std::vector<std::string> org_path{asked.org_id()};
    org_path.insert(org_path.end(), ancestors->begin(), ancestors->end());
    if (std::find(org_path.begin(), org_path.end(), campaign.covers_org_id()) == org_path.end()) {
      return absl::FailedPreconditionError(
          "Đơn vị đăng ký không thuộc phạm vi của phong trào (the organisation is not covered by the campaign)");
    }
    TDKT_RETURN_IF_ERROR(CampaignAccess::MayRegister(caller, org_path));

    tdkt::v1::Registration registration;
    registration.set_id(absl::StrCat("rg-", base::Sha256Hex(caller.person_id + "\n" + request->request_id()).substr(0, 24)));
    registration.set_campaign_id(campaign.id());
    registration.set_org_id(asked.org_id());
    *registration.mutable_nominee() = asked.nominee();
    registration.mutable_nominee()->clear_personal_data_redacted();
    *registration.mutable_award_codes() = asked.award_codes();
    registration.set_pledge_vi(asked.pledge_vi());
    *registration.mutable_registered_on() = common::ToProtoDate(today);
    registration.set_late(IsLateRegistration(campaign, today));
    registration.set_registered_by(caller.person_id);
    *registration.mutable_registered_at() = common::ToProtoTime(deps_.clock->Now());
    registration.set_version(1);
    const std::string fingerprint =
        common::RequestFingerprint("", "Register", caller.person_id, request->SerializeAsString());
    bool queued = false;
    TDKT_RETURN_IF_ERROR(deps_.pool->InTransaction([&](pqxx::work& txn) -> absl::Status {
      return idempotency_.Run(txn, request->request_id(), fingerprint, *response, [&]() -> absl::Status {
        TDKT_RETURN_IF_ERROR(RegistrationStore::Insert(txn, registration, org_path));
        // The covered root sets the deadline and is not reminded of it; the others are, until they register.
        if (asked.org_id() != campaign.covers_org_id() &&
            RegistrationDeadlineAtScheduler(CampaignStore::DueDates(txn, campaign.id()))) {
          queued = HandoffStore::Enqueue(txn, campaign.id(), HandoffAction::kMarkDone,
                                         tdkt::v1::PLAN_DUE_KIND_REGISTRATION, asked.org_id());
        }
        *response->mutable_registration() = registration;
        return absl::OkStatus();
      });
    }));
    if (queued && deps_.handoffs_queued) deps_.handoffs_queued();
    return absl::OkStatus();
  });
}

grpc::Status CampaignServiceImpl::GetRegistration(grpc::ServerContext* context,
                                                  const tdkt::v1::GetRegistrationRequest* request,
                                                  tdkt::v1::GetRegistrationResponse* response) {
  return common::Serve("GetRegistration", [&]() -> absl::Status {
    TDKT_ASSIGN_OR_RETURN(const auth::Identity caller, Caller(*context));
    TDKT_RETURN_IF_ERROR(common::CheckIdentifier("mã đăng ký (registration_id)", request->registration_id()));
    std::optional<RegistrationStore::Stored> stored;
    TDKT_RETURN_IF_ERROR(deps_.pool->InTransaction([&](pqxx::work& txn) {
      stored = RegistrationStore::Load(txn, request->registration_id());
      return absl::OkStatus();
    }));
    if (!stored || !CampaignAccess::MayReadRegistration(caller, stored->org_path)) return RegistrationNotFound();
    *response->mutable_registration() = std::move(stored->registration);
    return absl::OkStatus();
  });
}

grpc::Status CampaignServiceImpl::ListRegistrations(grpc::ServerContext* context,
                                                    const tdkt::v1::ListRegistrationsRequest* request,
                                                    tdkt::v1::ListRegistrationsResponse* response) {
  return common::Serve("ListRegistrations", [&]() -> absl::Status {
    TDKT_ASSIGN_OR_RETURN(const auth::Identity caller, Caller(*context));
    TDKT_RETURN_IF_ERROR(
        common::CheckIdentifier("mã phong trào (campaign_id)", request->campaign_id(), common::Presence::kOptional));
    TDKT_RETURN_IF_ERROR(common::CheckIdentifier("đơn vị (org_id)", request->org_id(), common::Presence::kOptional));
    TDKT_RETURN_IF_ERROR(
        common::CheckIdentifier("mã khen thưởng (award_code)", request->award_code(), common::Presence::kOptional));
    if (request->campaign_id().empty() && request->org_id().empty()) {
      return absl::InvalidArgumentError("Cần mã phong trào (campaign_id) hoặc đơn vị (org_id)");
    }
    if (request->year() != 0 && (request->year() < 1900 || request->year() > 2200)) {
      return absl::InvalidArgumentError("Năm (year) không hợp lệ");
    }
    const std::string filter = absl::StrCat(request->campaign_id(), "|", request->org_id(), "|",
                                            request->award_code(), "|", request->year());
    TDKT_ASSIGN_OR_RETURN(const common::Page page, common::DecodePage(request->page(), "registrations", filter));
    RegistrationStore::ListQuery query;
    query.campaign_id = request->campaign_id();
    query.org_id = request->org_id();
    query.award_code = request->award_code();
    query.year = request->year();
    query.everything = CampaignAccess::SeesEverything(caller);
    query.path_has = CampaignAccess::GrantOrgs(caller);
    if (page.after) {
      int64_t micros = 0;
      if (!absl::SimpleAtoi(page.after->sort_key, &micros)) {
        return absl::InvalidArgumentError("Mã trang (page_token) không hợp lệ");
      }
      query.after = std::make_pair(micros, page.after->id);
    }
    query.limit = page.size + 1;
    std::vector<tdkt::v1::Registration> rows;
    TDKT_RETURN_IF_ERROR(deps_.pool->InTransaction([&](pqxx::work& txn) {
      rows = RegistrationStore::List(txn, query);
      return absl::OkStatus();
    }));
    const size_t shown = std::min(rows.size(), static_cast<size_t>(page.size));
    for (size_t i = 0; i < shown; ++i) *response->add_registrations() = rows[i];
    if (rows.size() > shown) {
      const tdkt::v1::Registration& last = rows[shown - 1];
      response->mutable_page()->set_next_page_token(common::EncodePageToken(
          "registrations", filter,
          {absl::StrCat(absl::ToUnixMicros(common::FromProtoTime(last.registered_at()))), last.id()}));
    }
    return absl::OkStatus();
  });
}

}  // namespace tdkt::campaign
