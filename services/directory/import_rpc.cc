// DirectoryServiceImpl: CSV import, all or nothing; every error found travels in the status's binary details.
#include <spdlog/spdlog.h>

#include "base/status_macros.h"
#include "services/common/handler.h"
#include "services/common/request_checks.h"
#include "services/directory/authorizer.h"
#include "services/directory/csv_import.h"
#include "services/directory/directory_service.h"
#include "services/directory/service_support.h"
#include "services/directory/stores.h"

namespace tdkt::directory {
namespace v1 = tdkt::v1;
namespace {

// A refused import carries every error in its binary details (directory.proto: an RpcStatus whose details
// hold the CsvImportFailure).
grpc::Status WithImportFailure(const grpc::Status& status, const v1::CsvImportFailure& failure) {
  if (status.ok() || failure.errors().empty()) return status;
  v1::RpcStatus details;
  details.set_code(static_cast<int>(status.error_code()));
  details.set_message(status.error_message());
  details.add_details()->PackFrom(failure);
  return grpc::Status(status.error_code(), status.error_message(), details.SerializeAsString());
}

}  // namespace

grpc::Status DirectoryServiceImpl::ImportDirectoryCsv(grpc::ServerContext* context,
                                                      const v1::ImportDirectoryCsvRequest* request,
                                                      v1::ImportDirectoryCsvResponse* response) {
  v1::CsvImportFailure failure;
  const grpc::Status status = common::Serve("ImportDirectoryCsv", [&]() -> absl::Status {
    TDKT_ASSIGN_OR_RETURN(const Identity caller, Caller(context));
    TDKT_RETURN_IF_ERROR(authorizer_->MayAdministerEverything(caller));
    TDKT_RETURN_IF_ERROR(common::CheckRequestId(request->request_id()));
    TDKT_RETURN_IF_ERROR(CheckImportRequest(*request));
    const std::string fingerprint = FingerprintOf("ImportDirectoryCsv", caller, *request);
    TDKT_RETURN_IF_ERROR(stores_->db.InTransaction([&](Tx& tx) -> absl::Status {
      return idempotency_.Run(tx.work(), request->request_id(), fingerprint, *response, [&]() -> absl::Status {
        TDKT_RETURN_IF_ERROR(ImportCsv(*stores_, tx, *request, response, &failure));
        return absl::OkStatus();
      });
    }));
    spdlog::info(
        "directory: ImportDirectoryCsv request {} by person {}: {} organisations, {} people, {} roles, {} councils "
        "created{}",
        request->request_id(), caller.person_id, response->organizations_created(), response->people_created(),
        response->role_assignments_created(), response->councils_created(),
        response->dry_run() ? " (dry run, nothing written)" : "");
    return absl::OkStatus();
  });
  return WithImportFailure(status, failure);  // the one handler whose errors carry details
}

}  // namespace tdkt::directory
