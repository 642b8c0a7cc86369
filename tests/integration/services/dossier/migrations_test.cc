// The dossier schema's later migrations on rows written before them, read back through the store: levels
// stored as workflow::OrgLevel (0..4) become the tdkt.v1.OrgLevel numbers (1..5) and mean the same level
// (006), and idempotency records keep their fingerprint, now as bytes, and still answer a retry (005).
#include <gtest/gtest.h>
#include <pqxx/pqxx>

#include <string>
#include <vector>

#include "base/sha256.h"
#include "dossier_migrations.h"
#include "services/common/idempotency.h"
#include "services/common/migrations.h"
#include "services/common/pg_pool.h"
#include "services/dossier/dossier_store.h"
#include "services/dossier/snapshot_codec.h"
#include "tests/support/servers_environment.h"

namespace tdkt::dossier {
namespace {

class DossierMigrationsTest : public ::testing::Test {
 protected:
  void SetUp() override { url_ = testing::NewDatabase(); }

  // Applies the dossier migrations whose names sort before `first_left_out` ("" = all of them).
  void Migrate(const std::string& first_left_out = "") {
    std::vector<common::Migration> migrations;
    for (const common::Migration& m : DossierMigrations()) {
      if (first_left_out.empty() || m.name < first_left_out) migrations.push_back(m);
    }
    pqxx::connection connection(url_);
    const absl::Status status = common::ApplyMigrations(connection, "dossier", migrations);
    ASSERT_TRUE(status.ok()) << status;
  }

  void Exec(const std::string& sql) {
    pqxx::connection connection(url_);
    pqxx::work work(connection);
    work.exec(sql);
    work.commit();
  }

  std::string url_;
};

TEST_F(DossierMigrationsTest, LevelsWrittenBeforeTheProtoNumberingReadBackTheSame) {
  Migrate("006");
  // As the store wrote them until now: a dossier at the commune (workflow::OrgLevel 1) with a document attached
  // at the unit (0).
  workflow::DossierSnapshot s;
  s.id = "old-1";
  s.state = workflow::DossierState::kSubmitted;
  s.version = 3;
  s.level_index = 1;
  s.holder_org_id = "C";
  s.origin_org_id = "U";
  s.award_code = "BANG_KHEN_TINH";
  pqxx::connection connection(url_);
  {
    pqxx::work w(connection);
    w.exec_params("INSERT INTO dossier.dossier (id, tracking_code, snapshot, state, level_index, holder_org_id, "
                  "origin_org_id, award_code, year, nominee_name, nominee, state_changed_at, version, created_at, "
                  "updated_at, origin_org_path, current_level) VALUES ('old-1', 'T-1', $1, 'SUBMITTED', 1, 'C', 'U', "
                  "'BANG_KHEN_TINH', 2025, 'Nguyễn Thị Hoa', ''::bytea, now(), 3, now(), now(), ARRAY['U', 'C'], 1)",
                  SnapshotToJson(s));
    w.exec("INSERT INTO dossier.document (id, dossier_id, kind, file_name, content_type, size_bytes, sha256, content, "
           "level, uploaded_by, uploaded_org, uploaded_at) VALUES ('doc-1', 'old-1', 'TO_TRINH', 'a.pdf', "
           "'application/pdf', 5, 'x', '%PDF-'::bytea, 0, 'submitter@U', 'U', now())");
    w.commit();
  }
  Migrate();

  auto pool = common::PgPool::Connect(url_, 1);
  ASSERT_TRUE(pool.ok()) << pool.status();
  const DossierStore store(pool->get());
  auto loaded = store.Load("old-1");
  ASSERT_TRUE(loaded.ok()) << loaded.status();
  EXPECT_EQ(loaded->row.current_level, workflow::OrgLevel::kCommune);
  auto documents = store.ListDocuments("old-1");
  ASSERT_TRUE(documents.ok()) << documents.status();
  ASSERT_EQ(documents->size(), 1u);
  EXPECT_EQ((*documents)[0].level, workflow::OrgLevel::kUnit);
  SearchQuery query;
  query.visible_orgs = {"U"};
  query.level = workflow::OrgLevel::kCommune;
  auto found = store.Search(query);
  ASSERT_TRUE(found.ok()) << found.status();
  EXPECT_EQ(found->size(), 1u);
  query.level = workflow::OrgLevel::kUnit;
  EXPECT_TRUE(store.Search(query)->empty());
  pqxx::work w(connection);
  EXPECT_EQ(w.exec1("SELECT current_level FROM dossier.dossier WHERE id = 'old-1'")[0].as<int>(), 2);  // COMMUNE
  EXPECT_EQ(w.exec1("SELECT level FROM dossier.document WHERE id = 'doc-1'")[0].as<int>(), 1);        // UNIT
}

TEST_F(DossierMigrationsTest, IdempotencyRecordsKeepTheirFingerprintAsBytesAndStillAnswer) {
  Migrate("005");
  const std::string fingerprint = common::RequestFingerprint("", "SubmitDossier", "submitter@U\n", "request");
  Exec("INSERT INTO dossier.idempotency (request_id, request_sha256, response) VALUES ('r-1', '" +
       base::HexOf(fingerprint) + "', 'first'::bytea)");
  Migrate();

  pqxx::connection connection(url_);
  pqxx::work w(connection);
  const common::Idempotency idempotency("dossier");
  auto earlier = idempotency.Claim(w, "r-1", fingerprint);
  ASSERT_TRUE(earlier.ok()) << earlier.status();
  ASSERT_TRUE(earlier->has_value());
  EXPECT_EQ(**earlier, "first");
  EXPECT_EQ(idempotency.Claim(w, "r-1", base::Sha256("another request")).status().code(),
            absl::StatusCode::kAlreadyExists);
}

}  // namespace
}  // namespace tdkt::dossier
