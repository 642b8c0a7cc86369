// BlocServiceImpl: the pledge's signatures, the year-end scorings, the head's closing and the ranking. A member
// signs once (the last signature freezes the bloc); it scores each other member once, never itself; the head
// closes when every member has received at least one scoring.
#include <algorithm>

#include <pqxx/pqxx>

#include "absl/strings/str_cat.h"
#include "base/status_macros.h"
#include "services/campaign/bloc_rules.h"
#include "services/campaign/bloc_service.h"
#include "services/common/handler.h"
#include "services/common/proto_time.h"
#include "services/common/request_checks.h"

namespace tdkt::campaign {
namespace {

absl::Status MustBeMember(const tdkt::v1::Bloc& bloc, const std::string& org_id) {
  if (std::any_of(bloc.members().begin(), bloc.members().end(),
                  [&](const tdkt::v1::BlocMember& m) { return m.org_id() == org_id; })) {
    return absl::OkStatus();
  }
  return absl::FailedPreconditionError(absl::StrCat("Đơn vị ", org_id, " không phải thành viên của khối thi đua"));
}

bool AllSigned(const tdkt::v1::Bloc& bloc) {
  return std::all_of(bloc.members().begin(), bloc.members().end(),
                     [](const tdkt::v1::BlocMember& m) { return !m.signed_by().empty(); });
}

}  // namespace

grpc::Status BlocServiceImpl::SignBlocPledge(grpc::ServerContext* context,
                                             const tdkt::v1::SignBlocPledgeRequest* request,
                                             tdkt::v1::SignBlocPledgeResponse* response) {
  return common::Serve("SignBlocPledge", [&]() -> absl::Status {
    TDKT_ASSIGN_OR_RETURN(const auth::Identity caller, Caller(*context));
    TDKT_RETURN_IF_ERROR(common::CheckRequestId(request->request_id()));
    TDKT_RETURN_IF_ERROR(common::CheckIdentifier("mã khối thi đua (bloc_id)", request->bloc_id()));
    TDKT_RETURN_IF_ERROR(common::CheckIdentifier("đơn vị ký (member_org_id)", request->member_org_id()));
    if (request->pledge_version() < 1) {
      return absl::InvalidArgumentError("Cần phiên bản giao ước đã đọc (pledge_version) để ký");
    }
    TDKT_RETURN_IF_ERROR(BlocAccess::MayActFor(caller, request->member_org_id(), "ký giao ước thi đua"));
    return ChangeBloc(caller, "SignBlocPledge", *request, request->request_id(), request->bloc_id(), 0, *response,
                      [&](pqxx::work& txn, tdkt::v1::Bloc& bloc) -> absl::Status {
      if (bloc.state() != tdkt::v1::BLOC_STATE_OPEN) {
        return absl::FailedPreconditionError("Giao ước thi đua đã được mọi thành viên ký; không ký thêm được");
      }
      TDKT_RETURN_IF_ERROR(MustBeMember(bloc, request->member_org_id()));
      if (bloc.criteria().empty() || bloc.head_org_id().empty() || bloc.members_size() < 2) {
        return absl::FailedPreconditionError(
            "Khối thi đua chưa sẵn sàng ký giao ước: cần ít nhất 2 thành viên, khối trưởng và các tiêu chí");
      }
      if (request->pledge_version() != bloc.pledge_version()) {
        return absl::AbortedError(absl::StrCat("Giao ước đã được sửa (phiên bản ", bloc.pledge_version(),
                                               ", đã đọc phiên bản ", request->pledge_version(),
                                               "); hãy đọc lại trước khi ký"));
      }
      const absl::Time now = deps_.clock->Now();
      TDKT_RETURN_IF_ERROR(BlocStore::Sign(txn, bloc.id(), request->member_org_id(), caller.person_id, now));
      BlocStore::AddEvent(txn, bloc.id(), "SIGNED", request->member_org_id(), caller.person_id, now);
      for (tdkt::v1::BlocMember& m : *bloc.mutable_members()) {
        if (m.org_id() == request->member_org_id()) m.set_signed_by(caller.person_id);
      }
      if (AllSigned(bloc)) {
        bloc.set_state(tdkt::v1::BLOC_STATE_PLEDGED);
        BlocStore::AddEvent(txn, bloc.id(), "FROZEN", "", caller.person_id, now);
      }
      TDKT_RETURN_IF_ERROR(Save(txn, bloc));
      *response->mutable_bloc() = *BlocStore::Load(txn, bloc.id());
      return absl::OkStatus();
    });
  });
}

grpc::Status BlocServiceImpl::ScoreBlocMember(grpc::ServerContext* context,
                                              const tdkt::v1::ScoreBlocMemberRequest* request,
                                              tdkt::v1::ScoreBlocMemberResponse* response) {
  return common::Serve("ScoreBlocMember", [&]() -> absl::Status {
    TDKT_ASSIGN_OR_RETURN(const auth::Identity caller, Caller(*context));
    TDKT_RETURN_IF_ERROR(common::CheckRequestId(request->request_id()));
    TDKT_RETURN_IF_ERROR(common::CheckIdentifier("mã khối thi đua (bloc_id)", request->bloc_id()));
    TDKT_RETURN_IF_ERROR(common::CheckIdentifier("đơn vị chấm (scorer_org_id)", request->scorer_org_id()));
    TDKT_RETURN_IF_ERROR(common::CheckIdentifier("đơn vị được chấm (scored_org_id)", request->scored_org_id()));
    if (request->scorer_org_id() == request->scored_org_id()) {
      return absl::InvalidArgumentError("Đơn vị không tự chấm điểm mình; chỉ chấm các thành viên khác của khối");
    }
    TDKT_RETURN_IF_ERROR(BlocAccess::MayActFor(caller, request->scorer_org_id(), "chấm điểm thi đua"));
    const std::string fingerprint =
        common::RequestFingerprint("", "ScoreBlocMember", caller.person_id, request->SerializeAsString());
    return deps_.pool->InTransaction([&](pqxx::work& txn) -> absl::Status {
      return idempotency_.Run(txn, request->request_id(), fingerprint, *response, [&]() -> absl::Status {
        // FOR SHARE: scorings of one bloc run side by side; closing (FOR UPDATE) waits for them.
        const std::optional<tdkt::v1::Bloc> bloc = BlocStore::Load(txn, request->bloc_id(), RowLock::kShare);
        if (!bloc) return absl::NotFoundError("Không tìm thấy khối thi đua (bloc not found)");
        if (bloc->state() != tdkt::v1::BLOC_STATE_PLEDGED) {
          return absl::FailedPreconditionError(
              bloc->state() == tdkt::v1::BLOC_STATE_OPEN
                  ? "Giao ước thi đua chưa được mọi thành viên ký; chưa chấm điểm được"
                  : "Khối trưởng đã khóa sổ chấm điểm; không chấm thêm được");
        }
        TDKT_RETURN_IF_ERROR(MustBeMember(*bloc, request->scorer_org_id()));
        TDKT_RETURN_IF_ERROR(MustBeMember(*bloc, request->scored_org_id()));
        TDKT_ASSIGN_OR_RETURN(const std::vector<int> ordered, ScoresInPledgeOrder(*bloc, request->scores()));
        tdkt::v1::BlocScoring& scoring = *response->mutable_scoring();
        scoring.set_scorer_org_id(request->scorer_org_id());
        scoring.set_scored_org_id(request->scored_org_id());
        for (size_t c = 0; c < ordered.size(); ++c) {
          tdkt::v1::CriterionScore* score = scoring.add_scores();
          score->set_criterion_code(bloc->criteria(static_cast<int>(c)).code());
          score->set_score(ordered[c]);
        }
        scoring.set_scored_by(caller.person_id);
        const absl::Time now = deps_.clock->Now();
        *scoring.mutable_scored_at() = common::ToProtoTime(now);
        TDKT_RETURN_IF_ERROR(BlocStore::InsertScoring(txn, bloc->id(), scoring, ordered));
        BlocStore::AddEvent(txn, bloc->id(), "SCORED", request->scored_org_id(), caller.person_id, now);
        return absl::OkStatus();
      });
    });
  });
}

grpc::Status BlocServiceImpl::CloseBlocScoring(grpc::ServerContext* context,
                                               const tdkt::v1::CloseBlocScoringRequest* request,
                                               tdkt::v1::CloseBlocScoringResponse* response) {
  return common::Serve("CloseBlocScoring", [&]() -> absl::Status {
    TDKT_ASSIGN_OR_RETURN(const auth::Identity caller, Caller(*context));
    TDKT_RETURN_IF_ERROR(common::CheckRequestId(request->request_id()));
    TDKT_RETURN_IF_ERROR(common::CheckIdentifier("mã khối thi đua (bloc_id)", request->bloc_id()));
    TDKT_RETURN_IF_ERROR(common::CheckExpectedVersion(request->expected_version()));
    TDKT_ASSIGN_OR_RETURN(const tdkt::v1::Bloc stored, Stored(request->bloc_id()));
    // The head is fixed once the bloc is pledged; before that, closing is refused below anyway.
    if (stored.head_org_id().empty()) {
      return absl::FailedPreconditionError("Khối thi đua chưa có khối trưởng");
    }
    TDKT_RETURN_IF_ERROR(BlocAccess::MayActFor(caller, stored.head_org_id(), "khóa sổ chấm điểm (khối trưởng)"));
    return ChangeBloc(caller, "CloseBlocScoring", *request, request->request_id(), request->bloc_id(),
                      request->expected_version(), *response, [&](pqxx::work& txn, tdkt::v1::Bloc& bloc) -> absl::Status {
      if (bloc.state() != tdkt::v1::BLOC_STATE_PLEDGED) {
        return absl::FailedPreconditionError(bloc.state() == tdkt::v1::BLOC_STATE_OPEN
                                                 ? "Giao ước chưa được mọi thành viên ký; chưa có điểm để tổng hợp"
                                                 : "Khối trưởng đã khóa sổ chấm điểm");
      }
      if (bloc.head_org_id() != stored.head_org_id()) {
        return absl::AbortedError("Khối trưởng đã thay đổi; hãy tải lại và thử lại");
      }
      std::vector<ScoringRow> rows;
      (void)BlocStore::Scorings(txn, bloc, &rows);
      tdkt::v1::BlocRanking ranking = RankBloc(bloc, rows);
      for (const tdkt::v1::BlocRankingRow& row : ranking.rows()) {
        if (row.scorings_received() == 0) {
          return absl::FailedPreconditionError(absl::StrCat(
              "Đơn vị ", row.org_id(), " chưa được thành viên nào chấm điểm; chưa khóa sổ được"));
        }
      }
      const absl::Time now = deps_.clock->Now();
      *ranking.mutable_closed_at() = common::ToProtoTime(now);
      ranking.set_closed_by(caller.person_id);
      BlocStore::SaveRanking(txn, bloc.id(), ranking);
      bloc.set_state(tdkt::v1::BLOC_STATE_CLOSED);
      TDKT_RETURN_IF_ERROR(Save(txn, bloc));
      BlocStore::AddEvent(txn, bloc.id(), "CLOSED", bloc.head_org_id(), caller.person_id, now);
      *response->mutable_bloc() = bloc;
      *response->mutable_ranking() = std::move(ranking);
      return absl::OkStatus();
    });
  });
}

grpc::Status BlocServiceImpl::GetBlocRanking(grpc::ServerContext* context,
                                             const tdkt::v1::GetBlocRankingRequest* request,
                                             tdkt::v1::GetBlocRankingResponse* response) {
  return common::Serve("GetBlocRanking", [&]() -> absl::Status {
    TDKT_ASSIGN_OR_RETURN(const auth::Identity caller, Caller(*context));
    TDKT_RETURN_IF_ERROR(common::CheckIdentifier("mã khối thi đua (bloc_id)", request->bloc_id()));
    TDKT_ASSIGN_OR_RETURN(const tdkt::v1::Bloc readable, Readable(caller, request->bloc_id()));
    return deps_.pool->InTransaction([&](pqxx::work& txn) -> absl::Status {
      // Read again in one transaction, so that the bloc, its scorings and its ranking agree.
      const std::optional<tdkt::v1::Bloc> bloc = BlocStore::Load(txn, readable.id());
      std::vector<ScoringRow> rows;
      for (tdkt::v1::BlocScoring& s : BlocStore::Scorings(txn, *bloc, &rows)) *response->add_scorings() = std::move(s);
      if (bloc->state() == tdkt::v1::BLOC_STATE_CLOSED) {
        *response->mutable_ranking() = *BlocStore::Ranking(txn, bloc->id());
      } else if (bloc->state() == tdkt::v1::BLOC_STATE_PLEDGED) {
        *response->mutable_ranking() = RankBloc(*bloc, rows);
      }
      *response->mutable_bloc() = *bloc;
      return absl::OkStatus();
    });
  });
}

}  // namespace tdkt::campaign
