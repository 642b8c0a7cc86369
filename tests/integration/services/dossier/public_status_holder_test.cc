// GetPublicStatus tells a citizen who holds the dossier: the holding organisation's official name, from the
// directory (organisations are public), as it moves up the chain.
#include "tests/integration/services/dossier/journey_fixture.h"

namespace tdkt::dossier {
namespace {

namespace v1 = tdkt::v1;

class DossierPublicStatusHolder : public DossierJourney {
 protected:
  v1::PublicDossierStatus Status(const std::string& tracking_code) {
    v1::GetPublicStatusRequest request;
    request.set_tracking_code(tracking_code);
    v1::GetPublicStatusResponse response;
    const grpc::Status status = stub_->GetPublicStatus(WithToken("").get(), request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return response.status();
  }
};

TEST_F(DossierPublicStatusHolder, NamesTheOrganisationHoldingTheDossier) {
  Start();
  const std::string code = Get(id_).dossier().tracking_code();
  Submit();
  EXPECT_EQ(Status(code).holding_org_name_vi(), "Trường Tiểu học Đồng Tân");
  PassLevel("U");
  const v1::PublicDossierStatus at_commune = Status(code);
  EXPECT_EQ(at_commune.current_level(), v1::ORG_LEVEL_COMMUNE);
  EXPECT_EQ(at_commune.holding_org_name_vi(), "UBND xã Đồng Tân");
}

}  // namespace
}  // namespace tdkt::dossier
