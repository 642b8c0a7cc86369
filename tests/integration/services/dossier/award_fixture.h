#pragma once
// AwardHistoryFixture: the dossier journey fixture with the AwardHistoryService on the same port, CSV imports of
// earlier awards, and dossiers whose nominee is a directory person (the award history's subject). CSTĐCS
// proposed by U is decided at the commune C (3-level chain): its dossiers pass U's council, then C's.
//
//   ASSERT_TRUE(Import("U", LdttCsv(34, 2025), "base").ok());    // 34 LĐTT holders at U in 2025: CSTĐCS ≤ 5
//   StartFor("CSTD_CO_SO", 2025, "p-1");
//   ToAwaitingDecision();
#include <memory>
#include <string>

#include "tdkt/v1/award_history.grpc.pb.h"
#include "tests/integration/services/dossier/journey_fixture.h"

namespace tdkt::dossier {

class AwardHistoryFixture : public DossierJourney {
 protected:
  void SetUp() override {
    DossierJourney::SetUp();
    if (HasFatalFailure()) return;
    history_ = tdkt::v1::AwardHistoryService::NewStub(grpc::CreateChannel(
        "127.0.0.1:" + std::to_string(server_->bound_port()), grpc::InsecureChannelCredentials()));
  }

  // ImportAwardHistory for `org` as `context`'s caller (an appraiser of U when null).
  grpc::Status Import(const std::string& org, const std::string& csv, const std::string& request_id,
                      std::unique_ptr<grpc::ClientContext> context = nullptr,
                      tdkt::v1::ImportAwardHistoryResponse* response = nullptr) {
    if (!context) context = As(Role::kAppraiser, "U");
    tdkt::v1::ImportAwardHistoryRequest request;
    request.set_request_id(request_id);
    request.set_org_id(org);
    request.set_csv(csv);
    tdkt::v1::ImportAwardHistoryResponse ignored;
    return history_->ImportAwardHistory(context.get(), request, response != nullptr ? response : &ignored);
  }

  // The history of a person as `context`'s caller (an appraiser of U when null).
  tdkt::v1::ListAwardHistoryResponse HistoryOf(const std::string& person_id,
                                               std::unique_ptr<grpc::ClientContext> context = nullptr) {
    if (!context) context = As(Role::kAppraiser, "U");
    tdkt::v1::ListAwardHistoryRequest request;
    request.set_subject_kind(tdkt::v1::AWARD_SUBJECT_KIND_PERSON);
    request.set_subject_id(person_id);
    tdkt::v1::ListAwardHistoryResponse response;
    const grpc::Status status = history_->ListAwardHistory(context.get(), request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return response;
  }

  static constexpr char kHeader[] =
      "subject_kind,subject_id,award_code,year,decision_number,decision_date,issuing_body\n";

  // `n` LĐTT holders (persons ldtt-1 … ldtt-n, on lines 2 … n + 1) for `year`.
  static std::string LdttCsv(int n, int year) {
    std::string csv = kHeader;
    for (int i = 1; i <= n; ++i) {
      csv += "PERSON,ldtt-" + std::to_string(i) + ",LDTT," + std::to_string(year) + ",7/QĐ-TH," +
             std::to_string(year) + "-12-28,Trường Tiểu học Đồng Tân\n";
    }
    return csv;
  }
  // One row: `person` holds `award` in `year`.
  static std::string Row(const std::string& person, const std::string& award, int year) {
    return "PERSON," + person + "," + award + "," + std::to_string(year) + ",12/QĐ-UBND," + std::to_string(year) +
           "-12-20,UBND huyện Thanh Sơn\n";
  }

  // A dossier of `award` for `year` at U, nominee the directory person `person_id`, its documents attached;
  // id_ and version_ follow it.
  void StartFor(const std::string& award, int year, const std::string& person_id) {
    tdkt::v1::CreateDossierRequest request;
    request.set_request_id(NextRequestId());
    request.set_award_code(award);
    request.set_year(year);
    request.set_origin_org_id("U");
    tdkt::v1::Nominee* nominee = request.mutable_nominee();
    nominee->set_kind(tdkt::v1::NOMINEE_KIND_INDIVIDUAL);
    nominee->set_name("Nguyễn Thị Hoa");
    nominee->set_person_id(person_id);
    tdkt::v1::CreateDossierResponse response;
    const grpc::Status status = stub_->CreateDossier(As(Role::kSubmitter, "U").get(), request, &response);
    ASSERT_TRUE(status.ok()) << status.error_message();
    AttachRequiredDocuments(response.dossier().id(), award, "U");
    id_ = response.dossier().id();
    version_ = Get(id_).dossier().version();
  }

  // Submitted, through U's council and C's: AWAITING_DECISION at C.
  void ToAwaitingDecision() {
    Submit();
    PassLevel("U");
    const tdkt::v1::Dossier d = PassLevel("C");
    ASSERT_EQ(d.state(), tdkt::v1::DOSSIER_STATE_AWAITING_DECISION);
    ASSERT_EQ(d.holding_org_id(), "C");
  }

  static tdkt::v1::DecideDossierRequest Decision(const std::string& number) {
    tdkt::v1::DecideDossierRequest decide;
    decide.mutable_decision()->set_number(number);
    *decide.mutable_decision()->mutable_date() = D(2026, 3, 2);
    decide.mutable_decision()->set_signer_name("Trần Văn Bình");
    return decide;
  }

  std::unique_ptr<tdkt::v1::AwardHistoryService::Stub> history_;
};

}  // namespace tdkt::dossier
