// The route table against the API the binary is built with: every entry resolves to a method of the right
// streaming kind, and what must stay unreachable is not in it.
#include "services/gateway/route_table.h"

#include <google/protobuf/descriptor.h>
#include <gtest/gtest.h>

#include <set>

namespace tdkt::gateway {
namespace {

TEST(RouteTable, EveryEntryResolvesToItsMethod) {
  absl::StatusOr<std::vector<Route>> routes = ResolveRoutes(RouteSpecs());
  ASSERT_TRUE(routes.ok()) << routes.status();
  // Only an RPC the API does not have yet may be left out (GetDossierStatistics before it is added).
  EXPECT_GE(routes->size(), RouteSpecs().size() - 1);
  for (const Route& route : *routes) {
    EXPECT_EQ(route.descriptor->name(), route.spec.method);
    EXPECT_EQ(route.path, "/api/v1/" + UpstreamName(route.spec.upstream) + "/" + route.spec.method);
    EXPECT_EQ(route.grpc_method, "/" + route.descriptor->service()->full_name() + "/" + route.spec.method);
  }
}

TEST(RouteTable, LoginRefreshLogoutAndInternalRpcsAreNotExposed) {
  std::set<std::string> exposed;
  for (const RouteSpec& spec : RouteSpecs()) exposed.insert(UpstreamName(spec.upstream) + "/" + spec.method);
  for (const char* hidden : {"directory/Login", "directory/Refresh", "directory/Logout", "directory/GetPublicKeys",
                             "directory/ImportDirectoryCsv", "dossier/EscalateDossier"}) {
    EXPECT_EQ(exposed.count(hidden), 0u) << hidden;
  }
  EXPECT_EQ(exposed.count("dossier/GetDossier"), 1u);
  EXPECT_EQ(exposed.count("dossier/GetDossierStatistics"), 1u);
  EXPECT_EQ(exposed.count("bloc/GetBlocRanking"), 1u);
  EXPECT_EQ(exposed.count("awards/ImportAwardHistory"), 1u);
  EXPECT_EQ(exposed.count("awards/ListAwardHistory"), 1u);
}

TEST(RouteTable, OnlyGetPublicStatusIsPublic) {
  for (const RouteSpec& spec : RouteSpecs()) {
    EXPECT_EQ(spec.public_rate_limited, spec.method == "GetPublicStatus") << spec.method;
  }
}

TEST(RouteTable, AWrongKindIsAnError) {
  RouteSpec unary_as_upload{.upstream = Upstream::kDossier, .method = "GetDossier", .kind = RouteKind::kUpload,
                            .chunk_field = "chunk"};
  EXPECT_FALSE(ResolveRoutes({unary_as_upload}).ok());
  RouteSpec stream_as_unary{.upstream = Upstream::kNotifier, .method = "WatchNotifications"};
  EXPECT_FALSE(ResolveRoutes({stream_as_unary}).ok());
  RouteSpec missing{.upstream = Upstream::kDossier, .method = "NoSuchRpc"};
  absl::StatusOr<std::vector<Route>> none = ResolveRoutes({missing});
  ASSERT_TRUE(none.ok());
  EXPECT_TRUE(none->empty());
}

}  // namespace
}  // namespace tdkt::gateway
