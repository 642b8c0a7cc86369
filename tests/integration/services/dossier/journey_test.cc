// Every transition end to end through gRPC.
#include "tests/integration/services/dossier/dossier_fixture.h"

namespace tdkt::dossier {
namespace {
}  // namespace
}  // namespace tdkt::dossier
