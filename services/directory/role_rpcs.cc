// DirectoryServiceImpl: dated role assignments.
#include "absl/strings/str_cat.h"
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

constexpr char kRoles[] = "roles";

// A service account's grants change what a service may do: the system administrator's call (authorizer.h).
absl::Status MayGrantTo(const DirectoryStores& stores, Tx& tx, const Authorizer& authorizer, const Identity& caller,
                        const std::string& person_id) {
  TDKT_ASSIGN_OR_RETURN(const v1::Person person, stores.people.Get(tx, person_id));
  return person.service_account() ? authorizer.MayAdministerEverything(caller) : absl::OkStatus();
}

}  // namespace

grpc::Status DirectoryServiceImpl::ListRoleAssignments(grpc::ServerContext* context,
                                                       const v1::ListRoleAssignmentsRequest* request,
                                                       v1::ListRoleAssignmentsResponse* response) {
  return common::Serve("ListRoleAssignments", [&]() -> absl::Status {
    TDKT_RETURN_IF_ERROR(Caller(context).status());
    TDKT_RETURN_IF_ERROR(CheckId("định danh đơn vị (org_id)", request->org_id(), common::Presence::kOptional));
    TDKT_RETURN_IF_ERROR(
        CheckId("định danh người dùng (person_id)", request->person_id(), common::Presence::kOptional));
    if (request->org_id().empty() && request->person_id().empty()) {
      return absl::InvalidArgumentError("Thiếu định danh đơn vị (org_id) hoặc người dùng (person_id)");
    }
    TDKT_ASSIGN_OR_RETURN(const std::string as_of, AsOfText(request->has_as_of(), request->as_of(), std::nullopt));
    const std::string filter = absl::StrCat(request->org_id(), "/", request->person_id(), "/", as_of);
    TDKT_ASSIGN_OR_RETURN(const common::Page page, common::DecodePage(request->page(), kRoles, filter));
    return stores_->db.InTransaction([&](Tx& tx) -> absl::Status {
      TDKT_ASSIGN_OR_RETURN(auto listed, stores_->roles.List(tx, request->org_id(), request->person_id(), as_of, page));
      for (auto& assignment : listed.items) *response->add_assignments() = std::move(assignment);
      SetNextPage(listed.next, kRoles, filter, response->mutable_page());
      return absl::OkStatus();
    });
  });
}

grpc::Status DirectoryServiceImpl::CreateRoleAssignment(grpc::ServerContext* context,
                                                        const v1::CreateRoleAssignmentRequest* request,
                                                        v1::CreateRoleAssignmentResponse* response) {
  return common::Serve("CreateRoleAssignment", [&]() -> absl::Status {
    TDKT_ASSIGN_OR_RETURN(const Identity caller, Caller(context));
    TDKT_RETURN_IF_ERROR(common::CheckRequestId(request->request_id()));
    const v1::RoleAssignment& assignment = request->assignment();
    TDKT_RETURN_IF_ERROR(CheckRoleAssignment(assignment));
    const std::string fingerprint = FingerprintOf("CreateRoleAssignment", caller, *request);
    TDKT_RETURN_IF_ERROR(stores_->db.InTransaction([&](Tx& tx) -> absl::Status {
      return idempotency_.Run(tx.work(), request->request_id(), fingerprint, *response, [&]() -> absl::Status {
        TDKT_ASSIGN_OR_RETURN(const auto chain, stores_->organisations.Chain(tx, assignment.org_id()));
        TDKT_RETURN_IF_ERROR(authorizer_->MayAdminister(caller, chain));
        TDKT_RETURN_IF_ERROR(MayGrantTo(*stores_, tx, *authorizer_, caller, assignment.person_id()));
        TDKT_ASSIGN_OR_RETURN(*response->mutable_assignment(), stores_->roles.Create(tx, assignment));
        return absl::OkStatus();
      });
    }));
    LogChange("CreateRoleAssignment", response->assignment().id(), caller);
    return absl::OkStatus();
  });
}

grpc::Status DirectoryServiceImpl::UpdateRoleAssignment(grpc::ServerContext* context,
                                                        const v1::UpdateRoleAssignmentRequest* request,
                                                        v1::UpdateRoleAssignmentResponse* response) {
  return common::Serve("UpdateRoleAssignment", [&]() -> absl::Status {
    TDKT_ASSIGN_OR_RETURN(const Identity caller, Caller(context));
    TDKT_RETURN_IF_ERROR(common::CheckRequestId(request->request_id()));
    TDKT_RETURN_IF_ERROR(CheckId("định danh phân quyền (assignment_id)", request->assignment_id()));
    TDKT_RETURN_IF_ERROR(common::CheckExpectedVersion(request->expected_version()));
    v1::RoleAssignment dates;
    *dates.mutable_valid_from() = request->valid_from();
    if (request->has_valid_until()) *dates.mutable_valid_until() = request->valid_until();
    TDKT_RETURN_IF_ERROR(CheckPeriod("ngày bắt đầu hiệu lực (valid_from)", dates.valid_from(),
                                     "ngày kết thúc hiệu lực (valid_until)", dates.has_valid_until(),
                                     dates.valid_until()));
    const std::string fingerprint = FingerprintOf("UpdateRoleAssignment", caller, *request);
    TDKT_RETURN_IF_ERROR(stores_->db.InTransaction([&](Tx& tx) -> absl::Status {
      return idempotency_.Run(tx.work(), request->request_id(), fingerprint, *response, [&]() -> absl::Status {
        TDKT_ASSIGN_OR_RETURN(const v1::RoleAssignment existing, stores_->roles.Get(tx, request->assignment_id()));
        TDKT_ASSIGN_OR_RETURN(const auto chain, stores_->organisations.Chain(tx, existing.org_id()));
        TDKT_RETURN_IF_ERROR(authorizer_->MayAdminister(caller, chain));
        TDKT_RETURN_IF_ERROR(MayGrantTo(*stores_, tx, *authorizer_, caller, existing.person_id()));
        TDKT_ASSIGN_OR_RETURN(*response->mutable_assignment(),
                              stores_->roles.Update(tx, request->assignment_id(), request->expected_version(), dates));
        return absl::OkStatus();
      });
    }));
    LogChange("UpdateRoleAssignment", request->assignment_id(), caller);
    return absl::OkStatus();
  });
}

}  // namespace tdkt::directory
