#include "base/sha256.h"
#include "services/directory/directory_service.h"

#include <spdlog/spdlog.h>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/time/clock.h"
#include "services/common/grpc_status.h"
#include "services/directory/authorizer.h"
#include "services/directory/csv_import.h"
#include "services/directory/directory_store.h"
#include "services/directory/identity.h"
#include "services/directory/signing_keys.h"
#include "services/directory/password_hash.h"
#include "services/common/pii_cipher.h"
#include "services/directory/request_rules.h"
#include "services/directory/text_rules.h"
#include "base/status_macros.h"

namespace tdkt::directory {

using Tx = DirectoryStore::Tx;
namespace v1 = tdkt::v1;

absl::CivilDay TodayInVietnam() { return absl::ToCivilDay(absl::Now(), absl::FixedTimeZone(7 * 3600)); }

namespace {

constexpr int kDefaultPageSize = 50;
constexpr int kMaxPageSize = 200;

absl::Status Invalid(const std::string& message) { return absl::InvalidArgumentError(message); }

// Page tokens are "<offset>.<filter fingerprint>": opaque to clients, and refused with another filter.
std::string FilterFingerprint(const std::string& filter) {
  const std::string digest = base::Sha256(filter);
  return absl::StrCat(static_cast<unsigned>(static_cast<unsigned char>(digest[0])) * 256u +
                      static_cast<unsigned char>(digest[1]));
}

absl::StatusOr<Page> DecodePage(const v1::PageRequest& request, const std::string& filter) {
  Page page;
  page.limit = request.page_size() <= 0 ? kDefaultPageSize : std::min(request.page_size(), kMaxPageSize);
  if (request.page_token().empty()) return page;
  std::vector<std::string> parts = absl::StrSplit(request.page_token(), '.');
  if (parts.size() != 2 || !absl::SimpleAtoi(parts[0], &page.offset) || page.offset < 0 ||
      parts[1] != FilterFingerprint(filter)) {
    return Invalid("page_token: không hợp lệ cho bộ lọc này (invalid for this filter)");
  }
  return page;
}

template <typename T>
void ClosePage(std::vector<T>& rows, Page page, const std::string& filter, v1::PageResponse* out) {
  if (static_cast<int>(rows.size()) > page.limit) {
    rows.resize(page.limit);
    out->set_next_page_token(absl::StrCat(page.offset + page.limit, ".", FilterFingerprint(filter)));
  }
}

absl::StatusOr<std::string> AsOf(bool present, const v1::Date& date, const TodayFunction& today) {
  if (!present) return FormatDay(today());
  return DateText("as_of", date);
}

absl::Status CheckVersion(int64_t expected_version) {
  if (expected_version <= 0) return Invalid("expected_version: bắt buộc (required, > 0)");
  return absl::OkStatus();
}

// Clears personal data unless the caller may see it (authorizer.h).
absl::Status Redact(DirectoryStore& store, Tx& tx, const Authorizer& authorizer, const Identity& identity,
                    v1::Person& person) {
  TDKT_ASSIGN_OR_RETURN(const std::vector<std::string> orgs, store.PersonOrganisationsWithAncestors(tx, person.id()));
  if (authorizer.MaySeePersonalData(identity, person.id(), orgs)) return absl::OkStatus();
  person.clear_id_number();
  person.clear_email();
  person.clear_phone();
  person.set_personal_data_redacted(true);
  return absl::OkStatus();
}

// A request's fingerprint for the idempotency table: keyed when a PII key exists (requests may carry
// ID numbers and passwords).
std::string Fingerprint(const PiiCipher* cipher, const std::string& method, const Identity& identity,
                        const google::protobuf::Message& request) {
  const std::string text = absl::StrCat(method, std::string(1, '\0'), identity.person_id, std::string(1, '\0'),
                                        request.SerializeAsString());
  return cipher != nullptr ? cipher->KeyedHash(text) : base::Sha256(text);
}

// Runs `body` once per request_id: a repeat gets the stored response (replayed = true), a different request
// with the same id is ALREADY_EXISTS. `stored_form` may strip what must not be stored in clear.
template <typename Response>
absl::Status Idempotent(DirectoryStore& store, const PiiCipher* cipher, const std::string& method,
                        const Identity& identity, const google::protobuf::Message& request,
                        const std::string& request_id, Response* response,
                        const std::function<absl::Status(Tx&)>& body, bool* replayed = nullptr,
                        const std::function<void(Response&)>& stored_form = nullptr) {
  TDKT_RETURN_IF_ERROR(CheckRequestId(request_id));
  const std::string hash = Fingerprint(cipher, method, identity, request);
  return store.InTransaction([&](Tx& tx) -> absl::Status {
    TDKT_ASSIGN_OR_RETURN(const std::optional<std::string> stored,
                          store.BeginIdempotent(tx, request_id, method, hash));
    if (stored.has_value()) {
      if (!response->ParseFromString(*stored)) return absl::InternalError("stored response does not parse");
      if (replayed != nullptr) *replayed = true;
      return absl::OkStatus();
    }
    TDKT_RETURN_IF_ERROR(body(tx));
    Response to_store = *response;
    if (stored_form) stored_form(to_store);
    return store.FinishIdempotent(tx, request_id, method, hash, to_store.SerializeAsString());
  });
}

void StripPersonalData(v1::Person& person) {
  person.clear_id_number();
  person.clear_email();
  person.clear_phone();
}

void LogChange(const char* method, const std::string& id, const Identity& identity) {
  spdlog::info("directory: {} id={} by person {}", method, id, identity.person_id);
}

// A parent valid on the organisation's first day and above it; a successor valid the day after its last.
absl::Status CheckPlacement(DirectoryStore& store, Tx& tx, const v1::Organization& org) {
  TDKT_ASSIGN_OR_RETURN(const std::string from, DateText("valid_from", org.valid_from()));
  if (!org.parent_id().empty()) {
    auto parent = store.FindOrganization(tx, OrgKey::ById(org.parent_id()), from);
    if (absl::IsNotFound(parent.status())) {
      return Invalid("parent_id: đơn vị cha không có hiệu lực vào ngày bắt đầu (parent not valid on valid_from)");
    }
    TDKT_RETURN_IF_ERROR(parent.status());
    if (parent->level() <= org.level()) {
      return Invalid("level: phải thấp hơn cấp của đơn vị cha (must be below the parent's level)");
    }
  }
  if (!org.successor_id().empty()) {
    if (org.successor_id() == org.id()) return Invalid("successor_id: không thể là chính nó (cannot be itself)");
    TDKT_ASSIGN_OR_RETURN(const std::string until, DateText("valid_until", org.valid_until()));
    TDKT_ASSIGN_OR_RETURN(const absl::CivilDay last, ParseDate("valid_until", until));
    auto successor = store.FindOrganization(tx, OrgKey::ById(org.successor_id()), FormatDay(last + 1));
    if (absl::IsNotFound(successor.status())) {
      return Invalid(
          "successor_id: đơn vị kế thừa phải có hiệu lực ngay sau ngày kết thúc (successor must be valid the day "
          "after valid_until)");
    }
    TDKT_RETURN_IF_ERROR(successor.status());
  }
  return absl::OkStatus();
}

}  // namespace

DirectoryServiceImpl::DirectoryServiceImpl(DirectoryStore* store, const Authorizer* authorizer,
                                           const PiiCipher* cipher, TodayFunction today, AuthSettings auth)
    : store_(store), authorizer_(authorizer), cipher_(cipher), today_(std::move(today)), auth_(std::move(auth)) {
  static const base::SystemClock system_clock;
  if (auth_.clock == nullptr) auth_.clock = &system_clock;
}

absl::StatusOr<Identity> DirectoryServiceImpl::Caller(grpc::ServerContext* context) {
  if (auth_.keys == nullptr) return absl::UnauthenticatedError("chưa xác thực (authentication required)");
  return auth_.keys->Authenticate(*context);
}

// ---- organisations ----

grpc::Status DirectoryServiceImpl::GetOrganization(grpc::ServerContext* context,
                                                   const v1::GetOrganizationRequest* request,
                                                   v1::GetOrganizationResponse* response) {
  return common::ToGrpcStatus([&]() -> absl::Status {
    TDKT_RETURN_IF_ERROR(Caller(context).status());
    OrgKey key;
    if (request->key_case() == v1::GetOrganizationRequest::kOrgId) {
      TDKT_RETURN_IF_ERROR(CheckId("org_id", request->org_id()));
      key.id = request->org_id();
    } else if (request->key_case() == v1::GetOrganizationRequest::kCode) {
      TDKT_RETURN_IF_ERROR(CheckCode("code", request->code()));
      key.code = request->code();
    } else {
      return Invalid("org_id hoặc code: bắt buộc (org_id or code required)");
    }
    TDKT_ASSIGN_OR_RETURN(const std::string as_of, AsOf(request->has_as_of(), request->as_of(), today_));
    return store_->InTransaction([&](Tx& tx) -> absl::Status {
      TDKT_ASSIGN_OR_RETURN(*response->mutable_organization(), store_->FindOrganization(tx, key, as_of));
      return absl::OkStatus();
    });
  }());
}

grpc::Status DirectoryServiceImpl::ListChildOrganizations(grpc::ServerContext* context,
                                                          const v1::ListChildOrganizationsRequest* request,
                                                          v1::ListChildOrganizationsResponse* response) {
  return common::ToGrpcStatus([&]() -> absl::Status {
    TDKT_RETURN_IF_ERROR(Caller(context).status());
    TDKT_RETURN_IF_ERROR(CheckId("parent_id", request->parent_id()));
    TDKT_ASSIGN_OR_RETURN(const std::string as_of, AsOf(request->has_as_of(), request->as_of(), today_));
    const std::string filter = absl::StrCat("children/", request->parent_id(), "/", as_of);
    TDKT_ASSIGN_OR_RETURN(const Page page, DecodePage(request->page(), filter));
    return store_->InTransaction([&](Tx& tx) -> absl::Status {
      TDKT_ASSIGN_OR_RETURN(auto orgs, store_->ListChildOrganizations(tx, request->parent_id(), as_of, page));
      ClosePage(orgs, page, filter, response->mutable_page());
      for (auto& org : orgs) *response->add_organizations() = std::move(org);
      return absl::OkStatus();
    });
  }());
}

grpc::Status DirectoryServiceImpl::ListAncestorOrganizations(grpc::ServerContext* context,
                                                             const v1::ListAncestorOrganizationsRequest* request,
                                                             v1::ListAncestorOrganizationsResponse* response) {
  return common::ToGrpcStatus([&]() -> absl::Status {
    TDKT_RETURN_IF_ERROR(Caller(context).status());
    TDKT_RETURN_IF_ERROR(CheckId("org_id", request->org_id()));
    TDKT_ASSIGN_OR_RETURN(const std::string as_of, AsOf(request->has_as_of(), request->as_of(), today_));
    return store_->InTransaction([&](Tx& tx) -> absl::Status {
      TDKT_RETURN_IF_ERROR(store_->FindOrganization(tx, OrgKey::ById(request->org_id()), as_of).status());
      TDKT_ASSIGN_OR_RETURN(auto orgs, store_->ListAncestorOrganizations(tx, request->org_id(), as_of));
      for (auto& org : orgs) *response->add_organizations() = std::move(org);
      return absl::OkStatus();
    });
  }());
}

grpc::Status DirectoryServiceImpl::ListSubtreeOrganizations(grpc::ServerContext* context,
                                                            const v1::ListSubtreeOrganizationsRequest* request,
                                                            v1::ListSubtreeOrganizationsResponse* response) {
  return common::ToGrpcStatus([&]() -> absl::Status {
    TDKT_RETURN_IF_ERROR(Caller(context).status());
    TDKT_RETURN_IF_ERROR(CheckId("root_id", request->root_id()));
    if (!v1::OrgLevel_IsValid(request->level())) return Invalid("level: cấp không hợp lệ (unknown OrgLevel)");
    TDKT_ASSIGN_OR_RETURN(const std::string as_of, AsOf(request->has_as_of(), request->as_of(), today_));
    const std::string filter = absl::StrCat("subtree/", request->root_id(), "/", as_of, "/", request->level());
    TDKT_ASSIGN_OR_RETURN(const Page page, DecodePage(request->page(), filter));
    return store_->InTransaction([&](Tx& tx) -> absl::Status {
      TDKT_RETURN_IF_ERROR(store_->FindOrganization(tx, OrgKey::ById(request->root_id()), as_of).status());
      TDKT_ASSIGN_OR_RETURN(auto orgs, store_->ListSubtreeOrganizations(tx, request->root_id(), as_of,
                                                                        request->level(), page));
      ClosePage(orgs, page, filter, response->mutable_page());
      for (auto& org : orgs) *response->add_organizations() = std::move(org);
      return absl::OkStatus();
    });
  }());
}

grpc::Status DirectoryServiceImpl::CreateOrganization(grpc::ServerContext* context,
                                                      const v1::CreateOrganizationRequest* request,
                                                      v1::CreateOrganizationResponse* response) {
  return common::ToGrpcStatus([&]() -> absl::Status {
    TDKT_ASSIGN_OR_RETURN(const Identity identity, Caller(context));
    v1::Organization org = request->organization();
    org.clear_id();
    TDKT_RETURN_IF_ERROR(CheckOrganization(org));
    TDKT_RETURN_IF_ERROR(Idempotent(*store_, cipher_, "CreateOrganization", identity, *request,
                                    request->request_id(), response, [&](Tx& tx) -> absl::Status {
      if (org.parent_id().empty()) {
        TDKT_RETURN_IF_ERROR(authorizer_->MayAdministerEverything(identity));
      } else {
        TDKT_ASSIGN_OR_RETURN(const auto chain, store_->OrganisationChain(tx, org.parent_id()));
        TDKT_RETURN_IF_ERROR(authorizer_->MayAdminister(identity, chain));
      }
      TDKT_RETURN_IF_ERROR(CheckPlacement(*store_, tx, org));
      TDKT_ASSIGN_OR_RETURN(*response->mutable_organization(), store_->CreateOrganization(tx, org));
      return absl::OkStatus();
    }));
    LogChange("CreateOrganization", response->organization().id(), identity);
    return absl::OkStatus();
  }());
}

grpc::Status DirectoryServiceImpl::UpdateOrganization(grpc::ServerContext* context,
                                                      const v1::UpdateOrganizationRequest* request,
                                                      v1::UpdateOrganizationResponse* response) {
  return common::ToGrpcStatus([&]() -> absl::Status {
    TDKT_ASSIGN_OR_RETURN(const Identity identity, Caller(context));
    const v1::Organization& org = request->organization();
    TDKT_RETURN_IF_ERROR(CheckId("organization.id", org.id()));
    TDKT_RETURN_IF_ERROR(CheckVersion(request->expected_version()));
    TDKT_RETURN_IF_ERROR(CheckOrganization(org));
    TDKT_RETURN_IF_ERROR(Idempotent(*store_, cipher_, "UpdateOrganization", identity, *request,
                                    request->request_id(), response, [&](Tx& tx) -> absl::Status {
      TDKT_ASSIGN_OR_RETURN(const v1::Organization existing, store_->FindOrganization(tx, OrgKey::ById(org.id()), ""));
      TDKT_ASSIGN_OR_RETURN(const auto chain, store_->OrganisationChain(tx, org.id()));
      TDKT_RETURN_IF_ERROR(authorizer_->MayAdminister(identity, chain));
      if (org.parent_id() != existing.parent_id()) {
        if (org.parent_id().empty()) {
          TDKT_RETURN_IF_ERROR(authorizer_->MayAdministerEverything(identity));
        } else {
          TDKT_ASSIGN_OR_RETURN(const auto new_chain, store_->OrganisationChain(tx, org.parent_id()));
          if (std::find(new_chain.begin(), new_chain.end(), org.id()) != new_chain.end()) {
            return Invalid("parent_id: tạo vòng lặp (would make a cycle)");
          }
          TDKT_RETURN_IF_ERROR(authorizer_->MayAdminister(identity, new_chain));
        }
      }
      TDKT_RETURN_IF_ERROR(CheckPlacement(*store_, tx, org));
      TDKT_ASSIGN_OR_RETURN(*response->mutable_organization(),
                            store_->UpdateOrganization(tx, org, request->expected_version()));
      return absl::OkStatus();
    }));
    LogChange("UpdateOrganization", org.id(), identity);
    return absl::OkStatus();
  }());
}

// ---- people ----

grpc::Status DirectoryServiceImpl::GetPerson(grpc::ServerContext* context, const v1::GetPersonRequest* request,
                                             v1::GetPersonResponse* response) {
  return common::ToGrpcStatus([&]() -> absl::Status {
    TDKT_ASSIGN_OR_RETURN(const Identity identity, Caller(context));
    TDKT_RETURN_IF_ERROR(CheckId("person_id", request->person_id()));
    return store_->InTransaction([&](Tx& tx) -> absl::Status {
      TDKT_ASSIGN_OR_RETURN(*response->mutable_person(), store_->GetPerson(tx, request->person_id()));
      return Redact(*store_, tx, *authorizer_, identity, *response->mutable_person());
    });
  }());
}

grpc::Status DirectoryServiceImpl::ListPeople(grpc::ServerContext* context, const v1::ListPeopleRequest* request,
                                              v1::ListPeopleResponse* response) {
  return common::ToGrpcStatus([&]() -> absl::Status {
    TDKT_ASSIGN_OR_RETURN(const Identity identity, Caller(context));
    TDKT_RETURN_IF_ERROR(CheckId("org_id", request->org_id(), /*required=*/false));
    TDKT_RETURN_IF_ERROR(CheckText("name_query", request->name_query(), {.max_chars = 100, .required = false}));
    TDKT_ASSIGN_OR_RETURN(const std::string as_of, AsOf(request->has_as_of(), request->as_of(), today_));
    const std::string folded = FoldForSearch(request->name_query());
    const std::string filter = absl::StrCat("people/", request->org_id(), "/", request->include_subtree(), "/",
                                            as_of, "/", folded);
    TDKT_ASSIGN_OR_RETURN(const Page page, DecodePage(request->page(), filter));
    return store_->InTransaction([&](Tx& tx) -> absl::Status {
      TDKT_ASSIGN_OR_RETURN(auto people, store_->ListPeople(tx, request->org_id(), request->include_subtree(),
                                                            folded, as_of, page));
      ClosePage(people, page, filter, response->mutable_page());
      for (auto& person : people) {
        TDKT_RETURN_IF_ERROR(Redact(*store_, tx, *authorizer_, identity, person));
        *response->add_people() = std::move(person);
      }
      return absl::OkStatus();
    });
  }());
}

grpc::Status DirectoryServiceImpl::CreatePerson(grpc::ServerContext* context, const v1::CreatePersonRequest* request,
                                                v1::CreatePersonResponse* response) {
  return common::ToGrpcStatus([&]() -> absl::Status {
    TDKT_ASSIGN_OR_RETURN(const Identity identity, Caller(context));
    TDKT_RETURN_IF_ERROR(CheckPerson(request->person()));
    TDKT_RETURN_IF_ERROR(CheckPassword("initial_password", request->initial_password()));
    TDKT_RETURN_IF_ERROR(authorizer_->MayAdministerSomething(identity));
    std::string password_hash;
    if (!request->initial_password().empty()) {
      TDKT_ASSIGN_OR_RETURN(password_hash, HashPassword(request->initial_password()));
    }
    bool replayed = false;
    TDKT_RETURN_IF_ERROR(Idempotent<v1::CreatePersonResponse>(
        *store_, cipher_, "CreatePerson", identity, *request, request->request_id(), response,
        [&](Tx& tx) -> absl::Status {
          TDKT_ASSIGN_OR_RETURN(*response->mutable_person(),
                                store_->CreatePerson(tx, request->person(), password_hash));
          return absl::OkStatus();
        },
        &replayed, [](v1::CreatePersonResponse& stored) { StripPersonalData(*stored.mutable_person()); }));
    // Personal data is not kept in the idempotency table: a replay reads it afresh.
    TDKT_RETURN_IF_ERROR(store_->InTransaction([&](Tx& tx) -> absl::Status {
      if (replayed) {
        TDKT_ASSIGN_OR_RETURN(*response->mutable_person(), store_->GetPerson(tx, response->person().id()));
      }
      return Redact(*store_, tx, *authorizer_, identity, *response->mutable_person());
    }));
    LogChange("CreatePerson", response->person().id(), identity);
    return absl::OkStatus();
  }());
}

grpc::Status DirectoryServiceImpl::UpdatePerson(grpc::ServerContext* context, const v1::UpdatePersonRequest* request,
                                                v1::UpdatePersonResponse* response) {
  return common::ToGrpcStatus([&]() -> absl::Status {
    TDKT_ASSIGN_OR_RETURN(const Identity identity, Caller(context));
    TDKT_RETURN_IF_ERROR(CheckId("person.id", request->person().id()));
    TDKT_RETURN_IF_ERROR(CheckVersion(request->expected_version()));
    TDKT_RETURN_IF_ERROR(CheckPerson(request->person()));
    TDKT_RETURN_IF_ERROR(CheckPassword("new_password", request->new_password()));
    std::string password_hash;
    if (!request->new_password().empty()) {
      TDKT_ASSIGN_OR_RETURN(password_hash, HashPassword(request->new_password()));
    }
    bool replayed = false;
    TDKT_RETURN_IF_ERROR(Idempotent<v1::UpdatePersonResponse>(
        *store_, cipher_, "UpdatePerson", identity, *request, request->request_id(), response,
        [&](Tx& tx) -> absl::Status {
          TDKT_ASSIGN_OR_RETURN(const auto orgs, store_->PersonOrganisationsWithAncestors(tx, request->person().id()));
          TDKT_RETURN_IF_ERROR(store_->GetPerson(tx, request->person().id()).status());
          TDKT_RETURN_IF_ERROR(orgs.empty() ? authorizer_->MayAdministerSomething(identity)
                                            : authorizer_->MayAdminister(identity, orgs));
          TDKT_ASSIGN_OR_RETURN(*response->mutable_person(),
                                store_->UpdatePerson(tx, request->person(), request->expected_version(),
                                                     password_hash));
          return absl::OkStatus();
        },
        &replayed, [](v1::UpdatePersonResponse& stored) { StripPersonalData(*stored.mutable_person()); }));
    TDKT_RETURN_IF_ERROR(store_->InTransaction([&](Tx& tx) -> absl::Status {
      if (replayed) {
        TDKT_ASSIGN_OR_RETURN(*response->mutable_person(), store_->GetPerson(tx, response->person().id()));
      }
      return Redact(*store_, tx, *authorizer_, identity, *response->mutable_person());
    }));
    LogChange("UpdatePerson", request->person().id(), identity);
    return absl::OkStatus();
  }());
}

// ---- role assignments ----

grpc::Status DirectoryServiceImpl::ListRoleAssignments(grpc::ServerContext* context,
                                                       const v1::ListRoleAssignmentsRequest* request,
                                                       v1::ListRoleAssignmentsResponse* response) {
  return common::ToGrpcStatus([&]() -> absl::Status {
    TDKT_RETURN_IF_ERROR(Caller(context).status());
    TDKT_RETURN_IF_ERROR(CheckId("org_id", request->org_id(), false));
    TDKT_RETURN_IF_ERROR(CheckId("person_id", request->person_id(), false));
    if (request->org_id().empty() && request->person_id().empty()) {
      return Invalid("org_id hoặc person_id: bắt buộc (org_id or person_id required)");
    }
    std::string as_of;
    if (request->has_as_of()) {
      TDKT_ASSIGN_OR_RETURN(as_of, DateText("as_of", request->as_of()));
    }
    const std::string filter = absl::StrCat("roles/", request->org_id(), "/", request->person_id(), "/", as_of);
    TDKT_ASSIGN_OR_RETURN(const Page page, DecodePage(request->page(), filter));
    return store_->InTransaction([&](Tx& tx) -> absl::Status {
      TDKT_ASSIGN_OR_RETURN(auto list, store_->ListRoleAssignments(tx, request->org_id(), request->person_id(),
                                                                   as_of, page));
      ClosePage(list, page, filter, response->mutable_page());
      for (auto& a : list) *response->add_assignments() = std::move(a);
      return absl::OkStatus();
    });
  }());
}

grpc::Status DirectoryServiceImpl::CreateRoleAssignment(grpc::ServerContext* context,
                                                        const v1::CreateRoleAssignmentRequest* request,
                                                        v1::CreateRoleAssignmentResponse* response) {
  return common::ToGrpcStatus([&]() -> absl::Status {
    TDKT_ASSIGN_OR_RETURN(const Identity identity, Caller(context));
    const v1::RoleAssignment& a = request->assignment();
    TDKT_RETURN_IF_ERROR(CheckRoleAssignment(a));
    TDKT_RETURN_IF_ERROR(Idempotent(*store_, cipher_, "CreateRoleAssignment", identity, *request,
                                    request->request_id(), response, [&](Tx& tx) -> absl::Status {
      TDKT_ASSIGN_OR_RETURN(const auto chain, store_->OrganisationChain(tx, a.org_id()));
      TDKT_RETURN_IF_ERROR(authorizer_->MayAdminister(identity, chain));
      TDKT_RETURN_IF_ERROR(store_->GetPerson(tx, a.person_id()).status());
      TDKT_ASSIGN_OR_RETURN(*response->mutable_assignment(), store_->CreateRoleAssignment(tx, a));
      return absl::OkStatus();
    }));
    LogChange("CreateRoleAssignment", response->assignment().id(), identity);
    return absl::OkStatus();
  }());
}

grpc::Status DirectoryServiceImpl::UpdateRoleAssignment(grpc::ServerContext* context,
                                                        const v1::UpdateRoleAssignmentRequest* request,
                                                        v1::UpdateRoleAssignmentResponse* response) {
  return common::ToGrpcStatus([&]() -> absl::Status {
    TDKT_ASSIGN_OR_RETURN(const Identity identity, Caller(context));
    TDKT_RETURN_IF_ERROR(CheckId("assignment_id", request->assignment_id()));
    TDKT_RETURN_IF_ERROR(CheckVersion(request->expected_version()));
    if (!request->has_valid_from()) return Invalid("valid_from: bắt buộc (required)");
    TDKT_RETURN_IF_ERROR(CheckRange("valid", request->valid_from(), request->has_valid_until(),
                                    request->valid_until()));
    TDKT_ASSIGN_OR_RETURN(const std::string from, DateText("valid_from", request->valid_from()));
    std::string until;
    if (request->has_valid_until()) {
      TDKT_ASSIGN_OR_RETURN(until, DateText("valid_until", request->valid_until()));
    }
    TDKT_RETURN_IF_ERROR(Idempotent(*store_, cipher_, "UpdateRoleAssignment", identity, *request,
                                    request->request_id(), response, [&](Tx& tx) -> absl::Status {
      TDKT_ASSIGN_OR_RETURN(const v1::RoleAssignment existing,
                            store_->GetRoleAssignment(tx, request->assignment_id()));
      TDKT_ASSIGN_OR_RETURN(const auto chain, store_->OrganisationChain(tx, existing.org_id()));
      TDKT_RETURN_IF_ERROR(authorizer_->MayAdminister(identity, chain));
      TDKT_ASSIGN_OR_RETURN(*response->mutable_assignment(),
                            store_->UpdateRoleAssignment(tx, request->assignment_id(), request->expected_version(),
                                                         from, until));
      return absl::OkStatus();
    }));
    LogChange("UpdateRoleAssignment", request->assignment_id(), identity);
    return absl::OkStatus();
  }());
}

// ---- councils ----

grpc::Status DirectoryServiceImpl::GetCouncil(grpc::ServerContext* context, const v1::GetCouncilRequest* request,
                                              v1::GetCouncilResponse* response) {
  return common::ToGrpcStatus([&]() -> absl::Status {
    TDKT_RETURN_IF_ERROR(Caller(context).status());
    TDKT_RETURN_IF_ERROR(CheckId("council_id", request->council_id()));
    return store_->InTransaction([&](Tx& tx) -> absl::Status {
      TDKT_ASSIGN_OR_RETURN(*response->mutable_council(), store_->GetCouncil(tx, request->council_id()));
      return absl::OkStatus();
    });
  }());
}

grpc::Status DirectoryServiceImpl::ListCouncils(grpc::ServerContext* context, const v1::ListCouncilsRequest* request,
                                                v1::ListCouncilsResponse* response) {
  return common::ToGrpcStatus([&]() -> absl::Status {
    TDKT_RETURN_IF_ERROR(Caller(context).status());
    TDKT_RETURN_IF_ERROR(CheckId("org_id", request->org_id()));
    std::string as_of;
    if (request->has_as_of()) {
      TDKT_ASSIGN_OR_RETURN(as_of, DateText("as_of", request->as_of()));
    }
    const std::string filter = absl::StrCat("councils/", request->org_id(), "/", as_of);
    TDKT_ASSIGN_OR_RETURN(const Page page, DecodePage(request->page(), filter));
    return store_->InTransaction([&](Tx& tx) -> absl::Status {
      TDKT_ASSIGN_OR_RETURN(auto councils, store_->ListCouncils(tx, request->org_id(), as_of, page));
      ClosePage(councils, page, filter, response->mutable_page());
      for (auto& c : councils) *response->add_councils() = std::move(c);
      return absl::OkStatus();
    });
  }());
}

grpc::Status DirectoryServiceImpl::CreateCouncil(grpc::ServerContext* context, const v1::CreateCouncilRequest* request,
                                                 v1::CreateCouncilResponse* response) {
  return common::ToGrpcStatus([&]() -> absl::Status {
    TDKT_ASSIGN_OR_RETURN(const Identity identity, Caller(context));
    TDKT_RETURN_IF_ERROR(CheckCouncil(request->council()));
    TDKT_RETURN_IF_ERROR(Idempotent(*store_, cipher_, "CreateCouncil", identity, *request, request->request_id(),
                                    response, [&](Tx& tx) -> absl::Status {
      TDKT_ASSIGN_OR_RETURN(const auto chain, store_->OrganisationChain(tx, request->council().org_id()));
      TDKT_RETURN_IF_ERROR(authorizer_->MayAdminister(identity, chain));
      TDKT_ASSIGN_OR_RETURN(*response->mutable_council(), store_->CreateCouncil(tx, request->council()));
      return absl::OkStatus();
    }));
    LogChange("CreateCouncil", response->council().id(), identity);
    return absl::OkStatus();
  }());
}

grpc::Status DirectoryServiceImpl::UpdateCouncil(grpc::ServerContext* context, const v1::UpdateCouncilRequest* request,
                                                 v1::UpdateCouncilResponse* response) {
  return common::ToGrpcStatus([&]() -> absl::Status {
    TDKT_ASSIGN_OR_RETURN(const Identity identity, Caller(context));
    TDKT_RETURN_IF_ERROR(CheckId("council.id", request->council().id()));
    TDKT_RETURN_IF_ERROR(CheckVersion(request->expected_version()));
    TDKT_RETURN_IF_ERROR(CheckCouncil(request->council()));
    TDKT_RETURN_IF_ERROR(Idempotent(*store_, cipher_, "UpdateCouncil", identity, *request, request->request_id(),
                                    response, [&](Tx& tx) -> absl::Status {
      TDKT_ASSIGN_OR_RETURN(const v1::Council existing, store_->GetCouncil(tx, request->council().id()));
      TDKT_ASSIGN_OR_RETURN(const auto chain, store_->OrganisationChain(tx, existing.org_id()));
      TDKT_RETURN_IF_ERROR(authorizer_->MayAdminister(identity, chain));
      if (request->council().org_id() != existing.org_id()) {
        TDKT_ASSIGN_OR_RETURN(const auto new_chain, store_->OrganisationChain(tx, request->council().org_id()));
        TDKT_RETURN_IF_ERROR(authorizer_->MayAdminister(identity, new_chain));
      }
      TDKT_ASSIGN_OR_RETURN(*response->mutable_council(),
                            store_->UpdateCouncil(tx, request->council(), request->expected_version()));
      return absl::OkStatus();
    }));
    LogChange("UpdateCouncil", request->council().id(), identity);
    return absl::OkStatus();
  }());
}

// ---- CSV import ----

grpc::Status DirectoryServiceImpl::ImportDirectoryCsv(grpc::ServerContext* context,
                                                      const v1::ImportDirectoryCsvRequest* request,
                                                      v1::ImportDirectoryCsvResponse* response) {
  v1::CsvImportFailure failure;
  const absl::Status status = [&]() -> absl::Status {
    TDKT_ASSIGN_OR_RETURN(const Identity identity, Caller(context));
    TDKT_RETURN_IF_ERROR(authorizer_->MayAdministerEverything(identity));
    TDKT_RETURN_IF_ERROR(CheckImportRequest(*request));
    TDKT_RETURN_IF_ERROR(Idempotent(*store_, cipher_, "ImportDirectoryCsv", identity, *request,
                                    request->request_id(), response, [&](Tx& tx) -> absl::Status {
      failure.clear_errors();
      return ImportCsv(*store_, tx, *request, response, &failure);
    }));
    spdlog::info("directory: ImportDirectoryCsv request {} by person {}: {} organisations, {} people, {} roles, "
                 "{} councils created{}",
                 request->request_id(), identity.person_id, response->organizations_created(),
                 response->people_created(), response->role_assignments_created(), response->councils_created(),
                 response->dry_run() ? " (dry run, nothing written)" : "");
    return absl::OkStatus();
  }();
  if (status.ok() || failure.errors().empty()) return common::ToGrpcStatus(status);
  v1::RpcStatus details;
  details.set_code(static_cast<int>(status.code()));
  details.set_message(std::string(status.message()));
  details.add_details()->PackFrom(failure);
  return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT, std::string(status.message()), details.SerializeAsString());
}

}  // namespace tdkt::directory
