// The nominee's personal data at rest, on real PostgreSQL: the dossier row holds the nominee's ID number sealed
// with the dossier service's PII key (services/common/pii_cipher.h), bound to its dossier, and the idempotency
// table holds keyed fingerprints that cannot be checked against guessed ID numbers without that key.
#include <pqxx/binarystring>

#include "base/sha256.h"
#include "services/common/idempotency.h"
#include "tests/integration/services/dossier/dossier_fixture.h"

namespace tdkt::dossier {
namespace {

namespace v1 = tdkt::v1;

using DossierPersonalData = DossierServiceTest;

v1::CreateDossierRequest CreateRequest(const std::string& request_id) {
  v1::CreateDossierRequest request;
  request.set_request_id(request_id);
  request.set_award_code("BANG_KHEN_TINH");
  request.set_year(2025);
  request.set_origin_org_id("U");
  request.mutable_nominee()->set_kind(v1::NOMINEE_KIND_INDIVIDUAL);
  request.mutable_nominee()->set_name("Nguyễn Thị Hoa");
  request.mutable_nominee()->set_id_number(kNomineeIdNumber);
  request.mutable_nominee()->set_birth_year(1988);
  return request;
}

TEST_F(DossierPersonalData, TheIdNumberIsEncryptedInTheDossierRow) {
  const v1::Dossier dossier = CreateAt();
  // Every column of the row, bytea as hex: neither the digits nor their hex form.
  const std::string row = AllText("dossier");
  ASSERT_NE(row.find(dossier.id()), std::string::npos);
  EXPECT_EQ(row.find(kNomineeIdNumber), std::string::npos);
  EXPECT_EQ(row.find("303031303838313233343536"), std::string::npos);
  // The service opens it for those who may see it.
  EXPECT_EQ(Get(dossier.id()).dossier().nominee().id_number(), kNomineeIdNumber);
  EXPECT_EQ(Get(dossier.id()).dossier().nominee().birth_year(), 1988);
}

TEST_F(DossierPersonalData, ASealedIdNumberCopiedToAnotherDossierDoesNotOpen) {
  const v1::Dossier a = CreateAt();
  const v1::Dossier b = CreateAt();
  Exec("UPDATE dossier.dossier SET nominee_id_number = (SELECT nominee_id_number FROM dossier.dossier WHERE id = '" +
       a.id() + "') WHERE id = '" + b.id() + "'");
  v1::GetDossierRequest request;
  request.set_dossier_id(b.id());
  v1::GetDossierResponse response;
  const grpc::Status status = stub_->GetDossier(As(Role::kSubmitter, "U").get(), request, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::DATA_LOSS) << status.error_message();
  EXPECT_TRUE(response.dossier().nominee().id_number().empty());
  EXPECT_EQ(Get(a.id()).dossier().nominee().id_number(), kNomineeIdNumber);
}

TEST_F(DossierPersonalData, TheStoredFingerprintOfACreationIsKeyed) {
  const v1::CreateDossierRequest request = CreateRequest("create-keyed");
  v1::CreateDossierResponse response;
  ASSERT_TRUE(stub_->CreateDossier(As(Role::kSubmitter, "U").get(), request, &response).ok());
  pqxx::connection connection(url_);
  pqxx::work work(connection);
  const std::string stored = pqxx::binarystring(
      work.exec1("SELECT fingerprint FROM dossier.idempotency WHERE request_id = 'create-keyed'")[0]).str();
  ASSERT_EQ(stored.size(), 32u);
  // Someone who reads the table and guesses the request (an ID number is 12 digits) cannot confirm the guess:
  // the fingerprint is neither a plain hash of the request nor keyed with anything but the service's secret.
  const std::string caller = Person("submitter", "U") + "\n";
  EXPECT_NE(stored, common::RequestFingerprint("", "CreateDossier", caller, request.SerializeAsString()));
  EXPECT_NE(stored, base::Sha256(request.SerializeAsString()));
  // It is keyed with a subkey of the service's PII key, never with the PII key itself.
  const auto cipher = common::PiiCipher::FromKeyText(pii_key_);
  ASSERT_TRUE(cipher.ok());
  EXPECT_EQ(stored, common::RequestFingerprint(cipher->DeriveKey(kFingerprintKeyPurpose), "CreateDossier", caller,
                                               request.SerializeAsString()));
}

}  // namespace
}  // namespace tdkt::dossier
