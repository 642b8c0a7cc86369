#pragma once
// DirectoryStores: the directory's stores, one per aggregate, over one DirectoryDb — what the service, the
// CSV import, the signing keys and the admin tool are given. The stores hold no state but the PII cipher.
//
//   DirectoryStores stores(pool.get(), cipher);
//   stores.db.InTransaction([&](Tx& tx) { return stores.auth.AddSystemAdmin(tx, person_id); });
#include "services/directory/audit_store.h"
#include "services/directory/auth_store.h"
#include "services/directory/council_store.h"
#include "services/directory/directory_db.h"
#include "services/directory/organisation_store.h"
#include "services/directory/person_store.h"
#include "services/directory/role_store.h"

namespace tdkt::directory {

struct DirectoryStores {
  // `cipher` may be null (see PersonStore).
  DirectoryStores(common::PgPool* pool, const PiiCipher* cipher) : db(pool), people(cipher) {}

  DirectoryDb db;
  OrganisationStore organisations;
  PersonStore people;
  RoleStore roles;
  CouncilStore councils;
  AuthStore auth;
  AuditStore audit;
};

}  // namespace tdkt::directory
