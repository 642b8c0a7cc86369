// DirectoryServiceImpl: organisations in time.
#include <algorithm>

#include "absl/strings/str_cat.h"
#include "base/iso_date.h"
#include "base/status_macros.h"
#include "services/common/handler.h"
#include "services/common/request_checks.h"
#include "services/directory/authorizer.h"
#include "services/directory/directory_service.h"
#include "services/directory/request_rules.h"
#include "services/directory/service_support.h"
#include "services/directory/stores.h"

namespace tdkt::directory {
namespace v1 = tdkt::v1;
namespace {

constexpr char kChildren[] = "children";
constexpr char kSubtree[] = "subtree";

// A parent valid on the organisation's first day and above it; a successor valid the day after its last.
absl::Status CheckPlacement(const DirectoryStores& stores, Tx& tx, const v1::Organization& org) {
  TDKT_ASSIGN_OR_RETURN(const absl::CivilDay first,
                        common::CheckDate("ngày bắt đầu hiệu lực (valid_from)", org.valid_from()));
  if (!org.parent_id().empty()) {
    auto parent = stores.organisations.Find(tx, OrgKey::ById(org.parent_id()), base::FormatIsoDate(first));
    if (absl::IsNotFound(parent.status())) {
      return absl::InvalidArgumentError(
          "đơn vị cấp trên (parent_id) không có hiệu lực vào ngày bắt đầu (parent not valid on valid_from)");
    }
    TDKT_RETURN_IF_ERROR(parent.status());
    if (parent->level() <= org.level()) {
      return absl::InvalidArgumentError(
          "cấp (level) phải thấp hơn cấp của đơn vị cấp trên (must be below the parent's level)");
    }
  }
  if (org.successor_id().empty()) return absl::OkStatus();
  if (org.successor_id() == org.id()) {
    return absl::InvalidArgumentError("đơn vị kế thừa (successor_id) không thể là chính nó (cannot be itself)");
  }
  TDKT_ASSIGN_OR_RETURN(const absl::CivilDay last,
                        common::CheckDate("ngày kết thúc hiệu lực (valid_until)", org.valid_until()));
  auto successor = stores.organisations.Find(tx, OrgKey::ById(org.successor_id()), base::FormatIsoDate(last + 1));
  if (absl::IsNotFound(successor.status())) {
    return absl::InvalidArgumentError(
        "đơn vị kế thừa (successor_id) phải có hiệu lực ngay sau ngày kết thúc (successor must be valid the day "
        "after valid_until)");
  }
  return successor.status();
}

// Who may put an organisation under `parent_id`: the system administrator for a root, else an administrator
// of the parent's chain — which must not contain the organisation itself (a cycle).
absl::Status MayPlaceUnder(const DirectoryStores& stores, Tx& tx, const Authorizer& authorizer, const Identity& caller,
                           const std::string& org_id, const std::string& parent_id) {
  if (parent_id.empty()) return authorizer.MayAdministerEverything(caller);
  TDKT_ASSIGN_OR_RETURN(const std::vector<std::string> chain, stores.organisations.Chain(tx, parent_id));
  if (!org_id.empty() && std::find(chain.begin(), chain.end(), org_id) != chain.end()) {
    return absl::InvalidArgumentError("đơn vị cấp trên (parent_id) tạo thành vòng lặp (would make a cycle)");
  }
  return authorizer.MayAdminister(caller, chain);
}

}  // namespace

grpc::Status DirectoryServiceImpl::GetOrganization(grpc::ServerContext* context,
                                                   const v1::GetOrganizationRequest* request,
                                                   v1::GetOrganizationResponse* response) {
  return common::Serve("GetOrganization", [&]() -> absl::Status {
    TDKT_RETURN_IF_ERROR(Caller(context).status());
    OrgKey key;
    if (request->key_case() == v1::GetOrganizationRequest::kOrgId) {
      TDKT_RETURN_IF_ERROR(CheckId("định danh đơn vị (org_id)", request->org_id()));
      key = OrgKey::ById(request->org_id());
    } else if (request->key_case() == v1::GetOrganizationRequest::kCode) {
      TDKT_RETURN_IF_ERROR(CheckCode("mã đơn vị (code)", request->code()));
      key = OrgKey::ByCode(request->code());
    } else {
      return absl::InvalidArgumentError("Thiếu định danh đơn vị (org_id) hoặc mã đơn vị (code)");
    }
    TDKT_ASSIGN_OR_RETURN(const std::string as_of, AsOfText(request->has_as_of(), request->as_of(), Today()));
    return stores_->db.InTransaction([&](Tx& tx) -> absl::Status {
      TDKT_ASSIGN_OR_RETURN(*response->mutable_organization(), stores_->organisations.Find(tx, key, as_of));
      return absl::OkStatus();
    });
  });
}

grpc::Status DirectoryServiceImpl::ListChildOrganizations(grpc::ServerContext* context,
                                                          const v1::ListChildOrganizationsRequest* request,
                                                          v1::ListChildOrganizationsResponse* response) {
  return common::Serve("ListChildOrganizations", [&]() -> absl::Status {
    TDKT_RETURN_IF_ERROR(Caller(context).status());
    TDKT_RETURN_IF_ERROR(CheckId("đơn vị cấp trên (parent_id)", request->parent_id()));
    TDKT_ASSIGN_OR_RETURN(const std::string as_of, AsOfText(request->has_as_of(), request->as_of(), Today()));
    const std::string filter = absl::StrCat(request->parent_id(), "/", as_of);
    TDKT_ASSIGN_OR_RETURN(const common::Page page, common::DecodePage(request->page(), kChildren, filter));
    return stores_->db.InTransaction([&](Tx& tx) -> absl::Status {
      TDKT_ASSIGN_OR_RETURN(auto listed, stores_->organisations.ListChildren(tx, request->parent_id(), as_of, page));
      for (auto& org : listed.items) *response->add_organizations() = std::move(org);
      SetNextPage(listed.next, kChildren, filter, response->mutable_page());
      return absl::OkStatus();
    });
  });
}

grpc::Status DirectoryServiceImpl::ListAncestorOrganizations(grpc::ServerContext* context,
                                                             const v1::ListAncestorOrganizationsRequest* request,
                                                             v1::ListAncestorOrganizationsResponse* response) {
  return common::Serve("ListAncestorOrganizations", [&]() -> absl::Status {
    TDKT_RETURN_IF_ERROR(Caller(context).status());
    TDKT_RETURN_IF_ERROR(CheckId("định danh đơn vị (org_id)", request->org_id()));
    TDKT_ASSIGN_OR_RETURN(const std::string as_of, AsOfText(request->has_as_of(), request->as_of(), Today()));
    return stores_->db.InTransaction([&](Tx& tx) -> absl::Status {
      TDKT_RETURN_IF_ERROR(stores_->organisations.Find(tx, OrgKey::ById(request->org_id()), as_of).status());
      TDKT_ASSIGN_OR_RETURN(auto orgs, stores_->organisations.ListAncestors(tx, request->org_id(), as_of));
      for (auto& org : orgs) *response->add_organizations() = std::move(org);
      return absl::OkStatus();
    });
  });
}

grpc::Status DirectoryServiceImpl::ListSubtreeOrganizations(grpc::ServerContext* context,
                                                            const v1::ListSubtreeOrganizationsRequest* request,
                                                            v1::ListSubtreeOrganizationsResponse* response) {
  return common::Serve("ListSubtreeOrganizations", [&]() -> absl::Status {
    TDKT_RETURN_IF_ERROR(Caller(context).status());
    TDKT_RETURN_IF_ERROR(CheckId("đơn vị gốc (root_id)", request->root_id()));
    TDKT_RETURN_IF_ERROR(
        common::CheckEnum("cấp (level)", request->level(), v1::OrgLevel_IsValid, common::Presence::kOptional));
    TDKT_ASSIGN_OR_RETURN(const std::string as_of, AsOfText(request->has_as_of(), request->as_of(), Today()));
    const std::string filter = absl::StrCat(request->root_id(), "/", as_of, "/", request->level());
    TDKT_ASSIGN_OR_RETURN(const common::Page page, common::DecodePage(request->page(), kSubtree, filter));
    return stores_->db.InTransaction([&](Tx& tx) -> absl::Status {
      TDKT_RETURN_IF_ERROR(stores_->organisations.Find(tx, OrgKey::ById(request->root_id()), as_of).status());
      TDKT_ASSIGN_OR_RETURN(auto listed,
                            stores_->organisations.ListSubtree(tx, request->root_id(), as_of, request->level(), page));
      for (auto& org : listed.items) *response->add_organizations() = std::move(org);
      SetNextPage(listed.next, kSubtree, filter, response->mutable_page());
      return absl::OkStatus();
    });
  });
}

grpc::Status DirectoryServiceImpl::CreateOrganization(grpc::ServerContext* context,
                                                      const v1::CreateOrganizationRequest* request,
                                                      v1::CreateOrganizationResponse* response) {
  return common::Serve("CreateOrganization", [&]() -> absl::Status {
    TDKT_ASSIGN_OR_RETURN(const Identity caller, Caller(context));
    TDKT_RETURN_IF_ERROR(common::CheckRequestId(request->request_id()));
    v1::Organization org = request->organization();
    org.clear_id();
    TDKT_RETURN_IF_ERROR(CheckOrganization(org));
    const std::string fingerprint = FingerprintOf("CreateOrganization", caller, *request);
    TDKT_RETURN_IF_ERROR(stores_->db.InTransaction([&](Tx& tx) -> absl::Status {
      return idempotency_.Run(tx.work(), request->request_id(), fingerprint, *response, [&]() -> absl::Status {
        TDKT_RETURN_IF_ERROR(MayPlaceUnder(*stores_, tx, *authorizer_, caller, "", org.parent_id()));
        TDKT_RETURN_IF_ERROR(CheckPlacement(*stores_, tx, org));
        TDKT_ASSIGN_OR_RETURN(*response->mutable_organization(), stores_->organisations.Create(tx, org));
        return absl::OkStatus();
      });
    }));
    LogChange("CreateOrganization", response->organization().id(), caller);
    return absl::OkStatus();
  });
}

grpc::Status DirectoryServiceImpl::UpdateOrganization(grpc::ServerContext* context,
                                                      const v1::UpdateOrganizationRequest* request,
                                                      v1::UpdateOrganizationResponse* response) {
  return common::Serve("UpdateOrganization", [&]() -> absl::Status {
    TDKT_ASSIGN_OR_RETURN(const Identity caller, Caller(context));
    TDKT_RETURN_IF_ERROR(common::CheckRequestId(request->request_id()));
    const v1::Organization& org = request->organization();
    TDKT_RETURN_IF_ERROR(CheckId("định danh đơn vị (organization.id)", org.id()));
    TDKT_RETURN_IF_ERROR(common::CheckExpectedVersion(request->expected_version()));
    TDKT_RETURN_IF_ERROR(CheckOrganization(org));
    const std::string fingerprint = FingerprintOf("UpdateOrganization", caller, *request);
    TDKT_RETURN_IF_ERROR(stores_->db.InTransaction([&](Tx& tx) -> absl::Status {
      return idempotency_.Run(tx.work(), request->request_id(), fingerprint, *response, [&]() -> absl::Status {
        TDKT_ASSIGN_OR_RETURN(const v1::Organization existing,
                              stores_->organisations.Find(tx, OrgKey::ById(org.id()), ""));
        TDKT_ASSIGN_OR_RETURN(const auto chain, stores_->organisations.Chain(tx, org.id()));
        TDKT_RETURN_IF_ERROR(authorizer_->MayAdminister(caller, chain));
        if (org.parent_id() != existing.parent_id()) {
          TDKT_RETURN_IF_ERROR(MayPlaceUnder(*stores_, tx, *authorizer_, caller, org.id(), org.parent_id()));
        }
        TDKT_RETURN_IF_ERROR(CheckPlacement(*stores_, tx, org));
        TDKT_ASSIGN_OR_RETURN(*response->mutable_organization(),
                              stores_->organisations.Update(tx, org, request->expected_version()));
        return absl::OkStatus();
      });
    }));
    LogChange("UpdateOrganization", org.id(), caller);
    return absl::OkStatus();
  });
}

}  // namespace tdkt::directory
