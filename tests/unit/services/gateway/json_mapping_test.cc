// The JSON mapping and the query-string mapping on real API messages.
#include "services/gateway/json_mapping.h"

#include <google/protobuf/message.h>
#include <gtest/gtest.h>

#include "tdkt/v1/dossier.pb.h"
#include "tdkt/v1/notifier.pb.h"

namespace tdkt::gateway {
namespace {

using Params = std::vector<std::pair<std::string, std::string>>;

TEST(JsonMapping, ParsesCamelCaseEnumsAndInt64Strings) {
  auto message = ParseJsonRequest(*v1::SearchDossiersRequest::descriptor(),
                                  R"({"states": ["DOSSIER_STATE_SUBMITTED"], "year": 2026, "nomineeName": "mai"})");
  ASSERT_TRUE(message.ok()) << message.status();
  const auto& search = static_cast<const v1::SearchDossiersRequest&>(**message);
  ASSERT_EQ(search.states_size(), 1);
  EXPECT_EQ(search.states(0), v1::DOSSIER_STATE_SUBMITTED);
  EXPECT_EQ(search.nominee_name(), "mai");
  auto accept = ParseJsonRequest(*v1::AcceptDossierRequest::descriptor(), R"({"expectedVersion": "12"})");
  ASSERT_TRUE(accept.ok());
  EXPECT_EQ(static_cast<const v1::AcceptDossierRequest&>(**accept).expected_version(), 12);
}

TEST(JsonMapping, EmptyBodyIsTheEmptyMessage) {
  for (const char* body : {"", "  \n", "{}"}) {
    auto message = ParseJsonRequest(*v1::ListInboxRequest::descriptor(), body);
    ASSERT_TRUE(message.ok()) << body;
    EXPECT_EQ((*message)->ByteSizeLong(), 0u);
  }
}

TEST(JsonMapping, RefusesUnknownFieldsAndWrongTypes) {
  for (const char* body : {R"({"dossierId": "a", "x": 1})", R"({"dossierId": 5})", R"({"dossierId": "a",)",
                           R"({"expectedVersion": "twelve"})", "[]"}) {
    auto message = ParseJsonRequest(*v1::AcceptDossierRequest::descriptor(), body);
    EXPECT_TRUE(absl::IsInvalidArgument(message.status())) << body;
    EXPECT_NE(message.status().message().find("JSON"), std::string::npos);
  }
}

TEST(JsonMapping, WritesCamelCaseWithoutDefaults) {
  v1::AcceptDossierRequest request;
  request.set_dossier_id("d-1");
  request.set_expected_version(3);
  EXPECT_EQ(ToJson(request), R"({"dossierId":"d-1","expectedVersion":"3"})");
  EXPECT_EQ(ToJson(v1::AcceptDossierRequest()), "{}");
}

TEST(QueryMapping, SetsTopLevelAndNestedFieldsWithAliases) {
  v1::UploadDocumentRequest first;
  const Params params = {{"dossierId", "d-1"},  {"kind", "TO_TRINH"}, {"fileName", "tờ trình.pdf"},
                         {"mediaType", "application/pdf"}, {"requestId", "r-1"}, {"expectedVersion", "4"}};
  ASSERT_TRUE(SetFieldsFromQuery(params, {{"mediaType", "contentType"}}, first).ok());
  EXPECT_EQ(first.request_id(), "r-1");
  EXPECT_EQ(first.expected_version(), 4);
  ASSERT_TRUE(first.has_metadata());
  EXPECT_EQ(first.metadata().dossier_id(), "d-1");
  EXPECT_EQ(first.metadata().file_name(), "tờ trình.pdf");
  EXPECT_EQ(first.metadata().content_type(), "application/pdf");
  // A header fills what the query left out, and never overrides it unless asked to.
  ASSERT_TRUE(SetFieldFromHeader("sizeBytes", "1024", /*replace=*/false, first).ok());
  ASSERT_TRUE(SetFieldFromHeader("contentType", "image/png", /*replace=*/false, first).ok());
  EXPECT_EQ(first.metadata().size_bytes(), 1024);
  EXPECT_EQ(first.metadata().content_type(), "application/pdf");
  v1::WatchNotificationsRequest watch;
  ASSERT_TRUE(SetFieldsFromQuery({{"afterId", "10"}}, {{"afterId", "afterNotificationId"}}, watch).ok());
  ASSERT_TRUE(SetFieldFromHeader("afterNotificationId", "17", /*replace=*/true, watch).ok());
  EXPECT_EQ(watch.after_notification_id(), "17");
}

TEST(QueryMapping, RefusesUnknownMistypedAndUnsettableParameters) {
  const std::vector<Params> bad = {{{"nope", "1"}},
                                   {{"expectedVersion", "4x"}},
                                   {{"expectedVersion", "99999999999999999999"}},
                                   {{"chunk", "abc"}},                 // bytes
                                   {{"metadata", "x"}},                // a message
                                   {{"requestId", "\xff\xfe"}},        // not UTF-8
                                   {{"requestId", "a"}, {"requestId", "b"}}};
  for (const Params& params : bad) {
    v1::UploadDocumentRequest first;
    const absl::Status status = SetFieldsFromQuery(params, {}, first);
    EXPECT_TRUE(absl::IsInvalidArgument(status)) << params.front().first;
  }
  v1::SearchDossiersRequest search;
  EXPECT_TRUE(SetFieldsFromQuery({{"states", "DOSSIER_STATE_DRAFT"}, {"states", "DOSSIER_STATE_SUBMITTED"}}, {}, search)
                  .ok());
  EXPECT_EQ(search.states_size(), 2);
  EXPECT_TRUE(absl::IsInvalidArgument(SetFieldsFromQuery({{"states", "DOSSIER_STATE_NOPE"}}, {}, search)));
}

TEST(QueryMapping, FieldTextReadsNestedFields) {
  v1::GetDocumentContentResponse first;
  first.mutable_document()->set_content_type("application/pdf");
  first.mutable_document()->set_file_name("a.pdf");
  first.mutable_document()->set_level(v1::ORG_LEVEL_COMMUNE);
  EXPECT_EQ(FieldText(first, "document.content_type"), "application/pdf");
  EXPECT_EQ(FieldText(first, "document.level"), "ORG_LEVEL_COMMUNE");
  EXPECT_EQ(FieldText(first, "document.nope"), "");
  EXPECT_EQ(FieldText(v1::GetDocumentContentResponse(), "document.file_name"), "");
}

}  // namespace
}  // namespace tdkt::gateway

namespace tdkt::gateway {
namespace {

TEST(WireMapping, JsonToBinaryAndBackMatchTheMessagePath) {
  const std::string json = R"({"requestId":"r-1","dossierId":"d-1","expectedVersion":"7","noteVi":"Đạt yêu cầu"})";
  auto bytes = JsonToBinary(*v1::AcceptDossierRequest::descriptor(), json);
  ASSERT_TRUE(bytes.ok()) << bytes.status();
  v1::AcceptDossierRequest parsed;
  ASSERT_TRUE(parsed.ParseFromString(*bytes));
  EXPECT_EQ(parsed.expected_version(), 7);
  EXPECT_EQ(parsed.note_vi(), "Đạt yêu cầu");
  auto back = BinaryToJson(*v1::AcceptDossierRequest::descriptor(), *bytes);
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(*back, ToJson(parsed));
  EXPECT_EQ(*back, json);
  EXPECT_TRUE(JsonToBinary(*v1::AcceptDossierRequest::descriptor(), "  ")->empty());
  for (const char* bad : {R"({"dossierId": 5})", R"({"unknown": 1})", "{", "[]"}) {
    EXPECT_TRUE(absl::IsInvalidArgument(JsonToBinary(*v1::AcceptDossierRequest::descriptor(), bad).status())) << bad;
  }
}

}  // namespace
}  // namespace tdkt::gateway
