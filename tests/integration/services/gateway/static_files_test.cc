// The console's files: index.html for / and /tra-cuu, the right Content-Type for each file, and nothing
// else — no directory listing, no file outside --web-root however the path is written (dot-dot, percent
// encoding, a symbolic link out of the root), no hidden file.
#include "tests/integration/services/gateway/gateway_world.h"

namespace tdkt::gateway_test {
namespace {

class GatewayStaticFiles : public GatewayWorld {};

TEST_F(GatewayStaticFiles, IndexForTheRootAndThePublicStatusPage) {
  StartGateway();
  const std::string index = ReadFile(web_root_ / "index.html");
  for (const std::string path : {"/", "/tra-cuu"}) {
    const Reply reply = Get(path);
    EXPECT_EQ(reply.status, 200) << path;
    EXPECT_EQ(reply.body, index) << path;
    EXPECT_EQ(reply.Header("Content-Type"), "text/html; charset=utf-8") << path;
    EXPECT_EQ(reply.Header("Content-Security-Policy"), kCsp) << path;
  }
}

TEST_F(GatewayStaticFiles, FilesGetTheirContentType) {
  StartGateway();
  const std::map<std::string, std::string> types = {{"/assets/app.js", "text/javascript; charset=utf-8"},
                                                    {"/assets/app.css", "text/css; charset=utf-8"},
                                                    {"/assets/logo.svg", "image/svg+xml"}};
  for (const auto& [path, type] : types) {
    const Reply reply = Get(path);
    EXPECT_EQ(reply.status, 200) << path;
    EXPECT_EQ(reply.Header("Content-Type"), type) << path;
    EXPECT_EQ(reply.body, ReadFile(web_root_ / path.substr(1))) << path;
  }
  WriteFile(web_root_ / "assets" / "data.bin", std::string(100000, 'z'));  // a larger file, unknown type
  const Reply binary = Get("/assets/data.bin");
  EXPECT_EQ(binary.status, 200);
  EXPECT_EQ(binary.Header("Content-Type"), "application/octet-stream");
  EXPECT_EQ(binary.body.size(), 100000u);
}

TEST_F(GatewayStaticFiles, NoListingNoTraversalNoHiddenFiles) {
  fs::create_symlink(dir_ / "secret.txt", web_root_ / "assets" / "link.txt");
  fs::create_directory_symlink(dir_, web_root_ / "up");
  WriteFile(web_root_ / ".env", "TDKT_PII_KEY=secret\n");
  StartGateway();
  const std::string secret = ReadFile(dir_ / "secret.txt");
  for (const std::string target :
       {"/assets", "/assets/", "/../secret.txt", "/assets/../../secret.txt", "/%2e%2e/secret.txt",
        "/assets/%2e%2e/%2e%2e/secret.txt", "/%2E%2E%2Fsecret.txt", "/assets/..%2f..%2fsecret.txt",
        "/assets/link.txt", "/up/secret.txt", "/.env", "/assets/.%2e/.env", "//etc/passwd", "/assets/app.js%00.html",
        "/assets\\..\\..\\secret.txt", "/index.html/"}) {
    const Reply reply = Raw("GET", target);
    EXPECT_TRUE(reply.status == 404 || reply.status == 400) << target << ": " << reply.status;
    EXPECT_EQ(reply.body.find("outside the web root"), std::string::npos) << target;
    EXPECT_EQ(reply.body.find("TDKT_PII_KEY"), std::string::npos) << target;
    EXPECT_EQ(reply.body.find("app.js\n"), std::string::npos) << target;  // no listing of assets/
  }
  EXPECT_EQ(Raw("GET", "/assets/app.js").status, 200);  // the raw requests do reach the gateway
  EXPECT_FALSE(secret.empty());
}

}  // namespace
}  // namespace tdkt::gateway_test
