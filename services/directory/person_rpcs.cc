// DirectoryServiceImpl: people. Personal data is shown only to whom the authorizer allows (Redact), and never
// stored for replays: a replayed CreatePerson / UpdatePerson reads the person afresh.
#include "absl/strings/str_cat.h"
#include "base/status_macros.h"
#include "services/common/handler.h"
#include "services/common/request_checks.h"
#include "services/directory/authorizer.h"
#include "services/directory/directory_service.h"
#include "services/directory/fold_for_search.h"
#include "services/directory/password_hash.h"
#include "services/directory/request_rules.h"
#include "services/directory/service_support.h"
#include "services/directory/stores.h"

namespace tdkt::directory {
namespace v1 = tdkt::v1;
namespace {

constexpr char kPeople[] = "people";

// The argon2id hash of a password to set, "" for none.
absl::StatusOr<std::string> HashIfSet(const std::string& password) {
  if (password.empty()) return std::string();
  return HashPassword(password);
}

// A person's response as the idempotency table keeps it: without personal data.
template <typename Response>
std::string StoredForm(Response response) {
  StripPersonalData(*response.mutable_person());
  return response.SerializeAsString();
}

}  // namespace

grpc::Status DirectoryServiceImpl::GetPerson(grpc::ServerContext* context, const v1::GetPersonRequest* request,
                                             v1::GetPersonResponse* response) {
  return common::Serve("GetPerson", [&]() -> absl::Status {
    TDKT_ASSIGN_OR_RETURN(const Identity caller, Caller(context));
    TDKT_RETURN_IF_ERROR(CheckId("định danh người dùng (person_id)", request->person_id()));
    return stores_->db.InTransaction([&](Tx& tx) -> absl::Status {
      TDKT_ASSIGN_OR_RETURN(*response->mutable_person(), stores_->people.Get(tx, request->person_id()));
      return Redact(*stores_, tx, *authorizer_, caller, *response->mutable_person());
    });
  });
}

grpc::Status DirectoryServiceImpl::ListPeople(grpc::ServerContext* context, const v1::ListPeopleRequest* request,
                                              v1::ListPeopleResponse* response) {
  return common::Serve("ListPeople", [&]() -> absl::Status {
    TDKT_ASSIGN_OR_RETURN(const Identity caller, Caller(context));
    TDKT_RETURN_IF_ERROR(CheckId("định danh đơn vị (org_id)", request->org_id(), common::Presence::kOptional));
    TDKT_RETURN_IF_ERROR(common::CheckText("từ khóa tên (name_query)", request->name_query(), {.max_chars = 100}));
    TDKT_ASSIGN_OR_RETURN(const std::string as_of, AsOfText(request->has_as_of(), request->as_of(), Today()));
    const std::string folded = FoldForSearch(request->name_query());
    const std::string filter =
        absl::StrCat(request->org_id(), "/", request->include_subtree(), "/", as_of, "/", folded);
    TDKT_ASSIGN_OR_RETURN(const common::Page page, common::DecodePage(request->page(), kPeople, filter));
    return stores_->db.InTransaction([&](Tx& tx) -> absl::Status {
      TDKT_ASSIGN_OR_RETURN(
          auto listed, stores_->people.List(tx, request->org_id(), request->include_subtree(), folded, as_of, page));
      for (auto& person : listed.items) {
        TDKT_RETURN_IF_ERROR(Redact(*stores_, tx, *authorizer_, caller, person));
        *response->add_people() = std::move(person);
      }
      SetNextPage(listed.next, kPeople, filter, response->mutable_page());
      return absl::OkStatus();
    });
  });
}

grpc::Status DirectoryServiceImpl::CreatePerson(grpc::ServerContext* context, const v1::CreatePersonRequest* request,
                                                v1::CreatePersonResponse* response) {
  return common::Serve("CreatePerson", [&]() -> absl::Status {
    TDKT_ASSIGN_OR_RETURN(const Identity caller, Caller(context));
    TDKT_RETURN_IF_ERROR(common::CheckRequestId(request->request_id()));
    TDKT_RETURN_IF_ERROR(CheckPerson(request->person()));
    TDKT_RETURN_IF_ERROR(CheckPassword("mật khẩu ban đầu (initial_password)", request->initial_password()));
    TDKT_RETURN_IF_ERROR(authorizer_->MayAdministerSomething(caller));
    TDKT_ASSIGN_OR_RETURN(const std::string password_hash, HashIfSet(request->initial_password()));
    const std::string fingerprint = FingerprintOf("CreatePerson", caller, *request);
    TDKT_RETURN_IF_ERROR(stores_->db.InTransaction([&](Tx& tx) -> absl::Status {
      TDKT_ASSIGN_OR_RETURN(const auto earlier, idempotency_.Claim(tx.work(), request->request_id(), fingerprint));
      if (earlier.has_value()) {
        TDKT_RETURN_IF_ERROR(Replay(*earlier, response));
        TDKT_ASSIGN_OR_RETURN(*response->mutable_person(), stores_->people.Get(tx, response->person().id()));
      } else {
        TDKT_ASSIGN_OR_RETURN(*response->mutable_person(),
                              stores_->people.Create(tx, request->person(), password_hash));
        idempotency_.Record(tx.work(), request->request_id(), StoredForm(*response));
      }
      return Redact(*stores_, tx, *authorizer_, caller, *response->mutable_person());
    }));
    LogChange("CreatePerson", response->person().id(), caller);
    return absl::OkStatus();
  });
}

grpc::Status DirectoryServiceImpl::UpdatePerson(grpc::ServerContext* context, const v1::UpdatePersonRequest* request,
                                                v1::UpdatePersonResponse* response) {
  return common::Serve("UpdatePerson", [&]() -> absl::Status {
    TDKT_ASSIGN_OR_RETURN(const Identity caller, Caller(context));
    TDKT_RETURN_IF_ERROR(common::CheckRequestId(request->request_id()));
    const v1::Person& person = request->person();
    TDKT_RETURN_IF_ERROR(CheckId("định danh người dùng (person.id)", person.id()));
    TDKT_RETURN_IF_ERROR(common::CheckExpectedVersion(request->expected_version()));
    TDKT_RETURN_IF_ERROR(CheckPerson(person));
    TDKT_RETURN_IF_ERROR(CheckPassword("mật khẩu mới (new_password)", request->new_password()));
    TDKT_ASSIGN_OR_RETURN(const std::string password_hash, HashIfSet(request->new_password()));
    const std::string fingerprint = FingerprintOf("UpdatePerson", caller, *request);
    TDKT_RETURN_IF_ERROR(stores_->db.InTransaction([&](Tx& tx) -> absl::Status {
      TDKT_ASSIGN_OR_RETURN(const auto earlier, idempotency_.Claim(tx.work(), request->request_id(), fingerprint));
      if (earlier.has_value()) {
        TDKT_RETURN_IF_ERROR(Replay(*earlier, response));
        TDKT_ASSIGN_OR_RETURN(*response->mutable_person(), stores_->people.Get(tx, person.id()));
        return Redact(*stores_, tx, *authorizer_, caller, *response->mutable_person());
      }
      TDKT_ASSIGN_OR_RETURN(const auto orgs, stores_->people.OrganisationsWithAncestors(tx, person.id()));
      TDKT_RETURN_IF_ERROR(stores_->people.Get(tx, person.id()).status());
      TDKT_RETURN_IF_ERROR(orgs.empty() ? authorizer_->MayAdministerSomething(caller)
                                        : authorizer_->MayAdminister(caller, orgs));
      TDKT_ASSIGN_OR_RETURN(*response->mutable_person(),
                            stores_->people.Update(tx, person, request->expected_version(), password_hash));
      idempotency_.Record(tx.work(), request->request_id(), StoredForm(*response));
      return Redact(*stores_, tx, *authorizer_, caller, *response->mutable_person());
    }));
    LogChange("UpdatePerson", person.id(), caller);
    return absl::OkStatus();
  });
}

}  // namespace tdkt::directory
