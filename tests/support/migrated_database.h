#pragma once
// NewMigratedDatabase: a fresh database for one test with a service's migrations already applied — of one
// schema, or of each schema the service owns — made in milliseconds as a copy (CREATE DATABASE … TEMPLATE) of a
// template database that has them.
//
// There is one template per migration set, made once per server: its name carries a hash of the migrations
// (file names and SQL), so a template left on an external server by an older schema is never used, and it is
// made under an advisory lock, so test processes running in parallel make it once. A template half made by a
// process that died is dropped and made again. Tests of the migrations themselves use NewDatabase() (empty).
//
//   url_ = testing::NewMigratedDatabase("directory", DirectoryMigrations());
//   url_ = testing::NewMigratedDatabase({{"dossier", DossierMigrations()}, {"anchor", AnchorMigrations()}});
#include <string>
#include <vector>

#include "services/common/migrations.h"

namespace tdkt::testing {

// One schema and its migrations.
struct SchemaMigrations {
  std::string schema;
  std::vector<common::Migration> migrations;
};

// The database is on TestPostgres() and dropped when the current test ends; returns its URL. Ends the test
// process (exit code 1, with the reason) when the template cannot be made.
std::string NewMigratedDatabase(const std::string& schema, const std::vector<common::Migration>& migrations);
// The same with several schemas, migrated in the order given.
std::string NewMigratedDatabase(const std::vector<SchemaMigrations>& schemas);

// "tdkt_template_<schema>_<first 16 hex digits of the migrations' SHA-256>"; for several schemas their names
// joined by '_', and the digest covers each schema's name and migrations.
std::string TemplateName(const std::string& schema, const std::vector<common::Migration>& migrations);
std::string TemplateName(const std::vector<SchemaMigrations>& schemas);

}  // namespace tdkt::testing
