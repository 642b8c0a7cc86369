// Codes that the award catalogue does not know are typing errors, refused with INVALID_ARGUMENT before anything
// is written: a document kind no catalogue file names, and a missing document kind that the award does not
// require (data/awards/).
#include "tdkt/v1/events.pb.h"
#include "tests/integration/services/dossier/journey_fixture.h"

namespace tdkt::dossier {
namespace {

namespace v1 = tdkt::v1;

class DossierCatalogueCodes : public DossierJourney {
 protected:
  // Row counts of every table a command writes.
  std::vector<long long> Counts() {
    return {Count("document"), Count("event"), Count("outbox"), Count("idempotency"), Count("dossier")};
  }

  grpc::StatusCode Return(std::vector<std::string> missing) {
    v1::ReturnForSupplementRequest request;
    request.set_reason_vi("Thiếu hồ sơ");
    for (std::string& kind : missing) request.add_missing_document_kinds(std::move(kind));
    request.set_request_id(NextRequestId());
    request.set_dossier_id(id_);
    request.set_expected_version(version_);
    v1::ReturnForSupplementResponse response;
    const grpc::Status status = stub_->ReturnForSupplement(As(Role::kAppraiser, "U").get(), request, &response);
    if (status.ok()) version_ = response.dossier().version();
    return status.error_code();
  }
};

TEST_F(DossierCatalogueCodes, AnUploadOfAKindNoCatalogueNamesIsRefusedAndStoresNothing) {
  Start();
  const std::vector<long long> before = Counts();
  v1::UploadDocumentResponse response;
  for (const char* kind : {"GIAY_MOI_HOP", "to_trinh", "CSTD_CO_SO"}) {
    const grpc::Status status = Upload(kind, &response);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << kind;
    EXPECT_NE(status.error_message().find("danh mục"), std::string::npos) << status.error_message();
  }
  EXPECT_EQ(Counts(), before);
  EXPECT_EQ(Get(id_).dossier().document_count(), 3);
  // A kind of the catalogue that this award does not require may still be attached (an extra document).
  ASSERT_TRUE(Upload("BIEN_BAN_KIEM_PHIEU", &response).ok());
  EXPECT_EQ(response.document().kind(), "BIEN_BAN_KIEM_PHIEU");
}

TEST_F(DossierCatalogueCodes, MissingKindsOfAReturnMustBeRequiredByTheAward) {
  Start();
  Submit();
  Accept("U");
  const std::vector<long long> before = Counts();
  const int64_t version = version_;
  EXPECT_EQ(Return({"KHONG_CO_TRONG_DANH_MUC"}), grpc::StatusCode::INVALID_ARGUMENT);
  // In the catalogue, but not among the Bằng khen's required documents.
  EXPECT_EQ(Return({"TO_TRINH", "CHUNG_NHAN_SANG_KIEN"}), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(Counts(), before);
  EXPECT_EQ(Get(id_).dossier().version(), version);
  EXPECT_EQ(Get(id_).dossier().state(), v1::DOSSIER_STATE_UNDER_REVIEW);

  ASSERT_EQ(Return({"TO_TRINH", "BIEN_BAN_XET"}), grpc::StatusCode::OK);
  // The kinds travel with the event (the notifier tells the unit what to bring).
  pqxx::connection connection(url_);
  pqxx::work work(connection);
  const pqxx::row row =
      work.exec1("SELECT envelope FROM dossier.outbox WHERE type = 'EVENT_TYPE_DOSSIER_RETURNED'");
  v1::EventEnvelope envelope;
  ASSERT_TRUE(envelope.ParseFromString(pqxx::binarystring(row[0]).str()));
  ASSERT_EQ(envelope.dossier_returned().missing_document_kinds_size(), 2);
  EXPECT_EQ(envelope.dossier_returned().missing_document_kinds(0), "TO_TRINH");
  EXPECT_EQ(envelope.dossier_returned().missing_document_kinds(1), "BIEN_BAN_XET");
}

}  // namespace
}  // namespace tdkt::dossier
