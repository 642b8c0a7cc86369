// The dossier schema's later migrations on rows written before them, read back through the store: levels
// stored as workflow::OrgLevel (0..4) become the tdkt.v1.OrgLevel numbers (1..5) and mean the same level
// (006), idempotency records keep their fingerprint, now as bytes, and still answer a retry (005), the
// organisations that held a dossier come from its history (007), and ID numbers stored in clear stop the
// service until the one-off sealing has run (008).
#include <gtest/gtest.h>
#include <pqxx/binarystring>
#include <pqxx/pqxx>

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "base/clock.h"
#include "base/sha256.h"
#include "dossier_migrations.h"
#include "services/auth/token_verifier.h"
#include "services/common/idempotency.h"
#include "services/common/migrations.h"
#include "services/common/pg_pool.h"
#include "services/common/pii_cipher.h"
#include "services/dossier/dossier_server.h"
#include "services/dossier/dossier_store.h"
#include "services/dossier/snapshot_codec.h"
#include "tdkt/v1/dossier.pb.h"
#include "tests/integration/services/dossier/support/in_memory_org_directory.h"
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

  // A dossier row as the store wrote it before migration 009 (no held organisations), or before 010 with
  // `held` (the nominee in clear).
  void InsertOldRow(pqxx::transaction_base& w, const std::string& id, const std::string& holder, int level_index,
                    const std::string& nominee, const std::string& held = "") {
    workflow::DossierSnapshot s;
    s.id = id;
    s.state = workflow::DossierState::kSubmitted;
    s.version = 3;
    s.level_index = level_index;
    s.holder_org_id = holder;
    s.origin_org_id = "U";
    s.award_code = "BANG_KHEN_TINH";
    w.exec_params(absl::StrCat("INSERT INTO dossier.dossier (id, tracking_code, snapshot, state, level_index, "
                  "holder_org_id, origin_org_id, award_code, year, nominee_name, nominee, state_changed_at, version, "
                  "created_at, updated_at, origin_org_path, current_level", held.empty() ? "" : ", held_org_ids",
                  ") VALUES ($1, 'T-' || $1, $2, 'SUBMITTED', $3, $4, 'U', 'BANG_KHEN_TINH', 2025, "
                  "'Nguyễn Thị Hoa', $5, now(), 3, now(), now(), ARRAY['U', 'C', 'P'], 2", held.empty() ? "" : ", '" + held + "'", ")"),
                  id, SnapshotToJson(s), level_index, holder, pqxx::binarystring(nominee));
  }

  std::string url_;
  const common::PiiCipher cipher_ = *common::PiiCipher::FromKeyText(common::PiiCipher::GenerateKeyText());
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
  const DossierStore store(pool->get(), cipher_);
  ASSERT_EQ(*store.SealIdNumbers(), 1);  // an old row: marked by migration 010, read once sealed
  auto loaded = store.Load("old-1");
  ASSERT_TRUE(loaded.ok()) << loaded.status();
  EXPECT_EQ(loaded->row.current_level, workflow::OrgLevel::kCommune);
  auto documents = store.ListDocuments("old-1");
  ASSERT_TRUE(documents.ok()) << documents.status();
  ASSERT_EQ(documents->size(), 1u);
  EXPECT_EQ((*documents)[0].level, workflow::OrgLevel::kUnit);
  SearchQuery query;
  query.visible_orgs = {"U"};
  query.origin_orgs = {"U"};
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

TEST_F(DossierMigrationsTest, TheOrganisationsThatHeldADossierComeFromItsHistory) {
  Migrate("009");
  pqxx::connection connection(url_);
  {
    pqxx::work w(connection);
    InsertOldRow(w, "moved-up", "P", 2, "");
    InsertOldRow(w, "no-history", "C", 1, "");
    // Each history entry names the holder after its command: created and submitted at U, passed on to C, to P.
    int seq = 0;
    for (const char* holder : {"U", "U", "C", "C", "P"}) {
      ++seq;
      w.exec_params("INSERT INTO dossier.event (dossier_id, seq, version, type, actor_id, occurred_at, payload, "
                    "prev_hash, hash) VALUES ('moved-up', $1, $1, 'X', 'a', now(), $2, '', '')",
                    seq, std::string("{\"org_id\":\"") + holder + "\",\"seq\":" + std::to_string(seq) + "}");
    }
    w.commit();
  }
  Migrate();
  pqxx::work w(connection);
  EXPECT_EQ(w.exec1("SELECT held_org_ids::text FROM dossier.dossier WHERE id = 'moved-up'")[0].as<std::string>(),
            "{U,C,P}");
  // Without history: the origin and the holder, which held it for sure.
  EXPECT_EQ(w.exec1("SELECT held_org_ids::text FROM dossier.dossier WHERE id = 'no-history'")[0].as<std::string>(),
            "{U,C}");
}

TEST_F(DossierMigrationsTest, IdNumbersWrittenInClearStopTheServiceUntilSealedOnce) {
  Migrate("010");
  tdkt::v1::Nominee nominee;
  nominee.set_kind(tdkt::v1::NOMINEE_KIND_INDIVIDUAL);
  nominee.set_name("Nguyễn Thị Hoa");
  nominee.set_id_number("001088123456");
  nominee.set_birth_year(1988);
  pqxx::connection connection(url_);
  {
    pqxx::work w(connection);
    InsertOldRow(w, "clear-1", "C", 1, nominee.SerializeAsString(), "{U,C}");
    InsertOldRow(w, "collective", "C", 1, "", "{U,C}");
    w.commit();
  }
  Migrate();
  auto pool = common::PgPool::Connect(url_, 2);
  ASSERT_TRUE(pool.ok()) << pool.status();
  base::FakeClock clock(absl::Now());
  auth::TokenVerifier verifier(auth::PublicKeySet(), clock);
  InMemoryOrgDirectory directory;
  const std::string key = common::PiiCipher::GenerateKeyText();
  auto start = [&] {
    return DossierServer::Create(
        DossierServerConfig{.data_dir = TDKT_SOURCE_DATA_DIR, .pii_key = key},
        DossierServerDeps{.pool = pool->get(), .clock = &clock, .verifier = &verifier, .org_directory = &directory});
  };
  // The service does not serve rows it cannot treat as sealed, and says what to do.
  auto refused = start();
  ASSERT_EQ(refused.status().code(), absl::StatusCode::kFailedPrecondition) << refused.status();
  EXPECT_NE(refused.status().message().find("--seal-id-numbers"), std::string::npos) << refused.status();

  const common::PiiCipher cipher = *common::PiiCipher::FromKeyText(key);
  const DossierStore store(pool->get(), cipher);
  ASSERT_EQ(*store.SealIdNumbers(), 2);
  EXPECT_EQ(*store.SealIdNumbers(), 0);  // once is enough; again does nothing
  EXPECT_EQ(*store.CountUnsealedIdNumbers(), 0);
  {
    pqxx::work w(connection);
    const std::string row = w.exec1("SELECT t::text FROM dossier.dossier t WHERE id = 'clear-1'")[0].as<std::string>();
    EXPECT_EQ(row.find("001088123456"), std::string::npos) << row;
    EXPECT_EQ(row.find("303031303838313233343536"), std::string::npos) << row;  // nor its hex
    EXPECT_TRUE(w.exec1("SELECT nominee_id_number IS NULL FROM dossier.dossier WHERE id = 'collective'")[0].as<bool>());
  }
  auto loaded = store.Load("clear-1");
  ASSERT_TRUE(loaded.ok()) << loaded.status();
  EXPECT_EQ(loaded->row.nominee_id_number, "001088123456");
  tdkt::v1::Nominee rest;
  ASSERT_TRUE(rest.ParseFromString(loaded->row.nominee));
  EXPECT_EQ(rest.birth_year(), 1988);
  EXPECT_TRUE(rest.id_number().empty());
  // Sealed with another key, nothing opens.
  const DossierStore other(pool->get(), cipher_);  // the fixture's own, another key
  EXPECT_EQ(other.Load("clear-1").status().code(), absl::StatusCode::kDataLoss);
  EXPECT_TRUE(start().ok());
}

}  // namespace
}  // namespace tdkt::dossier
