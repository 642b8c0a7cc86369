#pragma once
// DossierServiceImpl: the gRPC face of the dossier lifecycle (proto/tdkt/v1/dossier.proto). Thin: authenticate,
// validate the request at the edge (sizes, UTF-8, enum values, dates — INVALID_ARGUMENT and nothing written),
// build the workflow command, hand it to the TransitionRunner, map the status once (ToGrpcStatus).
//
// Not implemented yet (UNIMPLEMENTED through the generated base class): UploadDocument, GetDocumentContent,
// ListDocuments, RemoveDocument, ListInbox, SearchDossiers, GetPublicStatus.
#include "services/auth/token_verifier.h"
#include "services/dossier/dossier_store.h"
#include "services/dossier/transition_runner.h"
#include "tdkt/v1/dossier.grpc.pb.h"

namespace tdkt::dossier {

class DossierServiceImpl final : public tdkt::v1::DossierService::Service {
 public:
  DossierServiceImpl(const TransitionRunner& runner, const DossierStore& store, const auth::TokenVerifier& verifier)
      : runner_(runner), store_(store), verifier_(verifier) {}

  grpc::Status CreateDossier(grpc::ServerContext* context, const tdkt::v1::CreateDossierRequest* request,
                             tdkt::v1::CreateDossierResponse* response) override;
  grpc::Status SubmitDossier(grpc::ServerContext* context, const tdkt::v1::SubmitDossierRequest* request,
                             tdkt::v1::SubmitDossierResponse* response) override;
  grpc::Status AcceptDossier(grpc::ServerContext* context, const tdkt::v1::AcceptDossierRequest* request,
                             tdkt::v1::AcceptDossierResponse* response) override;
  grpc::Status ReturnForSupplement(grpc::ServerContext* context, const tdkt::v1::ReturnForSupplementRequest* request,
                                   tdkt::v1::ReturnForSupplementResponse* response) override;
  grpc::Status ResubmitDossier(grpc::ServerContext* context, const tdkt::v1::ResubmitDossierRequest* request,
                               tdkt::v1::ResubmitDossierResponse* response) override;
  grpc::Status SendToCouncil(grpc::ServerContext* context, const tdkt::v1::SendToCouncilRequest* request,
                             tdkt::v1::SendToCouncilResponse* response) override;
  grpc::Status OpenVote(grpc::ServerContext* context, const tdkt::v1::OpenVoteRequest* request,
                        tdkt::v1::OpenVoteResponse* response) override;
  grpc::Status CastVote(grpc::ServerContext* context, const tdkt::v1::CastVoteRequest* request,
                        tdkt::v1::CastVoteResponse* response) override;
  grpc::Status CloseVote(grpc::ServerContext* context, const tdkt::v1::CloseVoteRequest* request,
                         tdkt::v1::CloseVoteResponse* response) override;
  grpc::Status ForwardDossier(grpc::ServerContext* context, const tdkt::v1::ForwardDossierRequest* request,
                              tdkt::v1::ForwardDossierResponse* response) override;
  grpc::Status DecideDossier(grpc::ServerContext* context, const tdkt::v1::DecideDossierRequest* request,
                             tdkt::v1::DecideDossierResponse* response) override;
  grpc::Status RecordExternalOutcome(grpc::ServerContext* context,
                                     const tdkt::v1::RecordExternalOutcomeRequest* request,
                                     tdkt::v1::RecordExternalOutcomeResponse* response) override;
  grpc::Status PublishDossier(grpc::ServerContext* context, const tdkt::v1::PublishDossierRequest* request,
                              tdkt::v1::PublishDossierResponse* response) override;
  grpc::Status RejectDossier(grpc::ServerContext* context, const tdkt::v1::RejectDossierRequest* request,
                             tdkt::v1::RejectDossierResponse* response) override;
  grpc::Status WithdrawDossier(grpc::ServerContext* context, const tdkt::v1::WithdrawDossierRequest* request,
                               tdkt::v1::WithdrawDossierResponse* response) override;
  grpc::Status FileComplaint(grpc::ServerContext* context, const tdkt::v1::FileComplaintRequest* request,
                             tdkt::v1::FileComplaintResponse* response) override;
  grpc::Status EscalateDossier(grpc::ServerContext* context, const tdkt::v1::EscalateDossierRequest* request,
                               tdkt::v1::EscalateDossierResponse* response) override;
  grpc::Status GetDossier(grpc::ServerContext* context, const tdkt::v1::GetDossierRequest* request,
                          tdkt::v1::GetDossierResponse* response) override;
  grpc::Status VerifyHistory(grpc::ServerContext* context, const tdkt::v1::VerifyHistoryRequest* request,
                             tdkt::v1::VerifyHistoryResponse* response) override;

 private:
  // Authenticates, runs `request` through the runner and fills `response` (a message with a `dossier` field).
  template <typename Response>
  grpc::Status Run(grpc::ServerContext* context, CommandRequest request, Response* response);

  const TransitionRunner& runner_;
  const DossierStore& store_;
  const auth::TokenVerifier& verifier_;
};

}  // namespace tdkt::dossier
