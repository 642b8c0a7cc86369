#include "services/dossier/award_history_service.h"

#include <algorithm>
#include <map>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "base/status_macros.h"
#include "services/auth/grpc_identity.h"
#include "services/auth/system_administrator.h"
#include "services/common/handler.h"
#include "services/common/idempotency.h"
#include "services/common/proto_conversions.h"
#include "services/common/proto_time.h"
#include "services/common/request_checks.h"
#include "services/dossier/award_history_csv.h"
#include "services/dossier/award_rules.h"
#include "workflow/vietnam_time.h"

namespace tdkt::dossier {
namespace {

namespace v1 = tdkt::v1;
namespace wf = workflow;

constexpr size_t kMaxCsvBytes = size_t{4} << 20;

absl::StatusOr<AwardSubjectKind> SubjectKindOf(int kind) {
  switch (kind) {
    case v1::AWARD_SUBJECT_KIND_PERSON: return AwardSubjectKind::kPerson;
    case v1::AWARD_SUBJECT_KIND_COLLECTIVE: return AwardSubjectKind::kCollective;
    default: return absl::InvalidArgumentError("Loại đối tượng (subject_kind) phải là PERSON hoặc COLLECTIVE");
  }
}

v1::AwardHistoryEntry EntryOf(const AwardHistoryRecord& r, const wf::catalog::Catalog& catalog) {
  v1::AwardHistoryEntry entry;
  entry.set_subject_kind(r.subject_kind == AwardSubjectKind::kPerson ? v1::AWARD_SUBJECT_KIND_PERSON
                                                                     : v1::AWARD_SUBJECT_KIND_COLLECTIVE);
  entry.set_subject_id(r.subject_id);
  entry.set_org_id(r.org_id);
  entry.set_award_code(r.award_code);
  entry.set_award_name_vi(AwardNameOf(catalog, r.award_code));
  entry.set_year(r.year);
  entry.set_decision_number(r.decision_number);
  *entry.mutable_decision_date() = common::ToProtoDate(r.decision_date);
  entry.set_issuing_body_vi(r.issuing_body);
  entry.set_source(r.source == AwardHistorySource::kImport ? v1::AWARD_HISTORY_SOURCE_IMPORT
                                                           : v1::AWARD_HISTORY_SOURCE_TDKT);
  entry.set_dossier_id(r.dossier_id);
  *entry.mutable_recorded_at() = common::ToProtoTime(r.recorded_at);
  entry.set_withdrawn(r.withdrawn);
  return entry;
}

}  // namespace

AwardHistoryServiceImpl::AwardHistoryServiceImpl(const DossierStore& store, const wf::catalog::Catalog& catalog,
                                                 const OrgDirectory& directory, const auth::TokenVerifier& verifier,
                                                 const base::Clock& clock, AwardHistoryServiceOptions options)
    : store_(store), catalog_(catalog), directory_(directory), verifier_(verifier), clock_(clock),
      options_(std::move(options)) {}

absl::StatusOr<bool> AwardHistoryServiceImpl::Covers(const auth::Identity& caller, const std::string& org_id,
                                                     const std::vector<wf::Role>& roles) const {
  if (auth::IsSystemAdministrator(caller)) return true;
  if (caller.service_name) return false;
  TDKT_ASSIGN_OR_RETURN(std::vector<std::string> path, directory_.Ancestors(org_id, wf::VietnamDate(clock_.Now())));
  path.insert(path.begin(), org_id);
  for (const wf::RoleGrant& grant : caller.grants) {
    if (!roles.empty() && std::find(roles.begin(), roles.end(), grant.role) == roles.end()) continue;
    if (std::find(path.begin(), path.end(), grant.org_id) != path.end()) return true;
  }
  return false;
}

grpc::Status AwardHistoryServiceImpl::ImportAwardHistory(grpc::ServerContext* context,
                                                         const v1::ImportAwardHistoryRequest* request,
                                                         v1::ImportAwardHistoryResponse* response) {
  return common::Serve("ImportAwardHistory", [&]() -> absl::Status {
    TDKT_ASSIGN_OR_RETURN(const auth::Identity caller,
                          auth::AuthenticatedIdentity(*context, verifier_, options_.refresh_keys));
    TDKT_RETURN_IF_ERROR(common::CheckRequestId(request->request_id()));
    TDKT_RETURN_IF_ERROR(common::CheckIdentifier("đơn vị (org_id)", request->org_id()));
    absl::StatusOr<bool> covered = Covers(caller, request->org_id(), {wf::Role::kAdmin, wf::Role::kAppraiser});
    if (absl::IsNotFound(covered.status())) return absl::InvalidArgumentError("Đơn vị (org_id) không có trong danh mục");
    TDKT_RETURN_IF_ERROR(covered.status());
    if (!*covered) {
      return absl::PermissionDeniedError(
          "Chỉ quản trị viên hoặc cơ quan thường trực của đơn vị (hoặc đơn vị cấp trên) được nhập hồ sơ thành tích");
    }
    if (request->csv().size() > kMaxCsvBytes) return absl::InvalidArgumentError("Tệp CSV lớn hơn 4 MiB");
    const absl::Time now = clock_.Now();
    AwardHistoryCsv parsed = ParseAwardHistoryCsv(request->csv(), catalog_, wf::VietnamDate(now));
    if (!parsed.errors.empty()) return absl::InvalidArgumentError(absl::StrJoin(parsed.errors, "\n"));
    for (AwardHistoryRecord& record : parsed.records) {
      record.org_id = request->org_id();
      record.source = AwardHistorySource::kImport;
      record.import_id = request->request_id();
      record.recorded_at = absl::FromUnixMicros(absl::ToUnixMicros(now));
      record.recorded_by = caller.person_id;
    }
    v1::ImportAwardHistoryResponse fresh;
    fresh.set_imported(static_cast<int>(parsed.records.size()));
    const std::string fingerprint = common::RequestFingerprint(options_.fingerprint_key, "ImportAwardHistory",
                                                               caller.person_id, request->SerializeAsString());
    TDKT_ASSIGN_OR_RETURN(const std::string stored,
                          store_.ImportAwardHistory(request->request_id(), fingerprint, parsed.records,
                                                    fresh.SerializeAsString()));
    if (!response->ParseFromString(stored)) return absl::DataLossError("Phản hồi đã lưu của yêu cầu này bị hỏng");
    return absl::OkStatus();
  });
}

grpc::Status AwardHistoryServiceImpl::ListAwardHistory(grpc::ServerContext* context,
                                                       const v1::ListAwardHistoryRequest* request,
                                                       v1::ListAwardHistoryResponse* response) {
  return common::Serve("ListAwardHistory", [&]() -> absl::Status {
    TDKT_ASSIGN_OR_RETURN(const auth::Identity caller,
                          auth::AuthenticatedIdentity(*context, verifier_, options_.refresh_keys));
    TDKT_ASSIGN_OR_RETURN(const AwardSubjectKind kind, SubjectKindOf(request->subject_kind()));
    TDKT_RETURN_IF_ERROR(common::CheckIdentifier("đối tượng (subject_id)", request->subject_id()));
    TDKT_ASSIGN_OR_RETURN(const std::vector<AwardHistoryRecord> records,
                          store_.ListAwardHistory(kind, request->subject_id()));
    std::map<std::string, bool> covered;  // per organisation of the rows
    for (const AwardHistoryRecord& record : records) {
      auto it = covered.find(record.org_id);
      if (it == covered.end()) {
        absl::StatusOr<bool> covers = Covers(caller, record.org_id, {});
        if (!covers.ok() && !absl::IsNotFound(covers.status())) return covers.status();
        it = covered.emplace(record.org_id, covers.ok() && *covers).first;
      }
      if (it->second) *response->add_entries() = EntryOf(record, catalog_);
    }
    return absl::OkStatus();
  });
}

}  // namespace tdkt::dossier
