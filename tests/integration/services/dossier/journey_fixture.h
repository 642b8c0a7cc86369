#pragma once
// DossierJourney: the dossier service fixture with one call per command, as tests of whole journeys use them.
// Each call checks the status and returns the dossier after it; `version_` follows the dossier.
//
//   Start();                          // a dossier at U with its required documents
//   Submit();
//   tdkt::v1::Dossier d = PassLevel("U");  // accept, send to council, open, three yes votes, close
#include <memory>
#include <string>

#include "tests/integration/services/dossier/dossier_fixture.h"

namespace tdkt::dossier {

class DossierJourney : public DossierServiceTest {
 protected:
  using Stub = tdkt::v1::DossierService::Stub;
  using DossierServiceTest::DossierServiceTest;

  template <typename Request, typename Response, typename Call>
  tdkt::v1::Dossier Do(Call call, Request request, std::unique_ptr<grpc::ClientContext> context,
                       grpc::StatusCode expected = grpc::StatusCode::OK) {
    request.set_request_id(NextRequestId());
    request.set_dossier_id(id_);
    if (request.expected_version() == 0) request.set_expected_version(version_);
    Response response;
    grpc::Status status = (stub_.get()->*call)(context.get(), request, &response);
    EXPECT_EQ(status.error_code(), expected) << status.error_message();
    if (status.ok()) version_ = response.dossier().version();
    return response.dossier();
  }

  tdkt::v1::Dossier Submit() {
    return Do<tdkt::v1::SubmitDossierRequest, tdkt::v1::SubmitDossierResponse>(&Stub::SubmitDossier, {},
                                                                               As(Role::kSubmitter, "U"));
  }
  tdkt::v1::Dossier Accept(const std::string& org) {
    return Do<tdkt::v1::AcceptDossierRequest, tdkt::v1::AcceptDossierResponse>(&Stub::AcceptDossier, {},
                                                                               As(Role::kAppraiser, org));
  }
  tdkt::v1::Dossier SendToCouncil(const std::string& org) {
    return Do<tdkt::v1::SendToCouncilRequest, tdkt::v1::SendToCouncilResponse>(&Stub::SendToCouncil, {},
                                                                               As(Role::kAppraiser, org));
  }
  tdkt::v1::Dossier OpenVote(const std::string& org, grpc::StatusCode expected = grpc::StatusCode::OK,
                             Role role = Role::kCouncilChair) {
    return Do<tdkt::v1::OpenVoteRequest, tdkt::v1::OpenVoteResponse>(&Stub::OpenVote, {}, As(role, org), expected);
  }
  tdkt::v1::Dossier Cast(const std::string& member, const std::string& org, const std::string& vote_id,
                         tdkt::v1::VoteChoice choice, grpc::StatusCode expected = grpc::StatusCode::OK) {
    tdkt::v1::CastVoteRequest request;
    request.set_vote_id(vote_id);
    request.set_choice(choice);
    request.set_request_id(NextRequestId());
    request.set_dossier_id(id_);
    request.set_expected_version(0);
    tdkt::v1::CastVoteResponse response;
    grpc::Status status =
        stub_->CastVote(AsPerson(Person(member, org), {{Role::kCouncilMember, org}}).get(), request, &response);
    EXPECT_EQ(status.error_code(), expected) << status.error_message();
    if (status.ok()) version_ = response.dossier().version();
    return response.dossier();
  }
  tdkt::v1::Dossier CloseVote(const std::string& org, const std::string& vote_id) {
    tdkt::v1::CloseVoteRequest request;
    request.set_vote_id(vote_id);
    return Do<tdkt::v1::CloseVoteRequest, tdkt::v1::CloseVoteResponse>(&Stub::CloseVote, request,
                                                                       As(Role::kCouncilChair, org));
  }
  // Council vote at `org`, all three members yes: the dossier moves on.
  tdkt::v1::Dossier PassLevel(const std::string& org) {
    Accept(org);
    SendToCouncil(org);
    const tdkt::v1::Dossier opened = OpenVote(org);
    EXPECT_EQ(opened.vote().status(), tdkt::v1::VOTE_STATUS_OPEN);
    EXPECT_EQ(opened.vote().eligible_count(), 3);
    const std::string vote_id = opened.vote().vote_id();
    for (const char* member : {"chair", "m1", "m2"}) Cast(member, org, vote_id, tdkt::v1::VOTE_CHOICE_YES);
    return CloseVote(org, vote_id);
  }

  // Uploads a small PDF of `kind` as `context`'s caller (a submitter of U when null).
  grpc::Status Upload(const std::string& kind, tdkt::v1::UploadDocumentResponse* response,
                      std::unique_ptr<grpc::ClientContext> context = nullptr) {
    if (!context) context = As(Role::kSubmitter, "U");
    const std::string content = "%PDF-1.7\n% " + kind + "\n";
    auto writer = stub_->UploadDocument(context.get(), response);
    tdkt::v1::UploadDocumentRequest first;
    first.set_request_id(NextRequestId());
    first.set_expected_version(version_);
    tdkt::v1::DocumentUploadMetadata* m = first.mutable_metadata();
    m->set_dossier_id(id_);
    m->set_kind(kind);
    m->set_file_name(kind + ".pdf");
    m->set_content_type("application/pdf");
    m->set_size_bytes(static_cast<int64_t>(content.size()));
    tdkt::v1::UploadDocumentRequest chunk;
    chunk.set_chunk(content);
    if (writer->Write(first)) writer->Write(chunk);
    writer->WritesDone();
    grpc::Status status = writer->Finish();
    if (status.ok()) version_ = response->dossier().version();
    return status;
  }

  void Start(const std::string& award = "BANG_KHEN_TINH") {
    const tdkt::v1::Dossier created = CreateAt("U", award);
    id_ = created.id();
    version_ = created.version();
  }

  static tdkt::v1::Date D(int y, int m, int d) {
    tdkt::v1::Date date;
    date.set_year(y);
    date.set_month(m);
    date.set_day(d);
    return date;
  }

  std::string id_;
  int64_t version_ = 0;
};

}  // namespace tdkt::dossier
