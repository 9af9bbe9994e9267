#include "http/static_files.hpp"

#include <fstream>

#include <gtest/gtest.h>

#include "testing_temp_dir.hpp"

namespace cqdt::http {
namespace {

namespace fs = std::filesystem;

void WriteFile(const fs::path& path, const std::string& content) {
  fs::create_directories(path.parent_path());
  std::ofstream(path, std::ios::binary) << content;
}

class StaticFilesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = dir_.path() / "dist";
    WriteFile(root_ / "index.html", "<!doctype html><title>cqdt</title>");
    WriteFile(root_ / "assets" / "app-1a2b.js", "console.log(1)");
    WriteFile(root_ / "assets" / "app-1a2b.js.gz", "gzipped");
    WriteFile(root_ / "assets" / "pdf.worker-3c4d.mjs", "export {}");
    WriteFile(root_ / "assets" / "pdf.worker-3c4d.mjs.gz", "gzipped");
    WriteFile(root_ / "favicon.ico", "ico");
    WriteFile(root_ / ".env", "SECRET=1");
    WriteFile(dir_.path() / "outside.txt", "outside");
    handler_ = StaticFiles(root_);
  }

  Response Get(const std::string& path, const std::string& method = "GET") {
    Request request;
    request.method = method;
    request.path = path;
    request.target = path;
    request.request_id = "test-request-1";
    for (const auto& [name, value] : extra_headers_) {
      request.headers.Add(name, value);
    }
    return handler_(request);
  }

  TempDir dir_;
  fs::path root_;
  Handler handler_;
  std::vector<std::pair<std::string, std::string>> extra_headers_;
};

TEST_F(StaticFilesTest, AssetsAreImmutable) {
  const Response response = Get("/assets/app-1a2b.js");
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(response.file, fs::weakly_canonical(root_ / "assets" / "app-1a2b.js"));
  EXPECT_EQ(response.headers.Get("Content-Type"), "text/javascript; charset=utf-8");
  EXPECT_EQ(response.headers.Get("Cache-Control"), "public, max-age=31536000, immutable");
  EXPECT_EQ(response.headers.Get("Vary"), "Accept-Encoding");
  EXPECT_FALSE(response.headers.Has("Content-Encoding"));
}

TEST_F(StaticFilesTest, ServesPrecompressedVariantWhenAccepted) {
  extra_headers_ = {{"Accept-Encoding", "br, GZIP;q=0.8"}};
  const Response response = Get("/assets/app-1a2b.js");
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(response.file.filename(), "app-1a2b.js.gz");
  EXPECT_EQ(response.headers.Get("Content-Encoding"), "gzip");
  EXPECT_EQ(response.headers.Get("Content-Type"), "text/javascript; charset=utf-8");
  extra_headers_ = {{"Accept-Encoding", "gzip;q=0"}};
  EXPECT_EQ(Get("/assets/app-1a2b.js").file.filename(), "app-1a2b.js");
}

// pdf.js's worker is an ES module file (.mjs): a browser refuses a module script served as
// application/octet-stream (strict MIME checking), so the PDF viewer would not load.
TEST_F(StaticFilesTest, ModuleScriptsAreJavaScript) {
  Response response = Get("/assets/pdf.worker-3c4d.mjs");
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(response.headers.Get("Content-Type"), "text/javascript; charset=utf-8");
  extra_headers_ = {{"Accept-Encoding", "gzip"}};
  response = Get("/assets/pdf.worker-3c4d.mjs");
  EXPECT_EQ(response.file.filename(), "pdf.worker-3c4d.mjs.gz");
  EXPECT_EQ(response.headers.Get("Content-Type"), "text/javascript; charset=utf-8");
}

TEST_F(StaticFilesTest, OtherFilesAreNoCache) {
  const Response response = Get("/favicon.ico");
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(response.headers.Get("Content-Type"), "image/x-icon");
  EXPECT_EQ(response.headers.Get("Cache-Control"), "no-cache");
}

TEST_F(StaticFilesTest, ClientRoutesGetIndexHtml) {
  // A procedure's, an agency's or a dossier's code has a dot: a route, not a file name.
  for (const std::string path :
       {"/", "/admin/users", "/dossiers/123", "/mot-cua/thu-tuc/1.001193",
        "/mot-cua/thu-tuc/DP.000001/quy-trinh", "/xep-hang/000.00.41.H01",
        "/bang-goi-so/000.00.41.H01", "/mot-cua/ho-so/000.00.41.H01-261205-0001"}) {
    const Response response = Get(path);
    EXPECT_EQ(response.status, 200) << path;
    EXPECT_EQ(response.file.filename(), "index.html") << path;
    EXPECT_EQ(response.headers.Get("Cache-Control"), "no-cache") << path;
    EXPECT_EQ(response.headers.Get("Content-Type"), "text/html; charset=utf-8") << path;
  }
}

TEST_F(StaticFilesTest, MissingFileWithExtensionIs404) {
  for (const std::string path :
       {"/assets/missing.js", "/fonts/gone.woff2", "/robots.txt", "/images/LOGO.PNG"}) {
    const Response response = Get(path);
    EXPECT_EQ(response.status, 404) << path;
    EXPECT_EQ(response.headers.Get("Content-Type"), "application/problem+json") << path;
    EXPECT_TRUE(response.file.empty()) << path;
  }
}

TEST_F(StaticFilesTest, ApiPathsAreNeverTheApp) {
  const Response response = Get("/api/v1/unknown");
  EXPECT_EQ(response.status, 404);
  EXPECT_EQ(response.headers.Get("Content-Type"), "application/problem+json");
  EXPECT_TRUE(response.file.empty());
}

TEST_F(StaticFilesTest, OtherMethodsAre405) {
  const Response response = Get("/admin/users", "POST");
  EXPECT_EQ(response.status, 405);
  EXPECT_EQ(response.headers.Get("Allow"), "GET, HEAD");
}

TEST_F(StaticFilesTest, RefusesTraversalAndHiddenFiles) {
  for (const std::string path : {"/../outside.txt", "/assets/../../outside.txt", "/../etc/passwd",
                                 "/.env", "/assets/..", "/a\\..\\outside.txt"}) {
    const Response response = Get(path);
    EXPECT_EQ(response.status, 404) << path;
    EXPECT_TRUE(response.file.empty()) << path;
  }
}

TEST_F(StaticFilesTest, RefusesSymlinkEscape) {
  fs::create_directory_symlink(dir_.path(), root_ / "escape");
  const Response response = Get("/escape/outside.txt");
  EXPECT_EQ(response.status, 404);
  EXPECT_TRUE(response.file.empty());
}

}  // namespace
}  // namespace cqdt::http
