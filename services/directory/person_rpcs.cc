// DirectoryServiceImpl: people. Personal data is shown only to whom the authorizer allows (Redact), and never
// stored for replays: a replayed CreatePerson / UpdatePerson reads the person afresh. Who may change a person
// and set their password is decided from the person's standing (Authorizer::MayChangePerson); a password set
// for someone else is recorded in the audit trail.
#include <spdlog/spdlog.h>

#include "absl/strings/str_cat.h"
#include "base/iso_date.h"
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

// The password rule of the account: a service account's must be long (request_rules.h).
absl::Status CheckPasswordFor(bool service_account, std::string_view field, const std::string& password) {
  return service_account ? CheckServiceAccountPassword(field, password) : CheckPassword(field, password);
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
    TDKT_RETURN_IF_ERROR(CheckPasswordFor(request->person().service_account(), "mật khẩu ban đầu (initial_password)",
                                          request->initial_password()));
    TDKT_RETURN_IF_ERROR(request->person().service_account() ? authorizer_->MayAdministerEverything(caller)
                                                             : authorizer_->MayAdministerSomething(caller));
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
    if (!request->new_password().empty()) {
      return absl::InvalidArgumentError(
          "UpdatePerson không đổi mật khẩu: hãy dùng SetPersonPassword (new_password is no longer accepted; use "
          "SetPersonPassword)");
    }
    const std::string fingerprint = FingerprintOf("UpdatePerson", caller, *request);
    TDKT_RETURN_IF_ERROR(stores_->db.InTransaction([&](Tx& tx) -> absl::Status {
      TDKT_ASSIGN_OR_RETURN(const auto earlier, idempotency_.Claim(tx.work(), request->request_id(), fingerprint));
      if (earlier.has_value()) {
        TDKT_RETURN_IF_ERROR(Replay(*earlier, response));
        TDKT_ASSIGN_OR_RETURN(*response->mutable_person(), stores_->people.Get(tx, person.id()));
        return Redact(*stores_, tx, *authorizer_, caller, *response->mutable_person());
      }
      TDKT_ASSIGN_OR_RETURN(const PersonStanding standing,
                            stores_->people.Standing(tx, person.id(), base::FormatIsoDate(Today())));
      TDKT_RETURN_IF_ERROR(authorizer_->MayChangePerson(caller, standing));
      // Making someone a service account makes their tokens name a service: the system administrator's call.
      if (person.service_account() != standing.service_account) {
        TDKT_RETURN_IF_ERROR(authorizer_->MayAdministerEverything(caller));
      }
      TDKT_ASSIGN_OR_RETURN(*response->mutable_person(),
                            stores_->people.Update(tx, person, request->expected_version()));
      idempotency_.Record(tx.work(), request->request_id(), StoredForm(*response));
      return Redact(*stores_, tx, *authorizer_, caller, *response->mutable_person());
    }));
    LogChange("UpdatePerson", person.id(), caller);
    return absl::OkStatus();
  });
}

grpc::Status DirectoryServiceImpl::SetPersonPassword(grpc::ServerContext* context,
                                                     const v1::SetPersonPasswordRequest* request,
                                                     v1::SetPersonPasswordResponse* response) {
  return common::Serve("SetPersonPassword", [&]() -> absl::Status {
    TDKT_ASSIGN_OR_RETURN(const Identity caller, Caller(context));
    TDKT_RETURN_IF_ERROR(common::CheckRequestId(request->request_id()));
    const std::string& person_id = request->person_id();
    TDKT_RETURN_IF_ERROR(CheckId("định danh người dùng (person_id)", person_id));
    constexpr std::string_view kField = "mật khẩu mới (new_password)";
    if (request->new_password().empty()) return absl::InvalidArgumentError("Thiếu mật khẩu mới (new_password)");
    TDKT_RETURN_IF_ERROR(CheckPassword(kField, request->new_password()));
    // Only an administrator can pass the rule below: nobody else makes the service hash (~0.1 s of a core).
    TDKT_RETURN_IF_ERROR(authorizer_->MayAdministerSomething(caller));
    TDKT_ASSIGN_OR_RETURN(const std::string hash, HashPassword(request->new_password()));
    const std::string fingerprint = FingerprintOf("SetPersonPassword", caller, *request);
    const absl::Time now = settings_.clock->Now();
    TDKT_RETURN_IF_ERROR(stores_->db.InTransaction([&](Tx& tx) -> absl::Status {
      return idempotency_.Run(tx.work(), request->request_id(), fingerprint, *response, [&]() -> absl::Status {
        TDKT_ASSIGN_OR_RETURN(const PersonStanding standing,
                              stores_->people.Standing(tx, person_id, base::FormatIsoDate(Today())));
        TDKT_RETURN_IF_ERROR(authorizer_->MaySetPassword(caller, person_id, standing));
        TDKT_RETURN_IF_ERROR(CheckPasswordFor(standing.service_account, kField, request->new_password()));
        TDKT_RETURN_IF_ERROR(stores_->auth.SetPasswordHash(tx, person_id, hash));
        TDKT_RETURN_IF_ERROR(stores_->auth.RevokePersonRefreshTokens(tx, person_id, "", now));
        TDKT_RETURN_IF_ERROR(stores_->audit.Record(tx, {.actor_person_id = caller.person_id,
                                                        .subject_person_id = person_id,
                                                        .action = AuditAction::kPasswordSet,
                                                        .at = now,
                                                        .request_id = request->request_id()}));
        return absl::OkStatus();
      });
    }));
    spdlog::info("directory: SetPersonPassword for person {} by person {}; their sessions revoked", person_id,
                 caller.person_id);
    return absl::OkStatus();
  });
}

}  // namespace tdkt::directory
