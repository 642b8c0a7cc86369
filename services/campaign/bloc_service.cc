// BlocServiceImpl: the shared steps and the setup of a bloc — create (with the head rotating from last year's
// bloc), read, list, add members, set the head, set the pledge's criteria.
#include "services/campaign/bloc_service.h"

#include <algorithm>

#include <pqxx/pqxx>

#include "absl/strings/str_cat.h"
#include "base/sha256.h"
#include "base/status_macros.h"
#include "services/auth/grpc_identity.h"
#include "services/campaign/bloc_rules.h"
#include "services/common/handler.h"
#include "services/common/proto_time.h"
#include "services/common/request_checks.h"
#include "workflow/vietnam_time.h"

namespace tdkt::campaign {
namespace {

absl::Status BlocNotFound() {
  return absl::NotFoundError("Không tìm thấy khối thi đua, hoặc bạn không được xem (bloc not found)");
}

absl::Status MustBeOpen(const tdkt::v1::Bloc& bloc) {
  if (bloc.state() == tdkt::v1::BLOC_STATE_OPEN) return absl::OkStatus();
  return absl::FailedPreconditionError(
      "Mọi thành viên đã ký giao ước: khối thi đua, khối trưởng và giao ước không thay đổi được nữa (the bloc is "
      "frozen)");
}

bool IsMember(const tdkt::v1::Bloc& bloc, const std::string& org_id) {
  return std::any_of(bloc.members().begin(), bloc.members().end(),
                     [&](const tdkt::v1::BlocMember& m) { return m.org_id() == org_id; });
}

std::vector<std::string> OrgIds(const tdkt::v1::Bloc& bloc) {
  std::vector<std::string> out;
  for (const tdkt::v1::BlocMember& m : bloc.members()) out.push_back(m.org_id());
  return out;
}

}  // namespace

BlocServiceImpl::BlocServiceImpl(BlocServiceDeps deps) : deps_(std::move(deps)), access_(deps_.orgs) {}

absl::StatusOr<auth::Identity> BlocServiceImpl::Caller(const grpc::ServerContext& context) const {
  return auth::AuthenticatedIdentity(context, *deps_.verifier, deps_.refresh_keys);
}

absl::CivilDay BlocServiceImpl::DayIn(int year) const {
  return std::clamp(workflow::VietnamDate(deps_.clock->Now()), YearStart(year), YearEnd(year));
}

absl::StatusOr<tdkt::v1::Bloc> BlocServiceImpl::Stored(const std::string& bloc_id) const {
  std::optional<tdkt::v1::Bloc> bloc;
  TDKT_RETURN_IF_ERROR(deps_.pool->InTransaction([&](pqxx::work& txn) {
    bloc = BlocStore::Load(txn, bloc_id);
    return absl::OkStatus();
  }));
  if (!bloc) return BlocNotFound();
  return *std::move(bloc);
}

absl::StatusOr<tdkt::v1::Bloc> BlocServiceImpl::Readable(const auth::Identity& caller,
                                                         const std::string& bloc_id) const {
  TDKT_ASSIGN_OR_RETURN(tdkt::v1::Bloc bloc, Stored(bloc_id));
  TDKT_ASSIGN_OR_RETURN(const bool may, access_.MayRead(caller, bloc, DayIn(bloc.year())));
  if (!may) return BlocNotFound();
  return bloc;
}

absl::Status BlocServiceImpl::CheckBelowManager(const std::vector<std::string>& org_ids,
                                                const std::string& manager_org_id, absl::CivilDay day) const {
  for (const std::string& org : org_ids) {
    absl::StatusOr<std::vector<std::string>> ancestors = deps_.orgs->Ancestors(org, day);
    if (absl::IsNotFound(ancestors.status())) {
      return absl::InvalidArgumentError(absl::StrCat("Không tìm thấy đơn vị thành viên ", org, " trong năm của khối"));
    }
    TDKT_RETURN_IF_ERROR(ancestors.status());
    if (std::find(ancestors->begin(), ancestors->end(), manager_org_id) == ancestors->end()) {
      return absl::InvalidArgumentError(absl::StrCat(
          "Đơn vị ", org, " không trực thuộc đơn vị quản lý khối; thành viên phải là đơn vị cấp dưới của đơn vị quản lý"));
    }
  }
  return absl::OkStatus();
}

absl::Status BlocServiceImpl::ChangeBloc(const auth::Identity& caller, std::string_view method,
                                         const google::protobuf::Message& request, const std::string& request_id,
                                         const std::string& bloc_id, int64_t expected_version,
                                         google::protobuf::Message& response,
                                         const std::function<absl::Status(pqxx::work&, tdkt::v1::Bloc&)>& change) {
  const std::string fingerprint =
      common::RequestFingerprint("", method, caller.person_id, request.SerializeAsString());
  return deps_.pool->InTransaction([&](pqxx::work& txn) -> absl::Status {
    return idempotency_.Run(txn, request_id, fingerprint, response, [&]() -> absl::Status {
      std::optional<tdkt::v1::Bloc> bloc = BlocStore::Load(txn, bloc_id, RowLock::kUpdate);
      if (!bloc) return BlocNotFound();
      if (expected_version != 0 && bloc->version() != expected_version) {
        return absl::AbortedError(absl::StrCat("Khối thi đua đã được cập nhật (phiên bản ", bloc->version(),
                                               ", yêu cầu dựa trên phiên bản ", expected_version,
                                               "); hãy tải lại và thử lại"));
      }
      return change(txn, *bloc);
    });
  });
}

absl::Status BlocServiceImpl::Save(pqxx::work& txn, tdkt::v1::Bloc& bloc) const {
  const int64_t before = bloc.version();
  bloc.set_version(before + 1);
  *bloc.mutable_updated_at() = common::ToProtoTime(deps_.clock->Now());
  return BlocStore::Update(txn, bloc, before);
}

grpc::Status BlocServiceImpl::CreateBloc(grpc::ServerContext* context, const tdkt::v1::CreateBlocRequest* request,
                                         tdkt::v1::CreateBlocResponse* response) {
  return common::Serve("CreateBloc", [&]() -> absl::Status {
    TDKT_ASSIGN_OR_RETURN(const auth::Identity caller, Caller(*context));
    TDKT_RETURN_IF_ERROR(common::CheckRequestId(request->request_id()));
    tdkt::v1::Bloc bloc;
    bloc.set_name_vi(request->bloc().name_vi());
    bloc.set_manager_org_id(request->bloc().manager_org_id());
    bloc.set_year(request->bloc().year());
    bloc.set_head_org_id(request->bloc().head_org_id());
    bloc.set_award_code(request->bloc().award_code());
    bloc.set_award_places(request->bloc().award_places());
    bloc.set_previous_bloc_id(request->bloc().previous_bloc_id());
    for (const tdkt::v1::BlocMember& m : request->bloc().members()) bloc.add_members()->set_org_id(m.org_id());
    TDKT_RETURN_IF_ERROR(CheckBlocFields(bloc, *deps_.catalog));
    if (!request->bloc().criteria().empty()) {
      TDKT_RETURN_IF_ERROR(CheckCriteria(request->bloc().criteria()));
      *bloc.mutable_criteria() = request->bloc().criteria();
      bloc.set_pledge_version(1);
    }
    const absl::CivilDay day = DayIn(bloc.year());
    TDKT_RETURN_IF_ERROR(access_.MayManage(caller, bloc.manager_org_id(), day));
    const std::vector<std::string> members = OrgIds(bloc);
    TDKT_RETURN_IF_ERROR(CheckBelowManager(members, bloc.manager_org_id(), day));
    if (!bloc.previous_bloc_id().empty()) {
      absl::StatusOr<tdkt::v1::Bloc> previous = Stored(bloc.previous_bloc_id());
      if (absl::IsNotFound(previous.status())) {
        return absl::InvalidArgumentError("Không tìm thấy khối của năm trước (bloc.previous_bloc_id)");
      }
      TDKT_RETURN_IF_ERROR(previous.status());
      if (previous->manager_org_id() != bloc.manager_org_id() || previous->year() != bloc.year() - 1) {
        return absl::InvalidArgumentError(
            "Khối của năm trước (bloc.previous_bloc_id) phải cùng đơn vị quản lý và thuộc năm liền trước");
      }
      if (bloc.head_org_id().empty()) bloc.set_head_org_id(RotatedHead(*previous, members));
    }
    if (bloc.head_org_id().empty() && !members.empty()) bloc.set_head_org_id(members.front());
    if (!bloc.head_org_id().empty() && !IsMember(bloc, bloc.head_org_id())) {
      return absl::InvalidArgumentError("Khối trưởng (bloc.head_org_id) phải là một đơn vị thành viên của khối");
    }
    bloc.clear_members();
    bloc.set_id(absl::StrCat("bl-", base::Sha256Hex(caller.person_id + "\n" + request->request_id()).substr(0, 24)));
    bloc.set_state(tdkt::v1::BLOC_STATE_OPEN);
    bloc.set_version(1);
    *bloc.mutable_created_at() = common::ToProtoTime(deps_.clock->Now());
    *bloc.mutable_updated_at() = bloc.created_at();
    const std::string fingerprint =
        common::RequestFingerprint("", "CreateBloc", caller.person_id, request->SerializeAsString());
    return deps_.pool->InTransaction([&](pqxx::work& txn) -> absl::Status {
      return idempotency_.Run(txn, request->request_id(), fingerprint, *response, [&]() -> absl::Status {
        BlocStore::Insert(txn, bloc, caller.person_id);
        TDKT_RETURN_IF_ERROR(BlocStore::AddMembers(txn, bloc, members));
        BlocStore::AddEvent(txn, bloc.id(), "CREATED", "", caller.person_id, deps_.clock->Now());
        *response->mutable_bloc() = *BlocStore::Load(txn, bloc.id());
        return absl::OkStatus();
      });
    });
  });
}

grpc::Status BlocServiceImpl::GetBloc(grpc::ServerContext* context, const tdkt::v1::GetBlocRequest* request,
                                      tdkt::v1::GetBlocResponse* response) {
  return common::Serve("GetBloc", [&]() -> absl::Status {
    TDKT_ASSIGN_OR_RETURN(const auth::Identity caller, Caller(*context));
    TDKT_RETURN_IF_ERROR(common::CheckIdentifier("mã khối thi đua (bloc_id)", request->bloc_id()));
    TDKT_ASSIGN_OR_RETURN(*response->mutable_bloc(), Readable(caller, request->bloc_id()));
    return absl::OkStatus();
  });
}

grpc::Status BlocServiceImpl::ListBlocs(grpc::ServerContext* context, const tdkt::v1::ListBlocsRequest* request,
                                        tdkt::v1::ListBlocsResponse* response) {
  return common::Serve("ListBlocs", [&]() -> absl::Status {
    TDKT_ASSIGN_OR_RETURN(const auth::Identity caller, Caller(*context));
    TDKT_RETURN_IF_ERROR(common::CheckIdentifier("đơn vị quản lý khối (manager_org_id)", request->manager_org_id()));
    if (request->year() < 2000 || request->year() > 2200) return absl::InvalidArgumentError("Năm (year) không hợp lệ");
    std::vector<tdkt::v1::Bloc> blocs;
    TDKT_RETURN_IF_ERROR(deps_.pool->InTransaction([&](pqxx::work& txn) {
      blocs = BlocStore::List(txn, request->manager_org_id(), request->year());
      return absl::OkStatus();
    }));
    for (tdkt::v1::Bloc& bloc : blocs) {
      TDKT_ASSIGN_OR_RETURN(const bool may, access_.MayRead(caller, bloc, DayIn(bloc.year())));
      if (may) *response->add_blocs() = std::move(bloc);
    }
    return absl::OkStatus();
  });
}

grpc::Status BlocServiceImpl::AddBlocMembers(grpc::ServerContext* context,
                                             const tdkt::v1::AddBlocMembersRequest* request,
                                             tdkt::v1::AddBlocMembersResponse* response) {
  return common::Serve("AddBlocMembers", [&]() -> absl::Status {
    TDKT_ASSIGN_OR_RETURN(const auth::Identity caller, Caller(*context));
    TDKT_RETURN_IF_ERROR(common::CheckRequestId(request->request_id()));
    TDKT_RETURN_IF_ERROR(common::CheckIdentifier("mã khối thi đua (bloc_id)", request->bloc_id()));
    TDKT_RETURN_IF_ERROR(common::CheckExpectedVersion(request->expected_version()));
    TDKT_RETURN_IF_ERROR(CheckMemberIds(request->org_ids(), "org_ids"));
    TDKT_ASSIGN_OR_RETURN(const tdkt::v1::Bloc stored, Stored(request->bloc_id()));
    const absl::CivilDay day = DayIn(stored.year());
    TDKT_RETURN_IF_ERROR(access_.MayManage(caller, stored.manager_org_id(), day));
    const std::vector<std::string> added(request->org_ids().begin(), request->org_ids().end());
    TDKT_RETURN_IF_ERROR(CheckBelowManager(added, stored.manager_org_id(), day));
    return ChangeBloc(caller, "AddBlocMembers", *request, request->request_id(), request->bloc_id(),
                      request->expected_version(), *response, [&](pqxx::work& txn, tdkt::v1::Bloc& bloc) -> absl::Status {
                        TDKT_RETURN_IF_ERROR(MustBeOpen(bloc));
                        TDKT_RETURN_IF_ERROR(BlocStore::AddMembers(txn, bloc, added));
                        if (bloc.head_org_id().empty()) bloc.set_head_org_id(added.front());
                        TDKT_RETURN_IF_ERROR(Save(txn, bloc));
                        for (const std::string& org : added) {
                          BlocStore::AddEvent(txn, bloc.id(), "MEMBER_ADDED", org, caller.person_id, deps_.clock->Now());
                        }
                        *response->mutable_bloc() = *BlocStore::Load(txn, bloc.id());
                        return absl::OkStatus();
                      });
  });
}

grpc::Status BlocServiceImpl::SetBlocHead(grpc::ServerContext* context, const tdkt::v1::SetBlocHeadRequest* request,
                                          tdkt::v1::SetBlocHeadResponse* response) {
  return common::Serve("SetBlocHead", [&]() -> absl::Status {
    TDKT_ASSIGN_OR_RETURN(const auth::Identity caller, Caller(*context));
    TDKT_RETURN_IF_ERROR(common::CheckRequestId(request->request_id()));
    TDKT_RETURN_IF_ERROR(common::CheckIdentifier("mã khối thi đua (bloc_id)", request->bloc_id()));
    TDKT_RETURN_IF_ERROR(common::CheckExpectedVersion(request->expected_version()));
    TDKT_RETURN_IF_ERROR(common::CheckIdentifier("khối trưởng (head_org_id)", request->head_org_id()));
    TDKT_ASSIGN_OR_RETURN(const tdkt::v1::Bloc stored, Stored(request->bloc_id()));
    TDKT_RETURN_IF_ERROR(access_.MayManage(caller, stored.manager_org_id(), DayIn(stored.year())));
    return ChangeBloc(caller, "SetBlocHead", *request, request->request_id(), request->bloc_id(),
                      request->expected_version(), *response, [&](pqxx::work& txn, tdkt::v1::Bloc& bloc) -> absl::Status {
                        TDKT_RETURN_IF_ERROR(MustBeOpen(bloc));
                        if (!IsMember(bloc, request->head_org_id())) {
                          return absl::FailedPreconditionError(
                              "Khối trưởng (head_org_id) phải là một đơn vị thành viên của khối");
                        }
                        bloc.set_head_org_id(request->head_org_id());
                        TDKT_RETURN_IF_ERROR(Save(txn, bloc));
                        BlocStore::AddEvent(txn, bloc.id(), "HEAD_SET", bloc.head_org_id(), caller.person_id,
                                            deps_.clock->Now());
                        *response->mutable_bloc() = bloc;
                        return absl::OkStatus();
                      });
  });
}

grpc::Status BlocServiceImpl::SetBlocPledge(grpc::ServerContext* context,
                                            const tdkt::v1::SetBlocPledgeRequest* request,
                                            tdkt::v1::SetBlocPledgeResponse* response) {
  return common::Serve("SetBlocPledge", [&]() -> absl::Status {
    TDKT_ASSIGN_OR_RETURN(const auth::Identity caller, Caller(*context));
    TDKT_RETURN_IF_ERROR(common::CheckRequestId(request->request_id()));
    TDKT_RETURN_IF_ERROR(common::CheckIdentifier("mã khối thi đua (bloc_id)", request->bloc_id()));
    TDKT_RETURN_IF_ERROR(common::CheckExpectedVersion(request->expected_version()));
    TDKT_RETURN_IF_ERROR(CheckCriteria(request->criteria()));
    TDKT_ASSIGN_OR_RETURN(const tdkt::v1::Bloc stored, Stored(request->bloc_id()));
    TDKT_RETURN_IF_ERROR(access_.MayManage(caller, stored.manager_org_id(), DayIn(stored.year())));
    return ChangeBloc(caller, "SetBlocPledge", *request, request->request_id(), request->bloc_id(),
                      request->expected_version(), *response, [&](pqxx::work& txn, tdkt::v1::Bloc& bloc) -> absl::Status {
                        TDKT_RETURN_IF_ERROR(MustBeOpen(bloc));
                        *bloc.mutable_criteria() = request->criteria();
                        bloc.set_pledge_version(bloc.pledge_version() + 1);
                        TDKT_RETURN_IF_ERROR(Save(txn, bloc));
                        if (BlocStore::ClearSignatures(txn, bloc.id()) > 0) {
                          BlocStore::AddEvent(txn, bloc.id(), "SIGNATURES_WITHDRAWN", "", caller.person_id,
                                              deps_.clock->Now());
                        }
                        BlocStore::AddEvent(txn, bloc.id(), "PLEDGE_SET", "", caller.person_id, deps_.clock->Now());
                        *response->mutable_bloc() = *BlocStore::Load(txn, bloc.id());
                        return absl::OkStatus();
                      });
  });
}

}  // namespace tdkt::campaign
