#pragma once
// PersonStanding: what decides who may change a person (Authorizer::MayChangePerson) — the grants the person
// holds today or later, each as the organisation chain it sits in, and the two kinds of account that only the
// system administrator touches. PersonStore::Standing reads it.
#include <string>
#include <vector>

namespace tdkt::directory {

struct PersonStanding {
  // One chain per organisation where the person holds a role assignment or a council seat valid today or
  // starting later (ended ones do not count): the organisation first, then its ancestors up to the root.
  std::vector<std::vector<std::string>> grant_chains = {};
  bool system_admin = false;     // directory.system_admin: ADMIN over every organisation
  bool service_account = false;  // its tokens name a service ("svc") that other services trust
};

}  // namespace tdkt::directory
