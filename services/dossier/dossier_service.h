#pragma once
// DossierServiceImpl: the gRPC face of the dossier lifecycle (proto/tdkt/v1/dossier.proto). Thin: every handler
// is one common::Serve body that checks the request at the edge (services/common/request_checks.h:
// INVALID_ARGUMENT and nothing written), authenticates, builds the TransitionRequest and hands it to the
// TransitionRunner, or reads through the store; Serve maps the status once.
//
// The handlers live in four files: transitions and GetDossier (dossier_service.cc), ListInbox, SearchDossiers
// and GetPublicStatus (dossier_service_queries.cc), documents (dossier_service_documents.cc), the dashboard's
// GetDossierStatistics (dossier_service_statistics.cc).
#include <functional>
#include <optional>
#include <set>
#include <string>

#include <google/protobuf/message.h>

#include "services/auth/token_verifier.h"
#include "services/common/address_rate_limiter.h"
#include "services/dossier/dossier_store.h"
#include "services/dossier/transition_runner.h"
#include "tdkt/v1/dossier.grpc.pb.h"

namespace tdkt::dossier {

struct DossierServiceOptions {
  // The largest document UploadDocument accepts (--max-document-bytes); checked while the stream arrives.
  int64_t max_document_bytes = int64_t{20} << 20;
  // Called once when a token names a key the verifier does not know (the directory rotated its keys): installs
  // fresh keys and returns true when it did (auth::KeyRefresher::Refresh). Null: no refetch.
  std::function<bool()> refresh_keys;
  // GetPublicStatus's limit per client address (dossier.proto), checked before any database work; owned by
  // DossierServer. Null: no limit.
  common::AddressRateLimiter* public_status_limit = nullptr;
  // The Ed25519 public key (32 bytes) whose anchors VerifyHistory trusts (DossierServer's anchor key); empty:
  // every anchor fails.
  std::string anchor_public_key;
};

class DossierServiceImpl final : public tdkt::v1::DossierService::Service {
 public:
  DossierServiceImpl(const TransitionRunner& runner, const DossierStore& store, const auth::TokenVerifier& verifier,
                     DossierServiceOptions options = {})
      : runner_(runner), store_(store), verifier_(verifier), options_(std::move(options)) {}

  grpc::Status UploadDocument(grpc::ServerContext* context,
                              grpc::ServerReader<tdkt::v1::UploadDocumentRequest>* reader,
                              tdkt::v1::UploadDocumentResponse* response) override;
  grpc::Status GetDocumentContent(grpc::ServerContext* context, const tdkt::v1::GetDocumentContentRequest* request,
                                  grpc::ServerWriter<tdkt::v1::GetDocumentContentResponse>* writer) override;
  grpc::Status ListDocuments(grpc::ServerContext* context, const tdkt::v1::ListDocumentsRequest* request,
                             tdkt::v1::ListDocumentsResponse* response) override;
  grpc::Status RemoveDocument(grpc::ServerContext* context, const tdkt::v1::RemoveDocumentRequest* request,
                              tdkt::v1::RemoveDocumentResponse* response) override;
  grpc::Status ListInbox(grpc::ServerContext* context, const tdkt::v1::ListInboxRequest* request,
                         tdkt::v1::ListInboxResponse* response) override;
  grpc::Status SearchDossiers(grpc::ServerContext* context, const tdkt::v1::SearchDossiersRequest* request,
                              tdkt::v1::SearchDossiersResponse* response) override;
  grpc::Status GetPublicStatus(grpc::ServerContext* context, const tdkt::v1::GetPublicStatusRequest* request,
                               tdkt::v1::GetPublicStatusResponse* response) override;
  grpc::Status GetDossierStatistics(grpc::ServerContext* context, const tdkt::v1::GetDossierStatisticsRequest* request,
                                    tdkt::v1::GetDossierStatisticsResponse* response) override;

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
  absl::Status Transition(const grpc::ServerContext& context, TransitionRequest request, Response* response) const;
  // Runs `request` for `caller` and parses the (first) response into `response`.
  absl::Status RunTransition(const auth::Identity& caller, TransitionRequest request, const ResponseRenderer& render,
                             google::protobuf::Message* response) const;
  // The dossier as a command's response shows it: what GetDossier shows the caller (view.sees). The response is
  // stored sealed for replays, which only the same caller gets (the fingerprint covers the caller).
  tdkt::v1::Dossier CommandView(const DossierView& view) const;
  // SearchDossiers' org_subtree_id: PERMISSION_DENIED unless it is, or lies below, an organisation in `visible`.
  absl::Status CheckSubtreeVisible(const std::string& subtree_org_id, const std::set<std::string>& visible) const;

  // The caller from the bearer token (UNAUTHENTICATED otherwise).
  absl::StatusOr<auth::Identity> Caller(const grpc::ServerContext& context) const;

  // What the caller may read of a dossier (workflow/visibility.h): NOT_FOUND, or PERMISSION_DENIED unless it
  // sees the dossier (and its documents, when `documents`).
  enum class Reading { kDossier, kDocuments };
  absl::StatusOr<LoadedDossier> LoadVisible(const auth::Identity& caller, const std::string& dossier_id,
                                            Reading reading) const;
  // A dossier as a read shows it to a caller who sees `sees` of it.
  tdkt::v1::Dossier ViewFor(const workflow::Visibility& sees, const LoadedDossier& loaded) const;
  // The dossier as the API shows it: the ID number and the ballot's participation as `sees` allows.
  tdkt::v1::Dossier DossierMessage(const DossierRow& row, const std::optional<DeadlineRecord>& deadline,
                                   const workflow::Visibility& sees) const;

  const TransitionRunner& runner_;
  const DossierStore& store_;
  const auth::TokenVerifier& verifier_;
  const DossierServiceOptions options_;
};

}  // namespace tdkt::dossier
