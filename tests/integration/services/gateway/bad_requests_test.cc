// Requests the gateway must refuse — malformed JSON, a wrong type, an unknown field, a body over the limit, an
// RPC not in the route table, no session — get a 4xx status with a clear JSON error ({code, message}) and
// change nothing in the services (row counts and versions, and what the submitter sees through the dossier
// service, are compared before and after).
#include "tests/integration/services/gateway/gateway_world.h"

namespace tdkt::gateway_test {
namespace {

class GatewayBadRequests : public GatewayWorld {
 protected:
  void SetUp() override {
    GatewayWorld::SetUp();
    if (HasFatalFailure()) return;
    school_ = OrgId("PT-DONGTAN-THDT");
    config_.max_json_bytes = 4096;
    config_.max_upload_bytes = 64 * 1024;
    StartGateway();
    submitter_ = LogIn(kSubmitter);
    const json created = CreateDossier(submitter_, "gw-bad-1", "Hoàng Thị Thanh Tâm");
    ASSERT_TRUE(created.is_object());
    dossier_id_ = created["id"].get<std::string>();
    version_ = created["version"].get<std::string>();
    before_ = DossierState();
    seen_before_ = DossiersSeenBy(kSubmitter);
  }

  // The refusal's status and code, and that nothing changed.
  void ExpectRefused(const Reply& reply, int status, const std::string& code, const std::string& what) {
    EXPECT_EQ(reply.status, status) << what << ": " << reply.body;
    EXPECT_EQ(reply.Header("Content-Type"), "application/json; charset=utf-8") << what;
    const json body = reply.Json();
    ASSERT_TRUE(body.is_object()) << what << ": " << reply.body;
    EXPECT_EQ(body["code"], code) << what;
    ASSERT_TRUE(body["message"].is_string()) << what;
    EXPECT_FALSE(body["message"].get<std::string>().empty()) << what;
    EXPECT_EQ(DossierState(), before_) << what;
  }

  json CreateRequest() const {
    return {{"requestId", "gw-bad-2"},
            {"awardCode", "CSTD_CO_SO"},
            {"year", 2026},
            {"originOrgId", OrgIdOfSchool()},
            {"nominee", {{"kind", "NOMINEE_KIND_INDIVIDUAL"}, {"name", "Vũ Đức Thắng"}}}};
  }
  std::string OrgIdOfSchool() const { return school_; }

  Browser submitter_;
  std::string dossier_id_;
  std::string version_;
  std::string before_;
  int seen_before_ = 0;
  std::string school_;
};

TEST_F(GatewayBadRequests, MalformedJsonIs400) {
  for (const std::string body : {"{", "{\"requestId\": }", "[1, 2]", "nonsense", "{\"requestId\": \"x\"} trailing"}) {
    ExpectRefused(Post("/api/v1/dossier/CreateDossier", body, As(submitter_)), 400, "INVALID_ARGUMENT", body);
  }
}

TEST_F(GatewayBadRequests, WrongTypesAre400) {
  json year_as_object = CreateRequest();
  year_as_object["year"] = {{"value", 2026}};
  json unknown_enum = CreateRequest();
  unknown_enum["nominee"]["kind"] = "NOMINEE_KIND_ROBOT";
  json name_as_number = CreateRequest();
  name_as_number["nominee"]["name"] = 42;
  json year_too_big = CreateRequest();
  year_too_big["year"] = 99999999999;
  for (const json& request : {year_as_object, unknown_enum, name_as_number, year_too_big}) {
    ExpectRefused(Call(submitter_, "dossier/CreateDossier", request), 400, "INVALID_ARGUMENT", request.dump());
  }
  // A query parameter of the wrong type on a streaming route.
  ExpectRefused(Post(absl::StrCat("/api/v1/dossier/UploadDocument?dossierId=", dossier_id_,
                                  "&kind=TO_TRINH&fileName=a.pdf&requestId=gw-bad-up&expectedVersion=ba"),
                     "%PDF-1.4\n", As(submitter_), "application/pdf"),
                400, "INVALID_ARGUMENT", "expectedVersion=ba");
}

TEST_F(GatewayBadRequests, UnknownFieldsAre400) {
  json extra = CreateRequest();
  extra["isAdmin"] = true;
  json nested = CreateRequest();
  nested["nominee"]["salary"] = "1";
  for (const json& request : {extra, nested}) {
    const Reply reply = Call(submitter_, "dossier/CreateDossier", request);
    ExpectRefused(reply, 400, "INVALID_ARGUMENT", request.dump());
  }
  ExpectRefused(Get(absl::StrCat("/api/v1/dossier/GetDocumentContent?dossierId=", dossier_id_, "&documentId=x&a=b"),
                    {{"Cookie", submitter_.cookie}}),
                400, "INVALID_ARGUMENT", "unknown query parameter");
}

TEST_F(GatewayBadRequests, OversizedBodiesAre413) {
  json big = CreateRequest();
  big["nominee"]["positionVi"] = std::string(5000, 'x');
  ExpectRefused(Call(submitter_, "dossier/CreateDossier", big), 413, "RESOURCE_EXHAUSTED", "JSON over 4 KiB");
  std::string content = "%PDF-1.4\n" + std::string(70 * 1024, 'x');
  ExpectRefused(Post(absl::StrCat("/api/v1/dossier/UploadDocument?dossierId=", dossier_id_,
                                  "&kind=TO_TRINH&fileName=a.pdf&requestId=gw-bad-big&expectedVersion=", version_),
                     content, As(submitter_), "application/pdf"),
                413, "RESOURCE_EXHAUSTED", "upload over 64 KiB");
  // Without a Content-Length (chunked), counted as it comes.
  httplib::Client client = Client();
  const std::string path = absl::StrCat("/api/v1/dossier/UploadDocument?dossierId=", dossier_id_,
                                        "&kind=TO_TRINH&fileName=a.pdf&requestId=gw-bad-chunked&sizeBytes=",
                                        content.size(), "&expectedVersion=", version_);
  auto chunked = client.Post(
      path, As(submitter_),
      [&](size_t offset, httplib::DataSink& sink) {
        if (offset >= content.size()) {
          sink.done();
          return true;
        }
        const size_t n = std::min<size_t>(8192, content.size() - offset);
        return sink.write(content.data() + offset, n);
      },
      "application/pdf");
  ExpectRefused(From(chunked), 413, "RESOURCE_EXHAUSTED", "chunked upload over 64 KiB");
  EXPECT_EQ(DossiersSeenBy(kSubmitter), seen_before_);
}

TEST_F(GatewayBadRequests, RoutesOutsideTheTableAre404) {
  for (const std::string route : {"directory/Login", "directory/Refresh", "directory/Logout",
                                  "directory/GetPublicKeys", "directory/ImportDirectoryCsv",
                                  "dossier/EscalateDossier", "dossier/NoSuchMethod", "billing/Pay"}) {
    ExpectRefused(Call(submitter_, route, json::object()), 404, "NOT_FOUND", route);
  }
  // A streaming route with the other method.
  ExpectRefused(Get("/api/v1/dossier/GetDossier", {{"Cookie", submitter_.cookie}}), 404, "NOT_FOUND", "GET unary");
  ExpectRefused(Call(submitter_, "notifier/WatchNotifications", json::object()), 404, "NOT_FOUND", "POST stream");
}

TEST_F(GatewayBadRequests, MissingSessionIs401AndChangesNothing) {
  ExpectRefused(Post("/api/v1/dossier/CreateDossier", CreateRequest().dump(), {{"Origin", origin()}}), 401,
                "UNAUTHENTICATED", "no cookie");
  ExpectRefused(Post(absl::StrCat("/api/v1/dossier/UploadDocument?dossierId=", dossier_id_,
                                  "&kind=TO_TRINH&fileName=a.pdf&requestId=gw-bad-anon&expectedVersion=", version_),
                     "%PDF-1.4\n", {}, "application/pdf"),
                401, "UNAUTHENTICATED", "upload without a session");
  ExpectRefused(Post("/api/v1/dossier/CreateDossier", CreateRequest().dump(), {{"Authorization", "Basic abc"}}), 401,
                "UNAUTHENTICATED", "not a bearer token");
  EXPECT_EQ(DossiersSeenBy(kSubmitter), seen_before_);
}

TEST_F(GatewayBadRequests, ServiceErrorsKeepTheirCodeAndVietnameseMessage) {
  const Reply stale = Call(submitter_, "dossier/SubmitDossier",
                           {{"requestId", "gw-bad-stale"}, {"dossierId", dossier_id_}, {"expectedVersion", "999"}});
  EXPECT_EQ(stale.status, 409) << stale.body;
  EXPECT_EQ(stale.Json()["code"], "ABORTED");
  const Reply missing = Call(submitter_, "dossier/GetDossier", {{"dossierId", "khong-co"}});
  EXPECT_EQ(missing.status, 404);
  EXPECT_EQ(missing.Json()["message"], "Không tìm thấy hồ sơ");
  EXPECT_EQ(DossierState(), before_);
}

}  // namespace
}  // namespace tdkt::gateway_test
