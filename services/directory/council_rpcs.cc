// DirectoryServiceImpl: councils and their members.
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

constexpr char kCouncils[] = "councils";

// An administrator of the organisation's chain.
absl::Status MayAdministerAt(const DirectoryStores& stores, Tx& tx, const Authorizer& authorizer,
                             const Identity& caller, const std::string& org_id) {
  TDKT_ASSIGN_OR_RETURN(const std::vector<std::string> chain, stores.organisations.Chain(tx, org_id));
  return authorizer.MayAdminister(caller, chain);
}

}  // namespace

grpc::Status DirectoryServiceImpl::GetCouncil(grpc::ServerContext* context, const v1::GetCouncilRequest* request,
                                              v1::GetCouncilResponse* response) {
  return common::Serve("GetCouncil", [&]() -> absl::Status {
    TDKT_RETURN_IF_ERROR(Caller(context).status());
    TDKT_RETURN_IF_ERROR(CheckId("định danh hội đồng (council_id)", request->council_id()));
    return stores_->db.InTransaction([&](Tx& tx) -> absl::Status {
      TDKT_ASSIGN_OR_RETURN(*response->mutable_council(), stores_->councils.Get(tx, request->council_id()));
      return absl::OkStatus();
    });
  });
}

grpc::Status DirectoryServiceImpl::ListCouncils(grpc::ServerContext* context, const v1::ListCouncilsRequest* request,
                                                v1::ListCouncilsResponse* response) {
  return common::Serve("ListCouncils", [&]() -> absl::Status {
    TDKT_RETURN_IF_ERROR(Caller(context).status());
    TDKT_RETURN_IF_ERROR(CheckId("định danh đơn vị (org_id)", request->org_id()));
    TDKT_ASSIGN_OR_RETURN(const std::string as_of, AsOfText(request->has_as_of(), request->as_of(), std::nullopt));
    const std::string filter = absl::StrCat(request->org_id(), "/", as_of);
    TDKT_ASSIGN_OR_RETURN(const common::Page page, common::DecodePage(request->page(), kCouncils, filter));
    return stores_->db.InTransaction([&](Tx& tx) -> absl::Status {
      TDKT_ASSIGN_OR_RETURN(auto listed, stores_->councils.List(tx, request->org_id(), as_of, page));
      for (auto& council : listed.items) *response->add_councils() = std::move(council);
      SetNextPage(listed.next, kCouncils, filter, response->mutable_page());
      return absl::OkStatus();
    });
  });
}

grpc::Status DirectoryServiceImpl::CreateCouncil(grpc::ServerContext* context, const v1::CreateCouncilRequest* request,
                                                 v1::CreateCouncilResponse* response) {
  return common::Serve("CreateCouncil", [&]() -> absl::Status {
    TDKT_ASSIGN_OR_RETURN(const Identity caller, Caller(context));
    TDKT_RETURN_IF_ERROR(common::CheckRequestId(request->request_id()));
    TDKT_RETURN_IF_ERROR(CheckCouncil(request->council()));
    const std::string fingerprint = FingerprintOf("CreateCouncil", caller, *request);
    TDKT_RETURN_IF_ERROR(stores_->db.InTransaction([&](Tx& tx) -> absl::Status {
      return idempotency_.Run(tx.work(), request->request_id(), fingerprint, *response, [&]() -> absl::Status {
        TDKT_RETURN_IF_ERROR(MayAdministerAt(*stores_, tx, *authorizer_, caller, request->council().org_id()));
        TDKT_ASSIGN_OR_RETURN(*response->mutable_council(), stores_->councils.Create(tx, request->council()));
        return absl::OkStatus();
      });
    }));
    LogChange("CreateCouncil", response->council().id(), caller);
    return absl::OkStatus();
  });
}

grpc::Status DirectoryServiceImpl::UpdateCouncil(grpc::ServerContext* context, const v1::UpdateCouncilRequest* request,
                                                 v1::UpdateCouncilResponse* response) {
  return common::Serve("UpdateCouncil", [&]() -> absl::Status {
    TDKT_ASSIGN_OR_RETURN(const Identity caller, Caller(context));
    TDKT_RETURN_IF_ERROR(common::CheckRequestId(request->request_id()));
    const v1::Council& council = request->council();
    TDKT_RETURN_IF_ERROR(CheckId("định danh hội đồng (council.id)", council.id()));
    TDKT_RETURN_IF_ERROR(common::CheckExpectedVersion(request->expected_version()));
    TDKT_RETURN_IF_ERROR(CheckCouncil(council));
    const std::string fingerprint = FingerprintOf("UpdateCouncil", caller, *request);
    TDKT_RETURN_IF_ERROR(stores_->db.InTransaction([&](Tx& tx) -> absl::Status {
      return idempotency_.Run(tx.work(), request->request_id(), fingerprint, *response, [&]() -> absl::Status {
        TDKT_ASSIGN_OR_RETURN(const v1::Council existing, stores_->councils.Get(tx, council.id()));
        TDKT_RETURN_IF_ERROR(MayAdministerAt(*stores_, tx, *authorizer_, caller, existing.org_id()));
        if (council.org_id() != existing.org_id()) {
          TDKT_RETURN_IF_ERROR(MayAdministerAt(*stores_, tx, *authorizer_, caller, council.org_id()));
        }
        TDKT_ASSIGN_OR_RETURN(*response->mutable_council(),
                              stores_->councils.Update(tx, council, request->expected_version()));
        return absl::OkStatus();
      });
    }));
    LogChange("UpdateCouncil", council.id(), caller);
    return absl::OkStatus();
  });
}

}  // namespace tdkt::directory
