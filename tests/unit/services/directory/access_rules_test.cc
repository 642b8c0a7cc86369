// The GrantAuthorizer rules, without a server.
#include <gtest/gtest.h>

#include "services/directory/authorizer.h"
#include "services/directory/identity.h"

namespace tdkt::directory {
namespace {

TEST(GrantAuthorizer, AdminsReachDownTheirChainOnly) {
  GrantAuthorizer rules;
  const Identity commune_admin{"9", {{workflow::Role::kAdmin, "20"}}};
  const Identity province_admin{"9", {{workflow::Role::kAdmin, "1"}}};
  const Identity system{"9", {{workflow::Role::kAdmin, "*"}}};
  const Identity decider{"9", {{workflow::Role::kDecider, "1"}}};
  const std::vector<std::string> unit_chain = {"200", "20", "1"};
  const std::vector<std::string> sibling_chain = {"21", "1"};
  EXPECT_TRUE(rules.MayAdminister(commune_admin, unit_chain).ok());
  EXPECT_EQ(rules.MayAdminister(commune_admin, sibling_chain).code(), absl::StatusCode::kPermissionDenied);
  EXPECT_TRUE(rules.MayAdminister(province_admin, sibling_chain).ok());
  EXPECT_FALSE(rules.MayAdminister(decider, sibling_chain).ok());
  EXPECT_FALSE(rules.MayAdministerEverything(province_admin).ok());
  EXPECT_TRUE(rules.MayAdministerEverything(system).ok());
  EXPECT_TRUE(rules.MaySeePersonalData(province_admin, "5", unit_chain));
  EXPECT_FALSE(rules.MaySeePersonalData(commune_admin, "5", sibling_chain));
  EXPECT_TRUE(rules.MaySeePersonalData(decider, "9", sibling_chain));  // oneself
}

}  // namespace
}  // namespace tdkt::directory
